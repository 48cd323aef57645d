import type { PageArgs } from '@dangvien/graphql';
import type { Context } from '../context';
import type { Candidate as CandidateState } from '../domain/candidate';
import { deadlineStatus } from '../domain/deadlines';
import type { Deadline, DeadlineStatus } from '../domain/deadlines';
import { deadlinesOf } from '../domain/deadlines';
import { probationEnd } from '../domain/procedure';
import { revisionOn } from '../domain/plans';
import type { PlanView } from '../reads';
import { structureOf } from '../domain/structure';
import type { Warning } from '../domain/warnings';
import type { AwarenessClassDocument } from '../model/schemas';
import { dayOrNull } from './convert';
import { globalId, globalIdOrNull, localId, TYPES } from './ids';
import { refusing } from './query';
import { candidateScope, visibleCandidate } from './access';
import { pageOfList, PLAN_ORDER, WARNING_ORDER } from './pages';

const organisationRef = (id: string) => ({ id: globalId(TYPES.organisation, id) });
type PlanRow = PlanView & { asOf: string; views: PlanView[] };

export const Organisation = {
  __resolveReference: (ref: { id: string }) => ref,
  admissionPlan: refusing(
    async (ref: { id: string }, args: { year: number; asOf?: Date | null }, ctx: Context) => {
      const unit = localId(ref.id, TYPES.organisation, ['id']);
      const asOf = dayOrNull(args.asOf) ?? ctx.today;
      const views = await ctx.reads.planViews(unit, args.year, asOf);
      const view = views.find((v) => v.plan.organisationId === unit);
      return view ? { ...view, asOf, views } : null;
    },
  ),
  admissionFunnel: refusing(async (ref: { id: string }, args: { year: number }, ctx: Context) =>
    ctx.reads.funnel(localId(ref.id, TYPES.organisation, ['id']), args.year),
  ),
  recruitmentWarnings: refusing(
    async (ref: { id: string }, args: PageArgs & { asOf?: Date | null }, ctx: Context) =>
      pageOfList(
        await ctx.reads.warnings(
          localId(ref.id, TYPES.organisation, ['id']),
          dayOrNull(args.asOf) ?? ctx.today,
        ),
        args,
        WARNING_ORDER,
      ),
  ),
};

export const Candidate = {
  // Another subgraph's reference to a candidate: answered only within the caller's scope (access.ts).
  __resolveReference: async (ref: { id: string }, ctx: Context) =>
    visibleCandidate(ctx, await ctx.loaders.candidate.load(localId(ref.id, TYPES.candidate, ['id']))),
  id: (c: CandidateState) => globalId(TYPES.candidate, c.id),
  organisation: (c: CandidateState) => organisationRef(c.organisationId),
  localityId: (c: CandidateState) => globalIdOrNull(TYPES.locality, c.localityId),
  helperMemberId: (c: CandidateState) => globalIdOrNull(TYPES.member, c.helperMemberId),
  memberId: (c: CandidateState) => globalIdOrNull(TYPES.member, c.memberId),
  structure: (c: CandidateState) => structureOf(c, c.decision?.date ?? c.listedOn),
  decisionDate: (c: CandidateState) => c.decision?.date ?? null,
  decisionNumber: (c: CandidateState) => c.decision?.number ?? null,
  probationEndsOn: (c: CandidateState, _: unknown, ctx: Context) => probationEnd(c, ctx.rules.admission),
  deadlines: (c: CandidateState, args: { asOf?: Date | null }, ctx: Context) => {
    const asOf = dayOrNull(args.asOf) ?? ctx.today;
    return deadlinesOf(c, ctx.rules.admission, ctx.calendar).map((d) => ({ ...d, asOf }));
  },
  // The person carries the candidate's scope and id: its `@sensitive` fields are checked against
  // them and each read is audited under the candidate (scopeOf.Person in service.ts).
  person: async (c: CandidateState, _: unknown, ctx: Context) => ({
    ...c.person,
    id: c.id,
    scope: await candidateScope(ctx, c),
  }),
};

export const Introducer = {
  memberId: (i: { memberId: string }) => globalId(TYPES.member, i.memberId),
};

export const DeadlineType = {
  status: (d: Deadline & { asOf: string }, _: unknown, ctx: Context): DeadlineStatus =>
    deadlineStatus(d, d.asOf, ctx.rules.warnings.at(d.asOf).deadlineNoticeWorkingDays, ctx.calendar),
  workingDaysLeft: (d: Deadline & { asOf: string }, _: unknown, ctx: Context) =>
    d.asOf <= d.dueOn
      ? ctx.calendar.workingDaysBetween(d.asOf, d.dueOn)
      : -ctx.calendar.workingDaysBetween(d.dueOn, d.asOf),
};

export const AdmissionPlan = {
  id: (row: PlanRow) => globalId(TYPES.plan, row.plan.id),
  organisation: (row: PlanRow) => organisationRef(row.plan.organisationId),
  year: (row: PlanRow) => row.plan.year,
  setBy: (row: PlanRow) => organisationRef(row.plan.setByOrganisationId),
  quota: (row: PlanRow) => revisionOn(row.plan, row.asOf).quota,
  targets: (row: PlanRow) => revisionOn(row.plan, row.asOf).targets,
  revisions: (row: PlanRow) =>
    row.plan.revisions.map((r) => ({
      ...r,
      decisionNumber: r.decision?.number ?? null,
      recordedAt: new Date(r.recordedAt),
    })),
  children: refusing((row: PlanRow, args: PageArgs) =>
    pageOfList(
      row.children.flatMap((child) => {
        const view = row.views.find((v) => v.plan.id === child.id);
        return view ? [{ ...view, asOf: row.asOf, views: row.views }] : [];
      }),
      args,
      PLAN_ORDER,
    ),
  ),
};

export const RecruitmentWarning = {
  organisation: (w: Warning) => organisationRef(w.organisationId),
  subjectId: (w: Warning) =>
    globalId(
      w.subjectKind === 'CANDIDATE'
        ? TYPES.candidate
        : w.subjectKind === 'PLAN'
          ? TYPES.plan
          : TYPES.locality,
      w.subjectId,
    ),
};

export const AwarenessClass = {
  id: (c: AwarenessClassDocument) => globalId(TYPES.awarenessClass, c._id),
  organiserOrganisation: (c: AwarenessClassDocument) => organisationRef(c.organiserId),
  enrolments: (c: AwarenessClassDocument, _: unknown, ctx: Context) =>
    c.enrolments.map((e) => ({ ...e, candidate: () => ctx.loaders.candidate.load(e.candidateId) })),
};

export const CandidateStep = {
  recordedAt: (s: { recordedAt: Date | string }) => new Date(s.recordedAt),
};
