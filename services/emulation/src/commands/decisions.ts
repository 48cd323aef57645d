import { createEvent, EVENT_TYPES } from '@dangvien/contracts';
import type { EventEnvelope, ReviewSubjectKind } from '@dangvien/contracts';
import type { Access } from '@dangvien/auth';
import { eventIdentity, Refusal, todayInVietnam } from '@dangvien/domain';
import { checkMayRecordStep } from '../access';
import { classificationRulesFor } from '../domain/classification-rules';
import { checkExcellentCap, countLevels } from '../domain/excellent-cap';
import type { ReviewPeriod } from '../domain/periods';
import type { StepInput, StepRecord } from '../domain/review-steps';
import { checkStepOrder, recordStep } from '../domain/review-steps';
import { RULES } from '../domain/rules';
import type { ReviewDocument, SheetDocument, SheetTuple } from '../model/review-store';
import { decisionInForce, reviewIdOf, tuplesOf } from '../model/review-store';
import type { ReviewCommandDeps } from './review-commands';
import type { ResolvedSubject } from './subjects';
import { resolveSubject } from './subjects';

export interface DecisionRequest {
  periodId: string;
  subjectKind: ReviewSubjectKind;
  decisions: (StepInput & { subjectId: string })[];
}

export interface DecidedReview {
  reviewId: string;
  subjectId: string;
  organisationId: string;
  step: StepRecord;
}

/**
 * The committee's decisions on subjects of one excellent-cap scope (DOMAIN.md §5), checked together:
 * each against the step order and the bands, all of them against the cap on the scope's sheet. The
 * decisions are appended to their reviews first, then the sheet takes them with their events in one
 * write: a revision on a review that the sheet never took is not in force (decisionInForce).
 */
export async function decideClassifications(
  deps: ReviewCommandDeps,
  access: Access,
  period: ReviewPeriod,
  request: DecisionRequest,
): Promise<DecidedReview[]> {
  if (request.decisions.length === 0) {
    throw new Refusal(RULES.decisionsRequired, 'At least one decision is needed', ['decisions']);
  }
  const ids = request.decisions.map((d) => d.subjectId);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) {
    throw new Refusal(RULES.duplicateSubject, `${duplicate} is decided twice in one request`, ['decisions']);
  }
  const stamp = deps.stamp();
  const rules = classificationRulesFor(period.endDate);
  const subjects: ResolvedSubject[] = [];
  for (const [i, decision] of request.decisions.entries()) {
    const subject = await resolveSubject(deps, rules, period, request.subjectKind, decision.subjectId, [
      'decisions',
      String(i),
      'subjectId',
    ]);
    checkMayRecordStep(access, 'DECISION', {
      kind: request.subjectKind,
      memberId: subject.memberId,
      place: subject.place,
    });
    subjects.push(subject);
  }
  const sheetId = subjects[0]!.sheetId;
  if (subjects.some((s) => s.sheetId !== sheetId)) {
    throw new Refusal(
      RULES.decisionsSpanScopes,
      'Decisions taken together must be of one excellent-cap scope (one grassroots organisation, or the units under one committee)',
      ['decisions'],
      rules.legalReference,
    );
  }
  const reviewIds = subjects.map((s) => reviewIdOf(period.id, request.subjectKind, s.subjectId));
  const [reviews, sheets] = await Promise.all([
    deps.store.loadReviews(reviewIds),
    deps.store.loadSheets([sheetId]),
  ]);
  const sheet: SheetDocument | undefined = sheets.get(sheetId);
  const before = tuplesOf(sheet);
  const after: Record<string, SheetTuple> = { ...before };
  const today = todayInVietnam(stamp.time);
  const decided: { review: ReviewDocument; step: StepRecord }[] = [];
  for (const [i, input] of request.decisions.entries()) {
    const reviewId = reviewIds[i]!;
    const subject = subjects[i]!;
    const review = reviews.get(reviewId);
    const inForce = review ? decisionInForce(review, before[reviewId]) : null;
    checkStepOrder(
      'DECISION',
      {
        selfAssessment: review?.selfAssessment ?? null,
        proposal: review?.proposal ?? null,
        decision: inForce,
      },
      input,
    );
    const written = review!.decisions.reduce((max, d) => Math.max(max, d.revision), 0);
    const step = recordStep(rules, period, 'DECISION', request.subjectKind, input, {
      today,
      by: access.identity.subject,
      facts: subject.facts,
      subordinateUnits: subject.subordinateUnits,
      // The next revision follows every one written, taken or not, so revision numbers never repeat.
      previous: inForce ? { ...inForce, revision: Math.max(written, inForce.revision) } : null,
    });
    if (!inForce && written > 0) step.revision = written + 1;
    after[reviewId] = {
      s: subject.subjectId,
      o: subject.organisationId,
      l: step.level,
      x: step.exemplary,
      p: step.score,
      r: step.revision,
    };
    decided.push({ review: review!, step });
  }
  const levels = (tuples: Record<string, SheetTuple>) => countLevels(Object.values(tuples).map((t) => t.l));
  checkExcellentCap(rules, request.subjectKind, levels(before), levels(after), sheetId);

  for (const { review, step } of decided) {
    const result = await deps.store.reviews.updateOne(
      { _id: review._id, version: review.version } as never,
      {
        $push: { decisions: step },
        $set: { version: review.version + 1, updatedAt: stamp.time },
      } as never,
    );
    if (result.matchedCount === 0)
      throw new Error(`review ${review._id} changed while it was being decided; try again`);
  }
  const sequence = (sheet?.sequence as number | undefined) ?? 0;
  const events: EventEnvelope[] = decided.map(({ review, step }, i) =>
    createEvent(
      EVENT_TYPES.ClassificationDecided,
      sheetId,
      sequence + i + 1,
      {
        sheetId,
        reviewId: review._id,
        periodId: period.id,
        periodKind: period.kind,
        year: period.year,
        subjectKind: request.subjectKind,
        memberId: request.subjectKind === 'MEMBER' ? review.subjectId : null,
        organisationId: review.organisationId,
        level: step.level,
        score: step.score,
        exemplary: step.exemplary,
        revision: step.revision,
        decidedOn: step.date,
        decision: step.decision,
        ruleSet: rules.legalReference,
      },
      eventIdentity(stamp),
    ),
  );
  const fields = {
    decisions: JSON.stringify(after),
    sequence: sequence + events.length,
    updatedAt: stamp.time,
  };
  if (!sheet) {
    const first = subjects[0]!;
    await deps.outbox.insert(
      deps.store.sheets,
      {
        _id: sheetId,
        version: 1,
        periodId: period.id,
        periodKind: period.kind,
        year: period.year,
        subjectKind: request.subjectKind,
        scopeId: first.scopeId,
        rootId: first.rootId,
        createdAt: stamp.time,
        ...fields,
      },
      events,
    );
  } else {
    const written = await deps.outbox.update(
      deps.store.sheets,
      { _id: sheetId, version: sheet.version },
      { $set: { ...fields, version: sheet.version + 1 } },
      events,
    );
    if (!written) throw new Error(`sheet ${sheetId} changed while it was being decided; try again`);
  }
  return decided.map(({ review, step }) => ({
    reviewId: review._id,
    subjectId: review.subjectId,
    organisationId: review.organisationId,
    step,
  }));
}
