import type { CandidateSource, StructureCategory } from '@dangvien/contracts';
import { mutationPayload } from '@dangvien/graphql';
import type { Candidate } from '../domain/candidate';
import type { Plan } from '../domain/plans';
import type { Context } from '../context';
import { day, dayOrNull, person } from './convert';
import type { PersonArgs } from './convert';
import { localId, TYPES } from './ids';

export interface StepArgs {
  candidateId: string;
  date: Date;
  actor: string;
  reference?: string | null;
}

const candidateId = (input: { candidateId: string }) =>
  localId(input.candidateId, TYPES.candidate, ['candidateId']);
const memberId = (value: string, field: string[]) => localId(value, TYPES.member, field);
const step = (input: StepArgs) => ({
  date: day(input.date),
  actor: input.actor,
  reference: input.reference ?? null,
});

function candidatePayload(run: () => Promise<Candidate>) {
  return mutationPayload(async () => ({ candidate: await run() }), { candidate: null });
}

type Input<T> = { input: T };

/** A plan as its resolvers read it: with its progress and roll-up as of today. */
async function planRow(ctx: Context, plan: Plan) {
  const views = await ctx.reads.planViews(plan.organisationId, plan.year, ctx.today);
  const view = views.find((v) => v.plan.id === plan.id)!;
  return { ...view, asOf: ctx.today, views };
}

