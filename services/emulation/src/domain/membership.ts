import { addMonths } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import type { MemberFact } from './facts';

/** Before the first record of a member: where a member first seen leaving was since "always". */
export const BEFORE_RECORDS = '0000-01-01';

/** How a probation that started in an organisation ended. */
export type ProbationOutcome = 'OFFICIAL' | 'REMOVED' | 'LEFT' | null;

/**
 * One member's part in one organisation's figures, derived from the member's facts alone (so the same
 * facts always give the same contributions, in any order and any number of times). Stored per
 * organisation, keyed by member, as compact JSON.
 */
export interface Contribution {
  /** Placement intervals [from, to): counted here from `from` until the day before `to` (null: open). */
  iv: [CalendarDate, CalendarDate | null][];
  /** Admissions decided in this organisation: decision date, ceremony date. */
  adm: [CalendarDate, CalendarDate | null][];
  /** Probations that started here: the day they ended (ceremony + 12 months), the outcome, its date. */
  pr: [CalendarDate, ProbationOutcome, CalendarDate | null][];
  /** Days the member was expelled (the heaviest discipline) while counted here. */
  exp: CalendarDate[];
  /**
   * Days of any other disciplinary decision while counted here. Present only when there is one, so
   * the contributions of members never disciplined keep the shape they were stored in.
   */
  dis?: CalendarDate[];
}

const empty = (): Contribution => ({ iv: [], adm: [], pr: [], exp: [] });

/** Probation lasts 12 months from the ceremony (DOMAIN.md §4). */
export function probationEnd(ceremony: CalendarDate): CalendarDate {
  return addMonths(ceremony, 12);
}

/**
 * Where a member was counted, and what they contributed to each organisation, from their facts in
 * date order. A member whose first fact is a transfer, a recognition or a departure was a member of
 * that organisation before the records began. A temporary transfer leaves them counted at home.
 */
export function contributionsOf(facts: readonly MemberFact[]): Map<string, Contribution> {
  const out = new Map<string, Contribution>();
  const of = (org: string) => {
    let c = out.get(org);
    if (!c) out.set(org, (c = empty()));
    return c;
  };
  // Where the member is counted while the facts are walked (an object: closures update it).
  const placement: { current: { org: string; from: CalendarDate } | null } = { current: null };
  const open = (org: string, from: CalendarDate) => {
    placement.current = { org, from };
    of(org);
  };
  const close = (to: CalendarDate) => {
    const current = placement.current;
    if (!current) return;
    of(current.org).iv.push([current.from, to]);
    placement.current = null;
  };
  const probations: { org: string; ceremony: CalendarDate; end: CalendarDate }[] = [];
  const outcomes: { kind: 'OFFICIAL' | 'REMOVED' | 'LEFT'; d: CalendarDate }[] = [];
  for (const fact of facts) {
    const at = placement.current;
    switch (fact.k) {
      case 'ADMITTED':
      case 'READMITTED':
        close(fact.d);
        open(fact.org, fact.d);
        of(fact.org).adm.push([fact.d, fact.ceremony]);
        if (fact.ceremony)
          probations.push({ org: fact.org, ceremony: fact.ceremony, end: probationEnd(fact.ceremony) });
        break;
      case 'REGISTERED':
        // Entered from an existing list: placed here from `d`; not an admission of this unit, but a
        // probation still running is recognised (or not) here.
        close(fact.d);
        open(fact.org, fact.d);
        if (fact.probationary && fact.ceremony)
          probations.push({ org: fact.org, ceremony: fact.ceremony, end: probationEnd(fact.ceremony) });
        break;
      case 'RESTORED':
        if (at?.org === fact.org) break;
        close(fact.d);
        open(fact.org, fact.d);
        break;
      case 'DISCIPLINED':
        if (!at) open(fact.org, BEFORE_RECORDS);
        // An expulsion is counted once, by the MemberLeft (EXPELLED) that follows it.
        if (fact.form !== 'EXPULSION') (of(placement.current!.org).dis ??= []).push(fact.d);
        break;
      case 'EXEMPTED':
      case 'EXEMPTION_ENDED':
        // Still counted where they are: an exemption only keeps them from being graded.
        if (!at) open(fact.org, BEFORE_RECORDS);
        break;
      case 'OFFICIAL':
        if (!at) open(fact.org, BEFORE_RECORDS);
        outcomes.push({ kind: 'OFFICIAL', d: fact.d });
        break;
      case 'TRANSFERRED':
        if (fact.kind !== 'PERMANENT') break;
        if (!at) open(fact.from, BEFORE_RECORDS);
        close(fact.d);
        open(fact.to, fact.d);
        break;
      case 'LEFT':
        if (!at) open(fact.org, BEFORE_RECORDS);
        if (fact.reason === 'EXPELLED') of(placement.current!.org).exp.push(fact.d);
        close(fact.d);
        outcomes.push({ kind: fact.reason === 'REMOVED' ? 'REMOVED' : 'LEFT', d: fact.d });
        break;
    }
  }
  const last = placement.current;
  if (last) of(last.org).iv.push([last.from, null]);
  // Each probation ends with the first recognition or departure after its ceremony.
  for (const probation of probations) {
    const outcome = outcomes.find((o) => o.d >= probation.ceremony) ?? null;
    of(probation.org).pr.push([probation.end, outcome?.kind ?? null, outcome?.d ?? null]);
  }
  return out;
}

/** Whether the member was disciplined in `year` while counted in this organisation. */
export function disciplinedIn(contribution: Contribution, year: number): boolean {
  const prefix = `${year}-`;
  return [...contribution.exp, ...(contribution.dis ?? [])].some((day) => day.startsWith(prefix));
}

/** Whether a contribution counts the member on `date`. */
export function countedOn(contribution: Contribution, date: CalendarDate): boolean {
  return contribution.iv.some(([from, to]) => from <= date && (to === null || date < to));
}

/** Where the member is counted on `date` (their home organisation), or null. */
export function placementOn(facts: readonly MemberFact[], date: CalendarDate): string | null {
  for (const [org, contribution] of contributionsOf(facts)) if (countedOn(contribution, date)) return org;
  return null;
}
