import { createEvent, EVENT_TYPES } from '@dangvien/contracts';
import type { CandidateStage, EventEnvelope } from '@dangvien/contracts';
import { addMonths, eventIdentity, isCalendarDate, Refusal } from '@dangvien/domain';
import type { CalendarDate, RuleSetTable, Stamp } from '@dangvien/domain';
import type { WorkingCalendar } from '@dangvien/calendar-vn';
import type { AdmissionRules } from './admission-rules';
import type { Candidate, CellVote, Step } from './candidate';
import { canMove, lastStepDate } from './candidate';
import {
  certificateValidUntil,
  checkAge,
  checkCeremonyDeadline,
  checkCellVote,
  checkCertificate,
  checkCommitteeVote,
  checkDecisionDeadline,
  checkEligibleIntroducer,
  checkIntroducersStillEligible,
  checkIntroduction,
} from './gates';
import type { IntroductionInput, VoteInput } from './gates';
import type { MemberFacts } from './membership';
import { introducerLapse } from './membership';
import { RULES } from './rules';

/** A decided change of one candidate: the new state and its events, written in one go. */
export interface CandidateChange {
  candidate: Candidate;
  expectedVersion: number | null;
  events: EventEnvelope[];
}

/** What every step needs: the rules by date, the calendar, the command's clock and ids, today. */
export interface StepContext {
  rules: RuleSetTable<AdmissionRules>;
  calendar: WorkingCalendar;
  stamp: Stamp;
  today: CalendarDate;
}

export interface StepInput {
  date: CalendarDate;
  actor: string;
  reference?: string | null;
}

/** The checks every step shares: a legal transition, a real date, not before the last step nor after today. */
export function checkStep(
  candidate: Candidate,
  to: CandidateStage,
  input: StepInput,
  ctx: StepContext,
): AdmissionRules {
  if (!isCalendarDate(input.date)) {
    throw new Refusal(RULES.dateFormat, `"${input.date}" is not a date (YYYY-MM-DD)`, ['date']);
  }
  if (!canMove(candidate.stage, to)) {
    throw new Refusal(
      RULES.illegalTransition,
      `A candidate at ${candidate.stage} cannot move to ${to}`,
      null,
    );
  }
  const last = lastStepDate(candidate);
  if (input.date < last) {
    throw new Refusal(RULES.stepBeforePrevious, `${input.date} is before the previous step (${last})`, [
      'date',
    ]);
  }
  if (input.date > ctx.today) {
    throw new Refusal(
      RULES.stepInFuture,
      `${input.date} is after today (${ctx.today}): record a step once taken`,
      ['date'],
    );
  }
  if (!input.actor?.trim()) throw new Refusal(RULES.referenceRequired, 'actor is required', ['actor']);
  return ctx.rules.at(input.date, ['date']);
}

/** Moves the candidate to `to` with the step recorded, and the events that says so. */
export function advance(
  candidate: Candidate,
  to: CandidateStage,
  input: StepInput,
  rules: AdmissionRules,
  ctx: StepContext,
  changes: Partial<Candidate> = {},
  late = false,
  handover: (next: Candidate, sequence: number) => EventEnvelope[] = () => [],
): CandidateChange {
  const step: Step = {
    stage: to,
    date: input.date,
    actor: input.actor.trim(),
    reference: input.reference?.trim() || null,
    late,
    ruleSet: rules.legalReference,
    recordedAt: ctx.stamp.time,
  };
  const next: Candidate = {
    ...candidate,
    ...changes,
    stage: to,
    steps: [...candidate.steps, step],
    version: candidate.version + 1,
  };
  const stageEvent = createEvent(
    EVENT_TYPES.CandidateStageChanged,
    candidate.id,
    next.version,
    {
      candidateId: candidate.id,
      organisationId: candidate.organisationId,
      previousStage: candidate.stage,
      stage: to,
      date: step.date,
      actor: step.actor,
      reference: step.reference,
      late,
      ruleSet: rules.legalReference,
      memberId: next.memberId,
    },
    eventIdentity(ctx.stamp),
  );
  return {
    candidate: next,
    expectedVersion: candidate.version,
    events: [stageEvent, ...handover(next, next.version)],
  };
}

export function decideCertificate(
  candidate: Candidate,
  input: StepInput & { number: string; classId: string | null },
  ctx: StepContext,
): CandidateChange {
  const rules = checkStep(candidate, 'CLASS_CERTIFIED', input, ctx);
  if (!input.number?.trim()) {
    throw new Refusal(
      RULES.referenceRequired,
      'The certificate number is required',
      ['number'],
      rules.references.certificate,
    );
  }
  const certificate = {
    number: input.number.trim(),
    classId: input.classId,
    issuedOn: input.date,
    validUntil: certificateValidUntil(input.date, rules),
  };
  return advance(candidate, 'CLASS_CERTIFIED', { ...input, reference: certificate.number }, rules, ctx, {
    certificate,
  });
}

