import type { ReviewPeriodKind } from '@dangvien/contracts';
import { isCalendarDate, Refusal } from '@dangvien/domain';
import type { CalendarDate, Stamp } from '@dangvien/domain';
import { classificationRulesFor } from './classification-rules';
import { RULES } from './rules';

/** A review period: what is reviewed together, and the rules it is reviewed by. */
export interface ReviewPeriod {
  id: string;
  kind: ReviewPeriodKind;
  year: number;
  quarter: number | null;
  startDate: CalendarDate;
  endDate: CalendarDate;
  name: string;
  /** The legal reference of the classification rules in force on `endDate`. */
  ruleSet: string;
  status: 'OPEN' | 'CLOSED';
}

export interface PeriodInput {
  kind: ReviewPeriodKind;
  year?: number | null;
  quarter?: number | null;
  startDate?: CalendarDate | null;
  endDate?: CalendarDate | null;
  name?: string | null;
}

const invalid = (message: string, field: string) => new Refusal(RULES.periodInvalid, message, [field]);

function checkYear(year: number | null | undefined): number {
  if (year == null || !Number.isInteger(year) || year < 1930 || year > 2200) {
    throw invalid(`year must be a year between 1930 and 2200, got ${String(year)}`, 'year');
  }
  return year;
}

/**
 * The period a request opens: the year (id `2025`), a quarter (`2025-Q3`) or an ad hoc period within
 * one calendar year (a new id). Its rules are those in force on its last day; a period no rule set
 * covers is refused (NO_RULE_SET_IN_FORCE) rather than judged by other rules.
 */
export function definePeriod(input: PeriodInput, stamp: Stamp): ReviewPeriod {
  let period: Omit<ReviewPeriod, 'ruleSet' | 'status'>;
  if (input.kind === 'YEAR') {
    const year = checkYear(input.year);
    period = {
      id: String(year),
      kind: 'YEAR',
      year,
      quarter: null,
      startDate: `${year}-01-01`,
      endDate: `${year}-12-31`,
      name: input.name?.trim() || `Năm ${year}`,
    };
  } else if (input.kind === 'QUARTER') {
    const year = checkYear(input.year);
    const quarter = input.quarter;
    if (quarter == null || !Number.isInteger(quarter) || quarter < 1 || quarter > 4) {
      throw invalid(`quarter must be 1 to 4, got ${String(quarter)}`, 'quarter');
    }
    const first = String(quarter * 3 - 2).padStart(2, '0');
    const last = String(quarter * 3).padStart(2, '0');
    const lastDay = new Date(Date.UTC(year, quarter * 3, 0)).getUTCDate();
    period = {
      id: `${year}-Q${quarter}`,
      kind: 'QUARTER',
      year,
      quarter,
      startDate: `${year}-${first}-01`,
      endDate: `${year}-${last}-${lastDay}`,
      name: input.name?.trim() || `Quý ${quarter}/${year}`,
    };
  } else {
    const { startDate, endDate } = input;
    if (!startDate || !isCalendarDate(startDate))
      throw invalid('an ad hoc period needs startDate', 'startDate');
    if (!endDate || !isCalendarDate(endDate)) throw invalid('an ad hoc period needs endDate', 'endDate');
    if (endDate < startDate) throw invalid(`endDate ${endDate} is before startDate ${startDate}`, 'endDate');
    if (endDate.slice(0, 4) !== startDate.slice(0, 4)) {
      throw invalid('an ad hoc period lies within one calendar year', 'endDate');
    }
    const name = input.name?.trim();
    if (!name) throw invalid('an ad hoc period needs a name', 'name');
    period = {
      id: stamp.newId(),
      kind: 'AD_HOC',
      year: Number(endDate.slice(0, 4)),
      quarter: null,
      startDate,
      endDate,
      name,
    };
  }
  const rules = classificationRulesFor(period.endDate);
  return { ...period, ruleSet: rules.legalReference, status: 'OPEN' };
}
