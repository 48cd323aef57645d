import { addDays, isCalendarDate } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import { checkSchedule, OFFICIAL_SCHEDULES, scheduledDaysOff } from './schedules';
import type { OfficialSchedule } from './schedules';
import { isWeekend, statutoryHolidays } from './statutory';
import type { DayOff } from './statutory';

/** Whether a day is worked, and why not. */
export interface DayStatus {
  date: CalendarDate;
  working: boolean;
  /** WEEKEND, HOLIDAY or COMPENSATORY when not worked; SWAPPED_WORKING_DAY for a Saturday made working. */
  reason: 'WORKING_DAY' | 'WEEKEND' | 'HOLIDAY' | 'COMPENSATORY' | 'SWAPPED_WORKING_DAY';
  name: string | null;
}

/**
 * Working days in Vietnam's public sector (Monday to Friday, without public holidays), the days the
 * Party's deadlines ("within 30 working days") are counted in. The year's days off are the statute's
 * (computed for any year), with each occasion an official schedule names replaced by its days.
 */
export interface WorkingCalendar {
  isWorkingDay(date: CalendarDate): boolean;
  status(date: CalendarDate): DayStatus;
  /** Days off of `year` that are not plain weekends: holidays (on any day) and compensatory days. */
  daysOff(year: number): readonly DayOff[];
  /**
   * The `n`-th working day after `from` (n ≥ 1): the last day of "within n working days of `from`".
   * `from` itself never counts. n = 0 gives `from`.
   */
  addWorkingDays(from: CalendarDate, n: number): CalendarDate;
  /** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
  workingDaysBetween(from: CalendarDate, to: CalendarDate): number;
}

/** Enough for any deadline here (the longest is 90 working days); a guard against a loop on bad data. */
const MAX_SPAN_DAYS = 366 * 20;

export function createWorkingCalendar(
  schedules: readonly OfficialSchedule[] = OFFICIAL_SCHEDULES,
): WorkingCalendar {
  const byYear = new Map<number, OfficialSchedule>();
  for (const schedule of schedules.map(checkSchedule)) {
    if (byYear.has(schedule.year)) throw new Error(`two holiday schedules for ${schedule.year}`);
    byYear.set(schedule.year, schedule);
  }
  const years = new Map<number, { off: Map<CalendarDate, DayOff>; working: Map<CalendarDate, string> }>();

  function year(y: number) {
    let entry = years.get(y);
    if (!entry) {
      const schedule = byYear.get(y);
      const replaced = new Set(schedule?.daysOff.map((d) => d.occasion) ?? []);
      const days = [
        ...statutoryHolidays(y).filter((d) => !replaced.has(d.occasion)),
        ...(schedule ? scheduledDaysOff(schedule) : []),
      ];
      entry = {
        off: new Map(days.map((d) => [d.date, d])),
        working: new Map((schedule?.workingDays ?? []).map((d) => [d.date, d.reason])),
      };
      years.set(y, entry);
    }
    return entry;
  }

  function status(date: CalendarDate): DayStatus {
    if (!isCalendarDate(date)) throw new RangeError(`${date} is not a date (YYYY-MM-DD)`);
    const { off, working } = year(Number(date.slice(0, 4)));
    const dayOff = off.get(date);
    if (dayOff) return { date, working: false, reason: dayOff.kind, name: dayOff.name };
    const swapped = working.get(date);
    if (swapped !== undefined) return { date, working: true, reason: 'SWAPPED_WORKING_DAY', name: swapped };
    if (isWeekend(date)) return { date, working: false, reason: 'WEEKEND', name: null };
    return { date, working: true, reason: 'WORKING_DAY', name: null };
  }

  const isWorkingDay = (date: CalendarDate) => status(date).working;

  return {
    isWorkingDay,
    status,
    daysOff: (y) => [...year(y).off.values()].sort((a, b) => a.date.localeCompare(b.date)),
    addWorkingDays(from, n) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number ≥ 0, got ${n}`);
      let date = from;
      for (let left = n, span = 0; left > 0; span += 1) {
        if (span > MAX_SPAN_DAYS) throw new RangeError(`no ${n} working days within 20 years of ${from}`);
        date = addDays(date, 1);
        if (isWorkingDay(date)) left -= 1;
      }
      return date;
    },
    workingDaysBetween(from, to) {
      let count = 0;
      for (let date = addDays(from, 1), span = 0; date <= to; date = addDays(date, 1), span += 1) {
        if (span > MAX_SPAN_DAYS) throw new RangeError(`${from}..${to} spans more than 20 years`);
        if (isWorkingDay(date)) count += 1;
      }
      return count;
    },
  };
}