/** A form step (application, personal history, verification): the certificate must still be valid. */
export function decideFormStep(
  candidate: Candidate,
  to: 'APPLIED' | 'HISTORY_DECLARED' | 'VERIFIED',
  input: StepInput,
  ctx: StepContext,
): CandidateChange {
  const rules = checkStep(candidate, to, input, ctx);
  if (to === 'APPLIED') checkCertificate(candidate.certificate, input.date, rules);
  if (to === 'VERIFIED' && !input.reference?.trim()) {
    throw new Refusal(RULES.referenceRequired, 'The verification conclusion (reference) is required', [
      'reference',
    ]);
  }
  return advance(candidate, to, input, rules, ctx);
}

export function decideIntroduction(
  candidate: Candidate,
  input: StepInput & Omit<IntroductionInput, 'date'>,
  members: ReadonlyMap<string, MemberFacts>,
  ctx: StepContext,
): CandidateChange {
  const rules = checkStep(candidate, 'INTRODUCED', input, ctx);
  checkIntroduction(candidate, { ...input, date: input.date }, members, rules);
  return advance(candidate, 'INTRODUCED', input, rules, ctx, {
    introduction: {
      kind: input.kind,
      youthUnionResolution: input.youthUnionResolution?.trim() || null,
      introducers: input.memberIds.map((memberId) => ({
        memberId,
        since: input.date,
        replacement: false,
        replacedOn: null,
      })),
    },
  });
}

/** Replaces an introducer who moved, left or was disciplined, with another official member of the unit. */
export function decideReplaceIntroducer(
  candidate: Candidate,
  input: { previousMemberId: string; memberId: string; date: CalendarDate },
  members: ReadonlyMap<string, MemberFacts>,
  ctx: StepContext,
): CandidateChange {
  const rules = ctx.rules.at(input.date, ['date']);
  const ref = rules.references.introducers;
  const allowed: CandidateStage[] = [
    'INTRODUCED',
    'VERIFIED',
    'CELL_RESOLVED',
    'GRASSROOTS_RESOLVED',
    'DECIDED',
  ];
  if (!allowed.includes(candidate.stage)) {
    throw new Refusal(
      RULES.illegalTransition,
      `A candidate at ${candidate.stage} has no introducers to replace`,
      null,
      ref,
    );
  }
  if (input.date > ctx.today) throw new Refusal(RULES.stepInFuture, `${input.date} is after today`, ['date']);
  const current = candidate.introduction?.introducers.find(
    (i) => i.memberId === input.previousMemberId && i.replacedOn === null,
  );
  if (!current) {
    throw new Refusal(
      RULES.introducerUnknown,
      `${input.previousMemberId} is not an introducer of this candidate`,
      ['previousMemberId'],
      ref,
    );
  }
  const reason = introducerLapse(
    members.get(current.memberId),
    candidate.organisationId,
    current.since,
    input.date,
  );
  if (!reason) {
    throw new Refusal(
      RULES.introducerStillEligible,
      `Introducer ${current.memberId} is still an official member of the unit on ${input.date}: a replacement is only for one who moved, left or was disciplined`,
      ['previousMemberId'],
      ref,
    );
  }
  if (
    candidate.introduction!.introducers.some((i) => i.memberId === input.memberId && i.replacedOn === null)
  ) {
    throw new Refusal(
      RULES.introducerDuplicate,
      `${input.memberId} already introduces this candidate`,
      ['memberId'],
      ref,
    );
  }
  const member = members.get(input.memberId);
  if (!member)
    throw new Refusal(RULES.memberNotFound, `No Party member ${input.memberId} is known`, ['memberId'], ref);
  checkEligibleIntroducer(candidate, member, input.date, rules, ['memberId'], true);
  const introducers = candidate.introduction!.introducers.map((i) =>
    i === current ? { ...i, replacedOn: input.date } : i,
  );
  introducers.push({ memberId: input.memberId, since: input.date, replacement: true, replacedOn: null });
  const next: Candidate = {
    ...candidate,
    introduction: { ...candidate.introduction!, introducers },
    version: candidate.version + 1,
  };
  const event = createEvent(
    EVENT_TYPES.CandidateIntroducerReplaced,
    candidate.id,
    next.version,
    {
      candidateId: candidate.id,
      organisationId: candidate.organisationId,
      previousMemberId: current.memberId,
      memberId: input.memberId,
      date: input.date,
      reason,
    },
    eventIdentity(ctx.stamp),
  );
  return { candidate: next, expectedVersion: candidate.version, events: [event] };
}

