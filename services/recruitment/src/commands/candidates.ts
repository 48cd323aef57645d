import { createEvent, EVENT_TYPES } from '@dangvien/contracts';
import type { AdmittedPersonV1, CandidateSource, StructureCategory } from '@dangvien/contracts';
import { eventIdentity, isCalendarDate, Refusal } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import type { Candidate } from '../domain/candidate';
import { isOfficialOn, homeOn } from '../domain/membership';
import type { IntroductionInput, VoteInput } from '../domain/gates';
import {
  decideAdmission,
  decideCellResolution,
  decideCeremony,
  decideCertificate,
  decideCommitteeResolution,
  decideExit,
  decideFormStep,
  decideIntroduction,
  decideRecognition,
  decideRecognitionVote,
  decideRemoval,
  decideReplaceIntroducer,
} from '../domain/procedure';
import type { CandidateChange, StepContext, StepInput } from '../domain/procedure';
import { RULES } from '../domain/rules';
import { checkPerson } from './person';
import type { WriteSide } from './write-side';

export interface ListCandidateInput {
  organisationId: string;
  localityId: string | null;
  sourceCategory: CandidateSource;
  declaredCategories: StructureCategory[];
  helperMemberId: string | null;
  listedOn: CalendarDate;
  inUnitSince: CalendarDate;
  person: AdmittedPersonV1;
}

const CELL_LEVELS = ['CELL', 'GRASSROOTS_CELL'];

/**
 * The candidate commands. Each: under the write mutex, read the candidate and what its gates need
 * (member facts, the cell), let the domain decide by the rules in force on the step's day, store
 * state and events in one write. A refusal is thrown before anything is written.
 */
