import type { ReviewSubjectKind } from '@dangvien/contracts';
import type { Access } from '@dangvien/auth';
import { isDuplicateKey } from '@dangvien/db';
import { Refusal, todayInVietnam } from '@dangvien/domain';
import type { Stamp } from '@dangvien/domain';
import type { Mutex, OutboxWriter } from '@dangvien/kafka';
import { checkMayAdminister, checkMayRecordStep } from '../access';
import { classificationRulesFor } from '../domain/classification-rules';
import type { PeriodInput, ReviewPeriod } from '../domain/periods';
import { definePeriod } from '../domain/periods';
import type { StepInput, StepKind } from '../domain/review-steps';
import { checkStepOrder, recordStep } from '../domain/review-steps';
import { RULES } from '../domain/rules';
import type { MemberStore } from '../model/member-store';
import type { PeriodDocument, ReviewDocument, ReviewStore } from '../model/review-store';
import { decisionInForce, reviewIdOf, reviewSortKey, tuplesOf } from '../model/review-store';
import type { TreeStore } from '../model/tree-store';
import { decideClassifications } from './decisions';
import type { DecisionRequest } from './decisions';
import { resolveSubject } from './subjects';

export interface ReviewCommandDeps {
  store: ReviewStore;
  trees: TreeStore;
  members: MemberStore;
  outbox: OutboxWriter;
  exclusive: Mutex;
  stamp: () => Stamp;
}

export interface StepRequest extends StepInput {
  periodId: string;
  subjectKind: ReviewSubjectKind;
  subjectId: string;
}

export function createReviewCommands(deps: ReviewCommandDeps) {
  const { store, exclusive } = deps;

  async function periodOf(id: string): Promise<PeriodDocument> {
    const period = await store.period(id);
    if (!period) throw new Refusal(RULES.periodNotFound, `There is no review period ${id}`, ['periodId']);
    return period;
  }

  return {
    async openPeriod(access: Access, input: PeriodInput): Promise<ReviewPeriod> {
      checkMayAdminister(access, null);
      const stamp = deps.stamp();
      const period = definePeriod(input, stamp);
      try {
        await exclusive(() =>
          store.periods.insertOne({
            ...period,
            _id: period.id,
            version: 1,
            createdAt: stamp.time,
            updatedAt: stamp.time,
          } as never),
        );
      } catch (error) {
        if (isDuplicateKey(error))
          throw new Refusal(RULES.periodExists, `Review period ${period.id} is already open`, ['year']);
        throw error;
      }
      return period;
    },

    async closePeriod(access: Access, id: string): Promise<ReviewPeriod> {
      checkMayAdminister(access, null);
      return exclusive(async () => {
        const period = await periodOf(id);
        if (period.status === 'CLOSED')
          throw new Refusal(RULES.periodClosed, `Review period ${period.name} is closed already`, ['id']);
        const stamp = deps.stamp();
        await store.periods.updateOne({ _id: id, version: period.version } as never, {
          $set: { status: 'CLOSED', version: period.version + 1, updatedAt: stamp.time },
        });
        return { ...period, status: 'CLOSED' as const };
      });
    },

    /** A self-assessment or a proposal: one subject, no event (nothing is decided yet). */
    async recordStep(
      access: Access,
      kind: Exclude<StepKind, 'DECISION'>,
      request: StepRequest,
    ): Promise<ReviewDocument> {
      return exclusive(async () => {
        const stamp = deps.stamp();
        const period = await periodOf(request.periodId);
        const rules = classificationRulesFor(period.endDate);
        const id = reviewIdOf(period.id, request.subjectKind, request.subjectId);
        const existing = (await store.loadReviews([id])).get(id) ?? null;
        const subject = await resolveSubject(deps, rules, period, request.subjectKind, request.subjectId, [
          'subjectId',
        ]);
        checkMayRecordStep(access, kind, {
          kind: request.subjectKind,
          memberId: subject.memberId,
          place: subject.place,
        });
        const sheet = existing
          ? (await store.loadSheets([existing.sheetId])).get(existing.sheetId)
          : undefined;
        const decision = existing ? decisionInForce(existing, tuplesOf(sheet)[id]) : null;
        checkStepOrder(
          kind,
          {
            selfAssessment: existing?.selfAssessment ?? null,
            proposal: existing?.proposal ?? null,
            decision,
          },
          request,
        );
        const step = recordStep(rules, period, kind, request.subjectKind, request, {
          today: todayInVietnam(stamp.time),
          by: access.identity.subject,
          facts: subject.facts,
          subordinateUnits: subject.subordinateUnits,
          previous: null,
        });
        const field = kind === 'SELF_ASSESSMENT' ? 'selfAssessment' : 'proposal';
        if (!existing) {
          const {
            place: _place,
            memberId: _member,
            facts: _facts,
            subordinateUnits: _units,
            ...fixed
          } = subject;
          const doc: ReviewDocument = {
            _id: id,
            version: 1,
            periodId: period.id,
            year: period.year,
            sortKey: reviewSortKey(period),
            ...fixed,
            selfAssessment: null,
            proposal: null,
            decisions: [],
            [field]: step,
            createdAt: stamp.time,
            updatedAt: stamp.time,
          };
          await store.reviews.insertOne(doc as never);
          return doc;
        }
        const result = await store.reviews.updateOne({ _id: id, version: existing.version } as never, {
          $set: { [field]: step, version: existing.version + 1, updatedAt: stamp.time },
        });
        if (result.matchedCount === 0)
          throw new Error(`review ${id} changed while it was being written; try again`);
        return { ...existing, [field]: step, version: existing.version + 1 };
      });
    },

    /** The committee's decisions on subjects of one cap scope, checked together against the cap. */
    async decide(access: Access, request: DecisionRequest) {
      return exclusive(async () => {
        const period = await periodOf(request.periodId);
        return decideClassifications(deps, access, period, request);
      });
    },
  };
}

export type ReviewCommands = ReturnType<typeof createReviewCommands>;