/**
 * The cell's resolution: every gate that holds "at the moment the cell votes" — age in months, the
 * certificate, the introducers, and 2/3 of all the cell's official members from the member register.
 */
export function decideCellResolution(
  candidate: Candidate,
  input: StepInput & VoteInput & { provincialConsent: string | null },
  cellMembers: readonly MemberFacts[],
  ctx: StepContext,
): CandidateChange {
  const rules = checkStep(candidate, 'CELL_RESOLVED', input, ctx);
  checkAge(candidate.person.dateOfBirth, input.date, rules, input.provincialConsent);
  checkCertificate(candidate.certificate, input.date, rules);
  const byId = new Map(cellMembers.map((m) => [m.memberId, m]));
  checkIntroducersStillEligible(candidate, byId, input.date, rules);
  const { officialMembers, temporarilyAway } = checkCellVote(
    input,
    candidate.organisationId,
    cellMembers,
    rules,
  );
  const cellVote: CellVote = {
    date: input.date,
    officialMembers,
    temporarilyAway,
    present: input.present,
    votesFor: input.votesFor,
    votesAgainst: input.votesAgainst,
  };
  return advance(candidate, 'CELL_RESOLVED', input, rules, ctx, {
    cellVote,
    provincialConsent: input.provincialConsent?.trim() || null,
  });
}

export function decideCommitteeResolution(
  candidate: Candidate,
  input: StepInput & { members: number; votesFor: number },
  ctx: StepContext,
): CandidateChange {
  const rules = checkStep(candidate, 'GRASSROOTS_RESOLVED', input, ctx);
  checkCommitteeVote(input, rules);
  return advance(candidate, 'GRASSROOTS_RESOLVED', input, rules, ctx, {
    committeeVote: { date: input.date, members: input.members, votesFor: input.votesFor },
  });
}

/**
 * The competent committee's decision, within the working days of the cell resolution by the rules in
 * force on the day of that resolution. A grassroots cell (chi bộ cơ sở) has no committee step.
 */
export function decideAdmission(
  candidate: Candidate,
  input: StepInput & { receivedOn: CalendarDate | null; extension: string | null },
  cellIsGrassroots: boolean,
  ctx: StepContext,
): CandidateChange {
  const rules = checkStep(candidate, 'DECIDED', input, ctx);
  if (candidate.stage === 'CELL_RESOLVED' && !cellIsGrassroots) {
    throw new Refusal(
      RULES.grassrootsResolutionRequired,
      "The grassroots committee's resolution comes before the decision (only a grassroots cell proposes directly)",
      null,
      rules.references.cellVote,
    );
  }
  if (!input.reference?.trim()) {
    throw new Refusal(
      RULES.referenceRequired,
      'The decision number is required',
      ['reference'],
      rules.references.decision,
    );
  }
  const cellDate = candidate.cellVote!.date;
  const late = checkDecisionDeadline(
    cellDate,
    input.date,
    input.extension,
    ctx.rules.at(cellDate),
    ctx.calendar,
  );
  const receivedOn = input.receivedOn ?? input.date;
  if (!isCalendarDate(receivedOn) || receivedOn < input.date || receivedOn > ctx.today) {
    throw new Refusal(RULES.dateFormat, 'receivedOn must be a date from the decision to today', [
      'receivedOn',
    ]);
  }
  return advance(
    candidate,
    'DECIDED',
    input,
    rules,
    ctx,
    {
      decision: {
        date: input.date,
        number: input.reference.trim(),
        receivedOn,
        extension: input.extension?.trim() || null,
      },
    },
    late,
  );
}

/** The ceremony: the candidate becomes a probationary member, and the members service is told (admissions topic). */
export function decideCeremony(
  candidate: Candidate,
  input: StepInput & { upperCommitteeConsent: string | null },
  ctx: StepContext,
): CandidateChange {
  const rules = checkStep(candidate, 'PROBATIONARY', input, ctx);
  const decision = candidate.decision!;
  const late = checkCeremonyDeadline(
    decision.receivedOn,
    input.date,
    input.upperCommitteeConsent,
    ctx.rules.at(decision.receivedOn),
    ctx.calendar,
  );
  const memberId = ctx.stamp.newId();
  return advance(
    candidate,
    'PROBATIONARY',
    input,
    rules,
    ctx,
    { ceremonyDate: input.date, ceremonyConsent: input.upperCommitteeConsent?.trim() || null, memberId },
    late,
    (next, sequence) => [
      createEvent(
        EVENT_TYPES.CandidateAdmitted,
        next.id,
        sequence,
        {
          candidateId: next.id,
          memberId,
          organisationId: next.organisationId,
          decisionDate: decision.date,
          decisionNumber: decision.number,
          ceremonyDate: input.date,
          introducerMemberIds:
            next.introduction?.introducers.filter((i) => i.replacedOn === null).map((i) => i.memberId) ?? [],
          youthUnionIntroduction: next.introduction?.kind === 'YOUTH_UNION_AND_MEMBER',
          person: next.person,
        },
        eventIdentity(ctx.stamp),
      ),
    ],
  );
}

