import type { AwardKind, ClassificationLevel } from '@dangvien/contracts';
import type { AwardRule, AwardRuleSet } from './award-rules';
import type { RecordLookup } from './lineage';
import { lineageAt } from './lineage';
import type { TreeOnDay } from './tree';

/** A decided classification, as awards read it. */
export interface Decided {
  level: ClassificationLevel;
  exemplary: boolean;
  /** For a member: where they were counted at the end of the period; for a unit: itself. */
  organisationId: string;
}

/** Runs of EXCELLENT years ending with a year: a unit's or member's count of years in a row. */
export interface Streaks {
  units: Record<string, number>;
  members: Record<string, number>;
}

export interface AwardCandidate {
  award: AwardKind;
  subjectKind: 'MEMBER' | 'ORGANISATION';
  memberId: string | null;
  organisationId: string;
  grantingOrganisationId: string;
  basisYears: number[];
}

/**
 * The runs of EXCELLENT years ending with `year`, from the year's decisions and the runs of the year
 * before. A unit's run goes on through its lineage: a unit merged or split in the year carries on the
 * runs of the units it was (the shortest of them under ALL, the longest under ANY).
 */
export function streaksFor(
  rules: AwardRuleSet,
  year: number,
  tree: TreeOnDay,
  lookup: RecordLookup,
  decisions: { organisations: ReadonlyMap<string, Decided>; members: ReadonlyMap<string, Decided> },
  previous: Streaks | null,
): Streaks {
  const units: Record<string, number> = {};
  for (const [id, decided] of decisions.organisations) {
    if (decided.level !== 'EXCELLENT' || !tree.get(id)) continue;
    const lineage = lineageAt(lookup, id, year - 1);
    const before = lineage.map((unit) => previous?.units[unit] ?? 0);
    const carried =
      before.length === 0 ? 0 : rules.lineage === 'ALL' ? Math.min(...before) : Math.max(...before);
    units[id] = carried + 1;
  }
  const members: Record<string, number> = {};
  for (const [id, decided] of decisions.members) {
    if (decided.level === 'EXCELLENT') members[id] = (previous?.members[id] ?? 0) + 1;
  }
  return { units, members };
}

function granting(
  rule: AwardRule,
  tree: TreeOnDay,
  rootId: string,
  organisationId: string,
  isUnit: boolean,
): string {
  if (rule.grantedBy === 'PROVINCE') return rootId;
  const from = isUnit ? (tree.get(organisationId)?.parentId ?? organisationId) : organisationId;
  return tree.grassrootsOf(from) ?? rootId;
}

/**
 * The candidates for each award of `year` (DOMAIN.md §5): units of the award's levels existing at the
 * end of the year and members, EXCELLENT for the award's years in a row and, where it asks, exemplary
 * in the year itself.
 */
export function awardCandidates(
  rules: AwardRuleSet,
  year: number,
  rootId: string,
  tree: TreeOnDay,
  decisions: { organisations: ReadonlyMap<string, Decided>; members: ReadonlyMap<string, Decided> },
  streaks: Streaks,
): AwardCandidate[] {
  const out: AwardCandidate[] = [];
  for (const rule of rules.awards) {
    const basisYears = Array.from(
      { length: rule.consecutiveYears },
      (_, i) => year - rule.consecutiveYears + 1 + i,
    );
    const eligible = (decided: Decided | undefined, streak: number | undefined) =>
      !!decided &&
      decided.level === 'EXCELLENT' &&
      (streak ?? 0) >= rule.consecutiveYears &&
      (!rule.requiresExemplary || decided.exemplary);
    for (const [id, decided] of decisions.organisations) {
      const state = tree.get(id);
      if (!state || !rule.organisationLevels.includes(state.level) || !eligible(decided, streaks.units[id]))
        continue;
      out.push({
        award: rule.kind,
        subjectKind: 'ORGANISATION',
        memberId: null,
        organisationId: id,
        grantingOrganisationId: granting(rule, tree, rootId, id, true),
        basisYears,
      });
    }
    if (!rule.members) continue;
    for (const [memberId, decided] of decisions.members) {
      if (!tree.get(decided.organisationId) || !eligible(decided, streaks.members[memberId])) continue;
      out.push({
        award: rule.kind,
        subjectKind: 'MEMBER',
        memberId,
        organisationId: decided.organisationId,
        grantingOrganisationId: granting(rule, tree, rootId, decided.organisationId, false),
        basisYears,
      });
    }
  }
  return out.sort(
    (a, b) =>
      a.award.localeCompare(b.award) ||
      a.organisationId.localeCompare(b.organisationId) ||
      (a.memberId ?? '').localeCompare(b.memberId ?? ''),
  );
}