export function createCandidateCommands(side: WriteSide) {
  const { repository } = side;

  async function step(
    candidateId: string,
    decide: (c: Candidate, ctx: StepContext) => Promise<CandidateChange> | CandidateChange,
  ) {
    return side.command(async (ctx) => {
      const candidate = await side.candidate(candidateId);
      const change = await decide(candidate, ctx);
      await repository.updateCandidate(change, ctx.stamp.time);
      return change.candidate;
    });
  }

  return {
    listCandidate(input: ListCandidateInput) {
      return side.command(async (ctx) => {
        const cell = await side.organisation(input.organisationId, ['organisationId']);
        if (!CELL_LEVELS.includes(cell.level)) {
          throw new Refusal(
            RULES.notACell,
            `${cell.name} is a ${cell.level}: candidates are listed by a cell`,
            ['organisationId'],
          );
        }
        for (const [field, value] of [
          ['listedOn', input.listedOn],
          ['inUnitSince', input.inUnitSince],
        ] as const) {
          if (!isCalendarDate(value))
            throw new Refusal(RULES.dateFormat, `"${value}" is not a date`, [field]);
          if (value > ctx.today) throw new Refusal(RULES.stepInFuture, `${value} is after today`, [field]);
        }
        const person = checkPerson(input.person);
        if (input.localityId) {
          const locality = await repository.locality(input.localityId);
          if (!locality || locality.dissolved) {
            throw new Refusal(RULES.localityNotFound, 'No active locality has the id given', ['localityId']);
          }
          if (!cell.ancestorIds.includes(locality.communeId)) {
            throw new Refusal(RULES.localityOutsideCommune, `${locality.name} is not in the cell's commune`, [
              'localityId',
            ]);
          }
        }
        if (input.helperMemberId) {
          const helper = (await repository.members([input.helperMemberId])).get(input.helperMemberId);
          if (
            !helper ||
            !isOfficialOn(helper, input.listedOn) ||
            homeOn(helper, input.listedOn) !== cell._id
          ) {
            throw new Refusal(
              RULES.helperNotOfficial,
              `The helper must be an official member of the cell on ${input.listedOn}`,
              ['helperMemberId'],
            );
          }
        }
        const candidate: Candidate = {
          id: ctx.stamp.newId(),
          version: 1,
          organisationId: cell._id,
          localityId: input.localityId,
          sourceCategory: input.sourceCategory,
          declaredCategories: [...new Set(input.declaredCategories)],
          helperMemberId: input.helperMemberId,
          listedOn: input.listedOn,
          inUnitSince: input.inUnitSince,
          person,
          stage: 'LISTED',
          steps: [],
          certificate: null,
          introduction: null,
          cellVote: null,
          committeeVote: null,
          decision: null,
          provincialConsent: null,
          ceremonyDate: null,
          ceremonyConsent: null,
          memberId: null,
          memberFormFiledOn: null,
          recognitionVote: null,
          officialDate: null,
          reviews: [],
        };
        const event = createEvent(
          EVENT_TYPES.CandidateListed,
          candidate.id,
          1,
          {
            candidateId: candidate.id,
            organisationId: candidate.organisationId,
            localityId: candidate.localityId,
            sourceCategory: candidate.sourceCategory,
            listedOn: candidate.listedOn,
            helperMemberId: candidate.helperMemberId,
          },
          eventIdentity(ctx.stamp),
        );
        await repository.insertCandidate(
          { candidate, expectedVersion: null, events: [event] },
          cell.ancestorIds,
          ctx.stamp.time,
        );
        return candidate;
      });
    },

    recordCertificate: (id: string, input: StepInput & { number: string; classId: string | null }) =>
      step(id, (c, ctx) => decideCertificate(c, input, ctx)),

    recordFormStep: (id: string, to: 'APPLIED' | 'HISTORY_DECLARED' | 'VERIFIED', input: StepInput) =>
      step(id, (c, ctx) => decideFormStep(c, to, input, ctx)),

    recordIntroduction: (id: string, input: StepInput & Omit<IntroductionInput, 'date'>) =>
      step(id, async (c, ctx) =>
        decideIntroduction(c, input, await repository.members(input.memberIds), ctx),
      ),

    replaceIntroducer: (
      id: string,
      input: { previousMemberId: string; memberId: string; date: CalendarDate },
    ) =>
      step(id, async (c, ctx) =>
        decideReplaceIntroducer(
          c,
          input,
          await repository.members([input.previousMemberId, input.memberId]),
          ctx,
        ),
      ),

    recordCellResolution: (id: string, input: StepInput & VoteInput & { provincialConsent: string | null }) =>
      step(id, async (c, ctx) =>
        decideCellResolution(c, input, await repository.membersOf(c.organisationId), ctx),
      ),

    recordCommitteeResolution: (id: string, input: StepInput & { members: number; votesFor: number }) =>
      step(id, (c, ctx) => decideCommitteeResolution(c, input, ctx)),

    recordAdmissionDecision: (
      id: string,
      input: StepInput & { receivedOn: CalendarDate | null; extension: string | null },
    ) =>
      step(id, async (c, ctx) => {
        const cell = await repository.organisation(c.organisationId);
        return decideAdmission(c, input, cell?.level === 'GRASSROOTS_CELL', ctx);
      }),

    recordCeremony: (id: string, input: StepInput & { upperCommitteeConsent: string | null }) =>
      step(id, (c, ctx) => decideCeremony(c, input, ctx)),

    recordRecognitionVote: (id: string, input: StepInput & VoteInput) =>
      step(id, async (c, ctx) =>
        decideRecognitionVote(c, input, await repository.membersOf(c.organisationId), ctx),
      ),

    recordRecognition: (id: string, input: StepInput) =>
      step(id, (c, ctx) => decideRecognition(c, input, ctx)),

    recordRemoval: (id: string, input: StepInput & { reason: string }) =>
      step(id, (c, ctx) => decideRemoval(c, input, ctx)),

    recordExit: (id: string, to: 'WITHDRAWN' | 'REJECTED', input: StepInput & { reason: string }) =>
      step(id, (c, ctx) => decideExit(c, to, input, ctx)),

    /** The member form filed (2-HSĐV): not a stage; late when after its deadline. */
    recordMemberForm: (id: string, date: CalendarDate) =>
      step(id, (c, ctx) => {
        if (!c.ceremonyDate)
          throw new Refusal(RULES.illegalTransition, 'The member form follows the ceremony', null);
        if (c.memberFormFiledOn)
          throw new Refusal(RULES.memberFormAlreadyFiled, `Filed on ${c.memberFormFiledOn}`, null);
        if (!isCalendarDate(date) || date < c.ceremonyDate || date > ctx.today) {
          throw new Refusal(RULES.dateFormat, 'date must be from the ceremony to today', ['date']);
        }
        return {
          candidate: { ...c, memberFormFiledOn: date, version: c.version + 1 },
          expectedVersion: c.version,
          events: [],
        };
      }),

    /** The cell's monthly review of its list, recorded on the candidate. */
    recordReview: (id: string, date: CalendarDate, note: string | null) =>
      step(id, (c, ctx) => {
        if (!isCalendarDate(date) || date > ctx.today || date < c.listedOn) {
          throw new Refusal(RULES.dateFormat, 'date must be from the listing to today', ['date']);
        }
        const reviews = [...c.reviews, { date, note: note?.trim() || null }].sort((a, b) =>
          a.date.localeCompare(b.date),
        );
        return {
          candidate: { ...c, reviews, version: c.version + 1 },
          expectedVersion: c.version,
          events: [],
        };
      }),
  };
}

export type CandidateCommands = ReturnType<typeof createCandidateCommands>;