export function probationEnd(candidate: Candidate, rules: RuleSetTable<AdmissionRules>): CalendarDate | null {
  if (!candidate.ceremonyDate) return null;
  return addMonths(candidate.ceremonyDate, rules.at(candidate.ceremonyDate).probationMonths);
}

/** The cell's vote to recognise the probationary member: after the 12 months, 2/3 of all official members. */
export function decideRecognitionVote(
  candidate: Candidate,
  input: StepInput & VoteInput,
  cellMembers: readonly MemberFacts[],
  ctx: StepContext,
): CandidateChange {
  const rules = checkStep(candidate, 'RECOGNITION_PROPOSED', input, ctx);
  const end = probationEnd(candidate, ctx.rules)!;
  if (input.date < end) {
    throw new Refusal(
      RULES.probationNotOver,
      `The probation ends on ${end}: the cell votes on recognition after it`,
      ['date'],
      rules.references.probation,
    );
  }
  const { officialMembers, temporarilyAway } = checkCellVote(
    input,
    candidate.organisationId,
    cellMembers,
    rules,
  );
  const due = ctx.calendar.addWorkingDays(end, ctx.rules.at(end).recognitionVoteWorkingDays);
  return advance(
    candidate,
    'RECOGNITION_PROPOSED',
    input,
    rules,
    ctx,
    {
      recognitionVote: {
        date: input.date,
        officialMembers,
        temporarilyAway,
        present: input.present,
        votesFor: input.votesFor,
        votesAgainst: input.votesAgainst,
      },
    },
    input.date > due,
  );
}

/** Recognition: official from the end of the probation, even when approved later. */
export function decideRecognition(candidate: Candidate, input: StepInput, ctx: StepContext): CandidateChange {
  const rules = checkStep(candidate, 'OFFICIAL', input, ctx);
  if (!input.reference?.trim()) {
    throw new Refusal(
      RULES.referenceRequired,
      'The recognition decision number is required',
      ['reference'],
      rules.references.probation,
    );
  }
  const officialDate = probationEnd(candidate, ctx.rules)!;
  const vote = candidate.recognitionVote!.date;
  const late =
    input.date > ctx.calendar.addWorkingDays(vote, ctx.rules.at(vote).recognitionDecisionWorkingDays);
  return advance(candidate, 'OFFICIAL', input, rules, ctx, { officialDate }, late, (next, sequence) => [
    createEvent(
      EVENT_TYPES.ProbationRecognised,
      next.id,
      sequence,
      {
        candidateId: next.id,
        memberId: next.memberId!,
        organisationId: next.organisationId,
        officialDate,
        decisionDate: input.date,
        decisionNumber: input.reference!.trim(),
      },
      eventIdentity(ctx.stamp),
    ),
  ]);
}

/** Probation failed: the name is removed from the list. */
export function decideRemoval(
  candidate: Candidate,
  input: StepInput & { reason: string },
  ctx: StepContext,
): CandidateChange {
  const rules = checkStep(candidate, 'REMOVED', input, ctx);
  if (!input.reference?.trim()) {
    throw new Refusal(
      RULES.referenceRequired,
      'The decision number is required',
      ['reference'],
      rules.references.probation,
    );
  }
  if (!input.reason?.trim()) throw new Refusal(RULES.reasonRequired, 'A reason is required', ['reason']);
  return advance(candidate, 'REMOVED', input, rules, ctx, {}, false, (next, sequence) => [
    createEvent(
      EVENT_TYPES.ProbationFailed,
      next.id,
      sequence,
      {
        candidateId: next.id,
        memberId: next.memberId!,
        organisationId: next.organisationId,
        effectiveDate: input.date,
        decisionNumber: input.reference!.trim(),
        reason: input.reason.trim(),
      },
      eventIdentity(ctx.stamp),
    ),
  ]);
}

/** Withdrawn or refused before admission, at any step. */
export function decideExit(
  candidate: Candidate,
  to: 'WITHDRAWN' | 'REJECTED',
  input: StepInput & { reason: string },
  ctx: StepContext,
): CandidateChange {
  const rules = checkStep(candidate, to, input, ctx);
  if (!input.reason?.trim()) throw new Refusal(RULES.reasonRequired, 'A reason is required', ['reason']);
  return advance(candidate, to, { ...input, reference: input.reference ?? input.reason }, rules, ctx);
}
