import { monthsBetween } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';

/**
 * What the recruitment service knows about one Party member, projected from the members service's
 * events: where they were placed and when, since when they are official, whether they left. Dates
 * are calendar days; `until` is exclusive (the day of the next change).
 */
export interface MemberFacts {
  memberId: string;
  placements: Placement[];
  /** The first day as an official member; null while probationary (or not known to be official). */
  officialFrom: CalendarDate | null;
  leftOn: CalendarDate | null;
  /** Days the member was disciplined (an introducer disciplined meanwhile must be replaced). */
  disciplinedOn: CalendarDate[];
}

export interface Placement {
  organisationId: string;
  /** HOME: the cell whose list they are on; TEMPORARY: where they are temporarily active. */
  kind: 'HOME' | 'TEMPORARY';
  from: CalendarDate;
  until: CalendarDate | null;
}

const covers = (p: Placement, date: CalendarDate) => p.from <= date && (p.until === null || date < p.until);

export function isMemberOn(m: MemberFacts, date: CalendarDate): boolean {
  return m.leftOn === null || date < m.leftOn;
}

export function isOfficialOn(m: MemberFacts, date: CalendarDate): boolean {
  return isMemberOn(m, date) && m.officialFrom !== null && m.officialFrom <= date;
}

/** The cell whose list the member is on, on `date`. */
export function homeOn(m: MemberFacts, date: CalendarDate): string | null {
  if (!isMemberOn(m, date)) return null;
  return m.placements.find((p) => p.kind === 'HOME' && covers(p, date))?.organisationId ?? null;
}

/** Where the member is temporarily active on `date` (elsewhere than home), if anywhere. */
export function temporarilyAt(m: MemberFacts, date: CalendarDate): string | null {
  if (!isMemberOn(m, date)) return null;
  return m.placements.find((p) => p.kind === 'TEMPORARY' && covers(p, date))?.organisationId ?? null;
}

/** Whether the member works, studies or lives in `organisationId` on `date` (home or temporarily). */
export function isIn(m: MemberFacts, organisationId: string, date: CalendarDate): boolean {
  return homeOn(m, date) === organisationId || temporarilyAt(m, date) === organisationId;
}

/**
 * Whole months the member has been in `organisationId` without a break up to `date` (0 when not there
 * on `date`); `notBefore` caps the start (the candidate's own arrival in the unit).
 */
export function monthsIn(
  m: MemberFacts,
  organisationId: string,
  date: CalendarDate,
  notBefore: CalendarDate,
): number {
  if (!isIn(m, organisationId, date)) return 0;
  const periods = m.placements
    .filter((p) => p.organisationId === organisationId && p.from <= date)
    .sort((a, b) => b.from.localeCompare(a.from));
  let start = date;
  for (const p of periods) {
    // Periods back to back (or overlapping) make one stay.
    if (p.until !== null && p.until < start) break;
    if (p.from < start) start = p.from;
  }
  return Math.max(0, monthsBetween(start < notBefore ? notBefore : start, date));
}

/** Why an introducer can no longer introduce on `date`: moved out of the unit, left, disciplined. */
export function introducerLapse(
  m: MemberFacts | undefined,
  organisationId: string,
  since: CalendarDate,
  date: CalendarDate,
): 'MOVED' | 'LEFT' | 'DISCIPLINED' | null {
  if (!m) return null;
  if (!isMemberOn(m, date)) return 'LEFT';
  if (m.disciplinedOn.some((d) => d >= since && d <= date)) return 'DISCIPLINED';
  if (!isIn(m, organisationId, date)) return 'MOVED';
  return null;
}

/**
 * The cell's official members on `date` as the 2/3 rule counts them: every official member on its
 * list, present at the meeting or not, less those on temporary transfer elsewhere.
 */
export function cellOfficialMembers(
  members: readonly MemberFacts[],
  cellId: string,
  date: CalendarDate,
): { counted: number; onList: number; temporarilyAway: number } {
  let onList = 0;
  let away = 0;
  for (const m of members) {
    if (homeOn(m, date) !== cellId || !isOfficialOn(m, date)) continue;
    onList += 1;
    const at = temporarilyAt(m, date);
    if (at !== null && at !== cellId) away += 1;
  }
  return { counted: onList - away, onList, temporarilyAway: away };
}
