import type { ReviewSubjectKind } from '@dangvien/contracts';
import { Refusal } from '@dangvien/domain';
import type { Place } from '../access';
import type { ClassificationRuleSet, Disqualifier } from '../domain/classification-rules';
import { placementOn } from '../domain/membership';
import { exemptedOn, factDisqualifiers } from '../domain/standing';
import type { ReviewPeriod } from '../domain/periods';
import { RULES } from '../domain/rules';
import { TreeOnDay } from '../domain/tree';
import type { MemberStore } from '../model/member-store';
import type { ReviewSubject } from '../model/review-store';
import { sheetIdOf } from '../model/review-store';
import type { TreeStore } from '../model/tree-store';
import { toOrganisationRecord } from '../model/tree-store';

/** A review's subject as the events describe it at the end of the period. */
export interface ResolvedSubject extends ReviewSubject {
  memberId: string | null;
  place: Place;
  /** Disqualifiers the events establish. */
  facts: Disqualifier[];
  /** An organisation's subordinate units at the end of the period. */
  subordinateUnits: number;
}

/** Where an organisation stands on a day: its ancestors, its tree, and its children then. */
export async function placeOf(trees: TreeStore, organisationId: string, date: string) {
  const own = (await trees.load([organisationId])).get(organisationId);
  if (!own) return null;
  const [ancestors, below] = await Promise.all([
    trees.load(own.ancestorIds),
    trees.loadUnder(organisationId),
  ]);
  const records = [...ancestors.values()].map(toOrganisationRecord).concat(below);
  const tree = new TreeOnDay(date, records);
  return { tree, state: tree.get(organisationId) };
}

/**
 * The subject of a review in a period, from the projection: the member's organisation at the end of
 * the period (refused if they were not a member then), or the organisation (refused if it did not
 * exist then or its level is not reviewed), with the scope the excellent cap is counted in.
 */
export async function resolveSubject(
  deps: { trees: TreeStore; members: MemberStore },
  rules: ClassificationRuleSet,
  period: ReviewPeriod,
  subjectKind: ReviewSubjectKind,
  subjectId: string,
  field: string[],
): Promise<ResolvedSubject> {
  const end = period.endDate;
  let organisationId = subjectId;
  let facts: Disqualifier[] = [];
  if (subjectKind === 'MEMBER') {
    const memberFacts = (await deps.members.factsOf([subjectId])).get(subjectId);
    if (!memberFacts || memberFacts.length === 0) {
      throw new Refusal(RULES.memberUnknown, `No member events have been received for ${subjectId}`, field);
    }
    const placed = placementOn(memberFacts, end);
    if (!placed) {
      throw new Refusal(
        RULES.memberNotInPeriod,
        `${subjectId} was not a member of any organisation on ${end}, the end of ${period.name}`,
        field,
        rules.legalReference,
      );
    }
    if (rules.notGraded.includes('EXEMPTED_FROM_ACTIVITIES') && exemptedOn(memberFacts, end)) {
      throw new Refusal(
        RULES.memberExempted,
        `${subjectId} is exempted from Party activities on ${end}, the end of ${period.name}: members exempted are not graded`,
        field,
        rules.legalReference,
      );
    }
    organisationId = placed;
    facts = factDisqualifiers(memberFacts, period.startDate, end);
  }
  const where = await placeOf(deps.trees, organisationId, end);
  if (!where) {
    throw new Refusal(
      RULES.organisationUnknown,
      `No organisation events have been received for ${organisationId}`,
      field,
    );
  }
  const { tree, state } = where;
  if (!state) {
    throw new Refusal(
      RULES.organisationNotActive,
      `${organisationId} did not exist on ${end}, the end of ${period.name}`,
      field,
    );
  }
  if (subjectKind === 'ORGANISATION' && !rules.reviewedLevels.includes(state.level)) {
    throw new Refusal(
      RULES.organisationNotReviewed,
      `${state.code} is a ${state.level}: ${rules.legalReference} reviews ${rules.reviewedLevels.join(', ')}`,
      field,
      rules.legalReference,
    );
  }
  const ancestors = tree.ancestorsOf(organisationId);
  const rootId = ancestors.at(-1) ?? organisationId;
  const cap = rules.excellentCap[subjectKind];
  // A member's cap scope starts at their organisation, a unit's at its parent: the committee deciding.
  const from = subjectKind === 'MEMBER' ? organisationId : (state.parentId ?? organisationId);
  const scopeId =
    cap.scope === 'PROVINCE' ? rootId : cap.scope === 'PARENT' ? from : (tree.grassrootsOf(from) ?? from);
  return {
    subjectKind,
    subjectId,
    memberId: subjectKind === 'MEMBER' ? subjectId : null,
    organisationId,
    scopeId,
    sheetId: sheetIdOf(period.id, subjectKind, scopeId),
    rootId,
    place: { organisationId, ancestors },
    facts,
    subordinateUnits: subjectKind === 'ORGANISATION' ? tree.childrenOf(organisationId).length : 0,
  };
}
