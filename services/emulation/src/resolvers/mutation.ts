import type { ReviewSubjectKind } from '@dangvien/contracts';
import { Refusal } from '@dangvien/domain';
import { mutationPayload } from '@dangvien/graphql';
import { RULES } from '../domain/rules';
import { provinceOf } from './query';
import type { Context } from '../context';
import type { StepInput } from '../domain/review-steps';
import type { PeriodInput } from '../domain/periods';
import type { InspectionFinding, InspectionKind } from '../domain/inspections';
import { calendarDates, organisationId, subjectId } from './ids';
import { localNodeId, NODE_TYPES } from './node';
import { reviewViews } from './views';

export interface StepArgs extends StepInput {
  periodId: string;
  subjectKind: ReviewSubjectKind;
  subjectId: string;
}

function recordStep(kind: 'SELF_ASSESSMENT' | 'PROPOSAL') {
  return (_: unknown, { input: raw }: { input: StepArgs }, context: Context) =>
    mutationPayload(
      async () => {
        const input = calendarDates(raw);
        const id = subjectId(input.subjectKind, input.subjectId, ['subjectId']);
        const periodId = localNodeId(NODE_TYPES.period, input.periodId);
        const review = await context.reviews.recordStep(context.access, kind, {
          ...input,
          periodId,
          subjectId: id,
        });
        return { review: (await reviewViews(context, [review]))[0] };
      },
      { review: null },
    );
}

export const Mutation = {
  openReviewPeriod: (_: unknown, { input: raw }: { input: PeriodInput }, context: Context) =>
    mutationPayload(
      async () => ({ period: await context.reviews.openPeriod(context.access, calendarDates(raw)) }),
      {
        period: null,
      },
    ),

  recordSelfAssessment: recordStep('SELF_ASSESSMENT'),
  recordProposal: recordStep('PROPOSAL'),

  decideClassifications: (
    _: unknown,
    {
      input: raw,
    }: {
      input: {
        periodId: string;
        subjectKind: ReviewSubjectKind;
        decisions: (StepInput & { subjectId: string })[];
      };
    },
    context: Context,
  ) =>
    mutationPayload(
      async () => {
        const input = calendarDates(raw);
        const decisions = input.decisions.map((d, i) => ({
          ...d,
          subjectId: subjectId(input.subjectKind, d.subjectId, ['decisions', String(i), 'subjectId']),
        }));
        const periodId = localNodeId(NODE_TYPES.period, input.periodId);
        const decided = await context.reviews.decide(context.access, { ...input, periodId, decisions });
        const docs = await context.store.loadReviews(decided.map((d) => d.reviewId));
        // In the order the decisions were given.
        return {
          reviews: await reviewViews(
            context,
            decided.map((d) => docs.get(d.reviewId)!),
          ),
        };
      },
      { reviews: null },
    ),

  planInspection: (
    _: unknown,
    {
      input: raw,
    }: {
      input: {
        organisationId: string;
        kind: InspectionKind;
        plannedOn: string;
        topic: string;
        conductedBy: string;
      };
    },
    context: Context,
  ) =>
    mutationPayload(
      async () => {
        const input = calendarDates(raw);
        const id = organisationId(input.organisationId, ['organisationId']);
        return {
          inspection: await context.inspectionCommands.plan(context.access, {
            ...input,
            organisationId: id,
          }),
        };
      },
      { inspection: null },
    ),

  completeInspection: (
    _: unknown,
    {
      input: raw,
    }: { input: { id: string; completedOn: string; findings: InspectionFinding[]; conclusion: string } },
    context: Context,
  ) =>
    mutationPayload(
      async () => ({
        inspection: await context.inspectionCommands.complete(context.access, {
          ...calendarDates(raw),
          id: localNodeId(NODE_TYPES.inspection, raw.id),
        }),
      }),
      {
        inspection: null,
      },
    ),

  publishEmulationRanking: publish('RANKING'),
  listAwardCandidates: publish('AWARDS'),
};

function publish(kind: 'RANKING' | 'AWARDS') {
  return (_: unknown, { input }: { input: { year: number; provinceId: string } }, context: Context) =>
    mutationPayload(
      async () => {
        const id = organisationId(input.provinceId, ['provinceId']);
        const root = await provinceOf(context, id, ['provinceId']);
        if (root !== id)
          throw new Refusal(RULES.notAProvince, `${input.provinceId} is not the root of its tree`, [
            'provinceId',
          ]);
        const result = await context.yearOf(root, input.year);
        return {
          publication: await context.publications.publish(context.access, kind, root, input.year, result),
        };
      },
      { publication: null },
    );
}
