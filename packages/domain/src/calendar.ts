/**
 * Calendar dates as `YYYY-MM-DD` strings: they compare correctly as text and carry no time zone.
 * Every "today" is today in Vietnam (UTC+7, no daylight saving time), whatever the server's zone.
 */
export type CalendarDate = string;

export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const vietnamDay = new Intl.DateTimeFormat('en-CA', { timeZone: VIETNAM_TIME_ZONE });

/** A real day written YYYY-MM-DD (2025-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  const match = PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The day `instant` falls on in Vietnam. */
export function vietnamDate(instant: Date): CalendarDate {
  return vietnamDay.format(instant);
}

/** Today in Vietnam: the default `asOf` of queries and `effectiveDate` of commands. */
export function todayInVietnam(now: Date = new Date()): CalendarDate {
  return vietnamDate(now);
}

function utc(date: CalendarDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function format(date: Date): CalendarDate {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = utc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return format(d);
}

/** The day before `date` (for "as of the day before" views). */
export function dayBefore(date: CalendarDate): CalendarDate {
  return addDays(date, -1);
}

/**
 * `months` calendar months after `date`; a day that the target month lacks becomes its last day
 * (31 January + 1 month = 28 or 29 February), as people count months.
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return format(new Date(Date.UTC(year, month, Math.min(d, last))));
}

export function addYears(date: CalendarDate, years: number): CalendarDate {
  return addMonths(date, years * 12);
}

/**
 * Whole months from `from` to `to` (negative when `to` is earlier): the month count an age or a
 * period "in months" means. 2007-05-15 → 2025-05-14 is 215 months; → 2025-05-15 is 216.
 */
export function monthsBetween(from: CalendarDate, to: CalendarDate): number {
  if (to < from) return -monthsBetween(to, from);
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let months = (ty - fy) * 12 + (tm - fm);
  // A month is complete on the same day of the month, or on the last day of a shorter month.
  const lastOfTarget = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  if (td < fd && td < lastOfTarget) months -= 1;
  return months;
}

/** Whole years from `from` to `to` (an age, a Party age). */
export function yearsBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.trunc(monthsBetween(from, to) / 12);
}

/** Days from `from` to `to`, negative when `to` is earlier. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((utc(to).getTime() - utc(from).getTime()) / 86_400_000);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  return utc(date).getUTCDay();
}

export function laterOf(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a > b ? a : b;
}

export function earlierOf(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a < b ? a : b;
}
