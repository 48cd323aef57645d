import { isCalendarDate } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import data from './official-schedules.json';
import { isWeekend, OCCASION_NAMES, OCCASIONS } from './statutory';
import type { DayOff, Occasion } from './statutory';

/**
 * One year's official holiday schedule, as announced: the days off of the occasions it names
 * (replacing the statute's days for those occasions) and the weekend days made working days (a
 * Saturday swapped for a bridge day).
 */
export interface OfficialSchedule {
  year: number;
  /** Who decided it and how it was published. */
  source: string;
  daysOff: { date: CalendarDate; occasion: Occasion; kind: DayOff['kind']; name?: string }[];
  workingDays: { date: CalendarDate; reason: string }[];
}

/** Checks a schedule once, when it is loaded: a wrong date in holiday data would move every deadline. */
export function checkSchedule(schedule: OfficialSchedule): OfficialSchedule {
  const label = `holiday schedule ${schedule.year}`;
  if (!Number.isInteger(schedule.year)) throw new Error(`${label}: year must be an integer`);
  if (!schedule.source?.trim()) throw new Error(`${label}: source is required`);
  const seen = new Set<string>();
  for (const day of [...schedule.daysOff.map((d) => d.date), ...schedule.workingDays.map((d) => d.date)]) {
    if (!isCalendarDate(day) || !day.startsWith(`${schedule.year}-`)) {
      throw new Error(`${label}: ${day} is not a date of ${schedule.year}`);
    }
    if (seen.has(day)) throw new Error(`${label}: ${day} is listed twice`);
    seen.add(day);
  }
  for (const day of schedule.daysOff) {
    if (!(OCCASIONS as readonly string[]).includes(day.occasion)) {
      throw new Error(`${label}: ${day.date} has an unknown occasion ${day.occasion}`);
    }
    if (day.kind !== 'HOLIDAY' && day.kind !== 'COMPENSATORY') {
      throw new Error(`${label}: ${day.date} has an unknown kind ${String(day.kind)}`);
    }
  }
  for (const day of schedule.workingDays) {
    if (!isWeekend(day.date)) throw new Error(`${label}: working day ${day.date} is not a weekend day`);
  }
  return schedule;
}

/** The schedule's days off, named. */
export function scheduledDaysOff(schedule: OfficialSchedule): DayOff[] {
  return schedule.daysOff.map((day) => ({
    date: day.date,
    occasion: day.occasion,
    kind: day.kind,
    name: day.name ?? `${OCCASION_NAMES[day.occasion]} (${schedule.source})`,
  }));
}

/** The schedules shipped with this package (`official-schedules.json`), checked. */
export const OFFICIAL_SCHEDULES: readonly OfficialSchedule[] = Object.freeze(
  (data.schedules as OfficialSchedule[]).map(checkSchedule),
);
