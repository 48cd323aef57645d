import { addMonths, monthsBetween } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import { isCounted } from './member';
import type { MemberFile, StatusEntry } from './member';

/**
 * The periods that count towards Party age: from the admission decision, without the time out of
 * the Party (Party Charter, art. 5: "tuổi đảng tính từ ngày ghi trong quyết định kết nạp, trừ thời
 * gian không tham gia sinh hoạt đảng"). A departure later annulled (restoration) does not interrupt it.
 * Each period is [from, to): `to` null while it lasts.
 */
export function partyAgePeriods(file: MemberFile): { from: CalendarDate; to: CalendarDate | null }[] {
  const entries: StatusEntry[] = [...file.statusHistory].sort((a, b) =>
    a.from < b.from ? -1 : a.from > b.from ? 1 : 0,
  );
  const periods: { from: CalendarDate; to: CalendarDate | null }[] = [];
  let open: CalendarDate | null = null;
  for (const entry of entries) {
    const counting = isCounted(entry.status) || entry.annulled === true;
    if (counting && open === null) open = entry.from;
    if (!counting && open !== null) {
      periods.push({ from: open, to: entry.from });
      open = null;
    }
  }
  if (open !== null) periods.push({ from: open, to: null });
  return periods;
}

/** Whole months of Party age on `asOf`. */
export function partyAgeMonths(file: MemberFile, asOf: CalendarDate): number {
  let months = 0;
  for (const { from, to } of partyAgePeriods(file)) {
    if (from > asOf) break;
    const end = to === null || to > asOf ? asOf : to;
    months += Math.max(0, monthsBetween(from, end));
  }
  return months;
}

export function partyAgeYears(file: MemberFile, asOf: CalendarDate): number {
  return Math.floor(partyAgeMonths(file, asOf) / 12);
}

/**
 * The day the Party age reaches `years`, if the membership goes on uninterrupted from the last
 * period; null when a period that has ended is the last one (the member left).
 */
export function dayPartyAgeReaches(file: MemberFile, years: number): CalendarDate | null {
  let remaining = years * 12;
  for (const { from, to } of partyAgePeriods(file)) {
    const span = to === null ? Number.POSITIVE_INFINITY : monthsBetween(from, to);
    if (span >= remaining) return addMonths(from, remaining);
    remaining -= span;
  }
  return null;
}

/** The badge milestones (years) the file reaches and the days it reaches them, for a member on a list. */
export function badgeMilestones(
  file: MemberFile,
  milestones: readonly number[],
): { years: number; date: CalendarDate }[] {
  if (!isCounted(file.status)) return [];
  return milestones.flatMap((years) => {
    const date = dayPartyAgeReaches(file, years);
    return date ? [{ years, date }] : [];
  });
}

/** Milestones reached by `asOf` that were not awarded. */
export function badgesDue(file: MemberFile, milestones: readonly number[], asOf: CalendarDate): number[] {
  const awarded = new Set(file.badges.map((b) => b.years));
  return badgeMilestones(file, milestones)
    .filter((m) => m.date <= asOf && !awarded.has(m.years))
    .map((m) => m.years);
}
