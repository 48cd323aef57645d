import type { CalendarDate } from './calendar';
import { isCalendarDate } from './calendar';
import { Refusal } from './refusal';

/**
 * A set of rules in force over a period, as data: every number a regulation puts on a decision
 * lives in one of these, so that a new regulation is a new entry, never a code change, and a case is
 * judged by the rules in force on its own date.
 */
export interface DatedRuleSet {
  /** First day in force. */
  effectiveFrom: CalendarDate;
  /** Last day in force, when a regulation ended without a successor in the table; otherwise the next entry's `effectiveFrom` ends it. */
  effectiveUntil?: CalendarDate | null;
  /** The regulation the rules come from, as people cite it (`QĐ 294-QĐ/TW of 26 May 2025`). */
  legalReference: string;
}

export const NO_RULE_SET_IN_FORCE = 'NO_RULE_SET_IN_FORCE';

/** A table of rule sets, checked once: dated correctly, in order, without overlaps. */
export interface RuleSetTable<T extends DatedRuleSet> {
  /** What the rules are about, for messages (`structure rules`). */
  readonly name: string;
  readonly entries: readonly T[];
  /**
   * The entry in force on `date`. A date before the first entry, or after an entry that ended
   * without a successor, is refused with NO_RULE_SET_IN_FORCE: never a silent fallback to another
   * entry's numbers.
   */
  at(date: CalendarDate, field?: readonly string[] | null): T;
}

export function defineRuleSets<T extends DatedRuleSet>(name: string, entries: readonly T[]): RuleSetTable<T> {
  if (entries.length === 0) throw new Error(`${name}: a rule set table needs at least one entry`);
  entries.forEach((entry, i) => {
    const label = `${name}[${i}] (${entry.legalReference})`;
    if (!entry.legalReference.trim()) throw new Error(`${name}[${i}]: legalReference is required`);
    if (!isCalendarDate(entry.effectiveFrom)) throw new Error(`${label}: effectiveFrom is not a date`);
    const until = entry.effectiveUntil ?? null;
    if (until !== null && (!isCalendarDate(until) || until < entry.effectiveFrom)) {
      throw new Error(`${label}: effectiveUntil must be a date on or after effectiveFrom`);
    }
    const next = entries[i + 1];
    if (next && next.effectiveFrom <= entry.effectiveFrom) {
      throw new Error(`${label}: entries must be in order of effectiveFrom, without two on one day`);
    }
    if (next && until !== null && until >= next.effectiveFrom) {
      throw new Error(`${label}: ends on ${until}, after the next entry starts (${next.effectiveFrom})`);
    }
  });
  const frozen = Object.freeze([...entries]);
  return {
    name,
    entries: frozen,
    at(date, field = null) {
      if (!isCalendarDate(date)) {
        throw new Refusal('DATE_FORMAT', `${name}: "${date}" is not a date (YYYY-MM-DD)`, field);
      }
      let found: T | undefined;
      for (const entry of frozen) {
        if (entry.effectiveFrom > date) break;
        found = entry;
      }
      const until = found?.effectiveUntil ?? null;
      if (!found || (until !== null && date > until)) {
        const first = frozen[0]!;
        throw new Refusal(
          NO_RULE_SET_IN_FORCE,
          found
            ? `No ${name} are in force on ${date}: ${found.legalReference} ended on ${until} and nothing replaced it`
            : `No ${name} are in force on ${date}: the first (${first.legalReference}) take effect on ${first.effectiveFrom}`,
          field,
        );
      }
      return found;
    },
  };
}