export const Mutation = {
  listCandidate: (
    _: unknown,
    {
      input,
    }: Input<{
      organisationId: string;
      localityId?: string | null;
      sourceCategory: CandidateSource;
      declaredCategories?: StructureCategory[] | null;
      helperMemberId?: string | null;
      listedOn: Date;
      inUnitSince: Date;
      person: PersonArgs;
    }>,
    ctx: Context,
  ) =>
    candidatePayload(() =>
      ctx.commands.candidates.listCandidate({
        organisationId: localId(input.organisationId, TYPES.organisation, ['organisationId']),
        localityId: input.localityId ? localId(input.localityId, TYPES.locality, ['localityId']) : null,
        sourceCategory: input.sourceCategory,
        declaredCategories: input.declaredCategories ?? [],
        helperMemberId: input.helperMemberId ? memberId(input.helperMemberId, ['helperMemberId']) : null,
        listedOn: day(input.listedOn),
        inUnitSince: day(input.inUnitSince),
        person: person(input.person),
      }),
    ),

  recordCertificate: (_: unknown, { input }: Input<StepArgs & { number: string }>, ctx: Context) =>
    candidatePayload(async () =>
      ctx.commands.candidates.recordCertificate(candidateId(input), {
        ...step(input),
        number: input.number,
        classId: null,
      }),
    ),

  recordApplication: (_: unknown, { input }: Input<StepArgs>, ctx: Context) =>
    candidatePayload(async () =>
      ctx.commands.candidates.recordFormStep(candidateId(input), 'APPLIED', step(input)),
    ),

  recordPersonalHistory: (_: unknown, { input }: Input<StepArgs>, ctx: Context) =>
    candidatePayload(async () =>
      ctx.commands.candidates.recordFormStep(candidateId(input), 'HISTORY_DECLARED', step(input)),
    ),

  recordVerification: (_: unknown, { input }: Input<StepArgs>, ctx: Context) =>
    candidatePayload(async () =>
      ctx.commands.candidates.recordFormStep(candidateId(input), 'VERIFIED', step(input)),
    ),

  recordIntroduction: (
    _: unknown,
    {
      input,
    }: Input<
      StepArgs & {
        kind: 'TWO_MEMBERS' | 'YOUTH_UNION_AND_MEMBER';
        memberIds: string[];
        youthUnionResolution?: string | null;
      }
    >,
    ctx: Context,
  ) =>
    candidatePayload(async () =>
      ctx.commands.candidates.recordIntroduction(candidateId(input), {
        ...step(input),
        kind: input.kind,
        memberIds: input.memberIds.map((id, i) => memberId(id, ['memberIds', String(i)])),
        youthUnionResolution: input.youthUnionResolution ?? null,
      }),
    ),

  replaceIntroducer: (
    _: unknown,
    { input }: Input<{ candidateId: string; date: Date; previousMemberId: string; memberId: string }>,
    ctx: Context,
  ) =>
    candidatePayload(async () =>
      ctx.commands.candidates.replaceIntroducer(candidateId(input), {
        date: day(input.date),
        previousMemberId: memberId(input.previousMemberId, ['previousMemberId']),
        memberId: memberId(input.memberId, ['memberId']),
      }),
    ),

  recordCellResolution: (
    _: unknown,
    {
      input,
    }: Input<
      StepArgs & {
        present: number;
        votesFor: number;
        votesAgainst: number;
        provincialConsent?: string | null;
      }
    >,
    ctx: Context,
  ) =>
    candidatePayload(async () =>
      ctx.commands.candidates.recordCellResolution(candidateId(input), {
        ...step(input),
        present: input.present,
        votesFor: input.votesFor,
        votesAgainst: input.votesAgainst,
        provincialConsent: input.provincialConsent ?? null,
      }),
    ),

  recordCommitteeResolution: (
    _: unknown,
    { input }: Input<StepArgs & { members: number; votesFor: number }>,
    ctx: Context,
  ) =>
    candidatePayload(async () =>
      ctx.commands.candidates.recordCommitteeResolution(candidateId(input), {
        ...step(input),
        members: input.members,
        votesFor: input.votesFor,
      }),
    ),

  recordAdmissionDecision: (
    _: unknown,
    { input }: Input<StepArgs & { receivedOn?: Date | null; extension?: string | null }>,
    ctx: Context,
  ) =>
    candidatePayload(async () =>
      ctx.commands.candidates.recordAdmissionDecision(candidateId(input), {
        ...step(input),
        receivedOn: dayOrNull(input.receivedOn),
        extension: input.extension ?? null,
      }),
    ),

  recordCeremony: (
    _: unknown,
    { input }: Input<StepArgs & { upperCommitteeConsent?: string | null }>,
    ctx: Context,
  ) =>
    candidatePayload(async () =>
      ctx.commands.candidates.recordCeremony(candidateId(input), {
        ...step(input),
        upperCommitteeConsent: input.upperCommitteeConsent ?? null,
      }),
    ),

  fileMemberForm: (_: unknown, { input }: Input<{ candidateId: string; date: Date }>, ctx: Context) =>
    candidatePayload(async () =>
      ctx.commands.candidates.recordMemberForm(candidateId(input), day(input.date)),
    ),

  recordRecognitionVote: (
    _: unknown,
    { input }: Input<StepArgs & { present: number; votesFor: number; votesAgainst: number }>,
    ctx: Context,
  ) =>
    candidatePayload(async () =>
      ctx.commands.candidates.recordRecognitionVote(candidateId(input), {
        ...step(input),
        present: input.present,
        votesFor: input.votesFor,
        votesAgainst: input.votesAgainst,
      }),
    ),

  recogniseOfficialMember: (_: unknown, { input }: Input<StepArgs>, ctx: Context) =>
    candidatePayload(async () => ctx.commands.candidates.recordRecognition(candidateId(input), step(input))),

  removeProbationaryMember: (_: unknown, { input }: Input<StepArgs & { reason: string }>, ctx: Context) =>
    candidatePayload(async () =>
      ctx.commands.candidates.recordRemoval(candidateId(input), { ...step(input), reason: input.reason }),
    ),

  withdrawCandidate: (_: unknown, { input }: Input<StepArgs & { reason: string }>, ctx: Context) =>
    candidatePayload(async () =>
      ctx.commands.candidates.recordExit(candidateId(input), 'WITHDRAWN', {
        ...step(input),
        reason: input.reason,
      }),
    ),

  rejectCandidate: (_: unknown, { input }: Input<StepArgs & { reason: string }>, ctx: Context) =>
    candidatePayload(async () =>
      ctx.commands.candidates.recordExit(candidateId(input), 'REJECTED', {
        ...step(input),
        reason: input.reason,
      }),
    ),

  recordListReview: (
    _: unknown,
    { input }: Input<{ candidateId: string; date: Date; note?: string | null }>,
    ctx: Context,
  ) =>
    candidatePayload(async () =>
      ctx.commands.candidates.recordReview(candidateId(input), day(input.date), input.note ?? null),
    ),

  setAdmissionPlan: (
    _: unknown,
    {
      input,
    }: Input<{
      organisationId: string;
      year: number;
      setByOrganisationId: string;
      quota: number;
      targets: { category: StructureCategory; count: number }[];
      effectiveDate: Date;
      decision?: { number: string; date: Date; issuedBy?: string | null } | null;
      reason?: string | null;
    }>,
    ctx: Context,
  ) =>
    mutationPayload(
      async () => ({
        admissionPlan: await planRow(
          ctx,
          await ctx.commands.plans.setAdmissionPlan({
            organisationId: localId(input.organisationId, TYPES.organisation, ['organisationId']),
            year: input.year,
            setByOrganisationId: localId(input.setByOrganisationId, TYPES.organisation, [
              'setByOrganisationId',
            ]),
            quota: input.quota,
            targets: input.targets,
            effectiveDate: day(input.effectiveDate),
            decision: input.decision
              ? {
                  number: input.decision.number.trim(),
                  date: day(input.decision.date),
                  issuedBy: input.decision.issuedBy?.trim() || null,
                }
              : null,
            reason: input.reason ?? null,
          }),
        ),
      }),
      { admissionPlan: null },
    ),

  createAwarenessClass: (
    _: unknown,
    { input }: Input<{ name: string; organiserId: string; organiser: string; startsOn: Date; endsOn: Date }>,
    ctx: Context,
  ) =>
    mutationPayload(
      async () => ({
        awarenessClass: await ctx.commands.classes.createClass({
          name: input.name,
          organiserId: localId(input.organiserId, TYPES.organisation, ['organiserId']),
          organiser: input.organiser,
          startsOn: day(input.startsOn),
          endsOn: day(input.endsOn),
        }),
      }),
      { awarenessClass: null },
    ),

  enrolInAwarenessClass: (
    _: unknown,
    {
      input,
    }: Input<{
      classId: string;
      enrolments: { candidateId: string; sentBy: 'CELL' | 'SCHOOL' | 'YOUTH_UNION' }[];
    }>,
    ctx: Context,
  ) =>
    mutationPayload(
      async () => ({
        awarenessClass: await ctx.commands.classes.enrol(
          localId(input.classId, TYPES.awarenessClass, ['classId']),
          input.enrolments.map((e, i) => ({
            candidateId: localId(e.candidateId, TYPES.candidate, ['enrolments', String(i), 'candidateId']),
            sentBy: e.sentBy,
          })),
        ),
      }),
      { awarenessClass: null },
    ),

  recordAwarenessClassResults: (
    _: unknown,
    {
      input,
    }: Input<{
      classId: string;
      actor: string;
      results: { candidateId: string; passed: boolean; certificateNumber?: string | null }[];
    }>,
    ctx: Context,
  ) =>
    mutationPayload(
      async () => ({
        awarenessClass: await ctx.commands.classes.recordResults(
          localId(input.classId, TYPES.awarenessClass, ['classId']),
          input.results.map((r, i) => ({
            candidateId: localId(r.candidateId, TYPES.candidate, ['results', String(i), 'candidateId']),
            passed: r.passed,
            certificateNumber: r.certificateNumber ?? null,
          })),
          input.actor,
        ),
      }),
      { awarenessClass: null },
    ),
};
