import { toGlobalId } from '@dangvien/graphql';
import type { CalendarDate } from '@dangvien/domain';
import { countedOn } from './domain/membership';
import { exemptedOn } from './domain/standing';
import type { TreeOnDay } from './domain/tree';
import type { MemberStore } from './model/member-store';

/** Scores of a member rated EXCELLENT (every task on time, 30% exceeded) and of one rated GOOD. */
export const EXCELLENT = {
  scores: { commonCriteria: 29, taskResults: 64 },
  tasks: { total: 10, completed: 10, onTime: 10, exceeded: 3 },
};
export const GOOD = {
  scores: { commonCriteria: 26, taskResults: 54 },
  tasks: { total: 8, completed: 8, onTime: 8, exceeded: 1 },
};

export interface MemberReviews {
  /** The excellent-cap scope (the grassroots organisation) the decisions are taken together in. */
  scopeId: string;
  decisions: { subjectId: string; exemplary?: boolean; scores: object; tasks: object }[];
}

/**
 * Last year's reviews of the demo members, as a committee would decide them: every member counted in
 * a unit of the province at the year's end and not exempted from activities, GOOD, and one in six of
 * each grassroots organisation EXCELLENT and exemplary (the cap allows one excellent per five good),
 * so the certificate-of-merit query has candidates.
 */
export async function memberReviews(
  members: MemberStore,
  tree: TreeOnDay,
  unitIds: readonly string[],
  end: CalendarDate,
): Promise<MemberReviews[]> {
  const contributions = await members.contributionsOf(unitIds);
  const placed = new Map<string, string>();
  for (const [orgId, byMember] of contributions) {
    if (!tree.get(orgId)) continue;
    for (const [memberId, contribution] of byMember)
      if (countedOn(contribution, end)) placed.set(memberId, orgId);
  }
  const facts = await members.factsOf([...placed.keys()]);
  const byScope = new Map<string, string[]>();
  for (const [memberId, orgId] of [...placed].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (exemptedOn(facts.get(memberId) ?? [], end)) continue;
    const scopeId = tree.grassrootsOf(orgId) ?? orgId;
    byScope.set(scopeId, [...(byScope.get(scopeId) ?? []), memberId]);
  }
  return [...byScope].map(([scopeId, ids]) => ({
    scopeId,
    decisions: ids.map((id, i) => ({
      subjectId: toGlobalId('Member', id),
      ...(i % 6 === 5 ? { ...EXCELLENT, exemplary: true } : GOOD),
    })),
  }));
}

/** Whether the members projection stopped growing: the same count as on the poll before. */
export async function memberCount(members: MemberStore, unitIds: readonly string[]): Promise<number> {
  let count = 0;
  for (const byMember of (await members.contributionsOf(unitIds)).values()) count += byMember.size;
  return count;
}
