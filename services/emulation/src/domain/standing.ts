import type { CalendarDate } from '@dangvien/domain';
import type { Disqualifier } from './classification-rules';
import type { MemberFact } from './facts';

/**
 * What a member's facts say about their review (DOMAIN.md §5): whether they are exempted from
 * activities on a day (not graded at all), and the disqualifiers the members service's events
 * establish for a period (a disciplinary decision in it forces the lowest level).
 */
export function exemptedOn(facts: readonly MemberFact[], date: CalendarDate): boolean {
  let exemption: { from: CalendarDate; until: CalendarDate | null } | null = null;
  // Facts are in date order: the last exemption started on or before `date` is the one in force,
  // unless it was ended (or its member left) before `date`.
  for (const fact of facts) {
    if (fact.d > date) break;
    if (fact.k === 'EXEMPTED') exemption = { from: fact.d, until: fact.until };
    else if (fact.k === 'EXEMPTION_ENDED' || fact.k === 'LEFT') exemption = null;
  }
  return exemption !== null && (exemption.until === null || date <= exemption.until);
}

/** The disqualifiers established by the member's facts between `from` and `to` (both included). */
export function factDisqualifiers(
  facts: readonly MemberFact[],
  from: CalendarDate,
  to: CalendarDate,
): Disqualifier[] {
  const disciplined = facts.some(
    (fact) =>
      fact.d >= from &&
      fact.d <= to &&
      (fact.k === 'DISCIPLINED' || (fact.k === 'LEFT' && fact.reason === 'EXPELLED')),
  );
  return disciplined ? ['DISCIPLINED_IN_YEAR'] : [];
}
