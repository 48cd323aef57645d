import { addDays, dayOfWeek, defineRuleSets } from '@dangvien/domain';
import type { CalendarDate, DatedRuleSet, RuleSetTable } from '@dangvien/domain';
import { lunarNewYear, lunarToSolar } from './lunar';

/** The public holidays (ngày nghỉ lễ, tết) the Labour Code names; an official schedule replaces their days. */
export const OCCASIONS = [
  'NEW_YEAR',
  'TET',
  'HUNG_KINGS',
  'REUNIFICATION',
  'LABOUR_DAY',
  'NATIONAL_DAY',
  /** A day off that no statute names: declared by an official schedule only (an anniversary, a new holiday). */
  'OTHER',
] as const;
export type Occasion = (typeof OCCASIONS)[number];

export const OCCASION_NAMES: Record<Occasion, string> = {
  NEW_YEAR: 'Tết Dương lịch (New Year)',
  TET: 'Tết Âm lịch (Lunar New Year)',
  HUNG_KINGS: 'Giỗ Tổ Hùng Vương (Hùng Kings’ Commemoration, 10/3 lunar)',
  REUNIFICATION: 'Ngày Chiến thắng (Reunification Day, 30/4)',
  LABOUR_DAY: 'Ngày Quốc tế lao động (International Labour Day, 1/5)',
  NATIONAL_DAY: 'Quốc khánh (National Day, 2/9)',
  OTHER: 'Ngày nghỉ theo quyết định (day off by decision)',
};

/** A day that is not a working day although it falls Monday to Friday, or a holiday on a weekend. */
export interface DayOff {
  date: CalendarDate;
  occasion: Occasion;
  /** HOLIDAY: the holiday itself; COMPENSATORY: a working day given off because a holiday fell on a weekend (nghỉ bù) or swapped for a working Saturday (hoán đổi). */
  kind: 'HOLIDAY' | 'COMPENSATORY';
  name: string;
}

/** How many days each occasion lasts under the labour code in force (art. 112 of the 2019 code). */
export interface HolidayStatute extends DatedRuleSet {
  tetDays: number;
  nationalDayDays: number;
}

export const HOLIDAY_STATUTES: RuleSetTable<HolidayStatute> = defineRuleSets('holiday statutes', [
  {
    effectiveFrom: '2013-05-01',
    legalReference: 'Bộ luật Lao động 10/2012/QH13, art. 115 (holidays) and 110 (compensatory days)',
    tetDays: 5,
    nationalDayDays: 1,
  },
  {
    effectiveFrom: '2021-01-01',
    legalReference: 'Bộ luật Lao động 45/2019/QH14, art. 112 (holidays) and 111(3) (compensatory days)',
    tetDays: 5,
    nationalDayDays: 2,
  },
]);

export function isWeekend(date: CalendarDate): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

function days(occasion: Occasion, dates: CalendarDate[]): DayOff[] {
  return dates.map((date) => ({ date, occasion, kind: 'HOLIDAY', name: OCCASION_NAMES[occasion] }));
}

/**
 * The holidays of `year` as the statute sets them, before any official schedule: the solar ones on
 * their dates, Tết as the last day of the old lunar year and the first four of the new one (the
 * Prime Minister fixes the actual five days every year), National Day as 2/9 and the day before it
 * (the day after when 2/9 is a Monday, as in 2024), and a compensatory day on the next working day
 * for every holiday that falls on a Saturday or Sunday.
 */
export function statutoryHolidays(year: number): DayOff[] {
  const statute = HOLIDAY_STATUTES.at(`${year}-01-01`);
  const tetStart = addDays(lunarNewYear(year), -1);
  const tet = Array.from({ length: statute.tetDays }, (_, i) => addDays(tetStart, i));
  const nationalDay = `${year}-09-02`;
  const national =
    statute.nationalDayDays === 1
      ? [nationalDay]
      : dayOfWeek(nationalDay) === 1
        ? [nationalDay, addDays(nationalDay, 1)]
        : [addDays(nationalDay, -1), nationalDay];
  return withCompensatoryDays([
    ...days('NEW_YEAR', [`${year}-01-01`]),
    ...days('TET', tet),
    ...days('HUNG_KINGS', [lunarToSolar(10, 3, year)]),
    ...days('REUNIFICATION', [`${year}-04-30`]),
    ...days('LABOUR_DAY', [`${year}-05-01`]),
    ...days('NATIONAL_DAY', national),
  ]);
}

/** Adds, for each holiday on a weekend, a day off on the next day that is neither weekend nor holiday. */
export function withCompensatoryDays(holidays: DayOff[]): DayOff[] {
  const sorted = [...holidays].sort((a, b) => a.date.localeCompare(b.date));
  const taken = new Set(sorted.map((d) => d.date));
  const result = [...sorted];
  for (const holiday of sorted) {
    if (!isWeekend(holiday.date)) continue;
    let date = addDays(holiday.date, 1);
    while (isWeekend(date) || taken.has(date)) date = addDays(date, 1);
    taken.add(date);
    result.push({
      date,
      occasion: holiday.occasion,
      kind: 'COMPENSATORY',
      name: `Nghỉ bù (compensatory day) for ${holiday.name} on ${holiday.date}`,
    });
  }
  return result.sort((a, b) => a.date.localeCompare(b.date));
}
