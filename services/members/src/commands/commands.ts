import type {
  DecisionReference,
  MemberDisciplineForm,
  MemberLeftReason,
  MemberTransferKind,
} from '@dangvien/contracts';
import type { CalendarDate } from '@dangvien/domain';
import type { Access } from '@dangvien/auth';
import { decideBadge } from '../domain/badges';
import {
  decideDiscipline,
  decideExemption,
  decideExemptionEnd,
  decideLeaving,
  decideRecognition,
} from '../domain/lifecycle';
import type { MemberFile, Profile } from '../domain/member';
import { decideProfileChange } from '../domain/profile-change';
import { decideRegistration } from '../domain/registration';
import { decideReadmission, decideRestoration } from '../domain/returns';
import {
  decideAcceptance,
  decideLetter,
  decideLetterCancellation,
  decideReorganisation,
  decideStayEnd,
} from '../domain/transfers';
import { Refusal } from '@dangvien/domain';
import { RULES } from '../domain/rules';
import { actorOf, createWriteSide, writeRefusal } from './write-side';
import type { WriteDeps } from './write-side';

export interface RegisterInput {
  profile: Profile;
  organisationId: string;
  decisionDate: CalendarDate;
  decisionNumber: string | null;
  ceremonyDate: CalendarDate | null;
  officialDate: CalendarDate | null;
  memberSince: CalendarDate | null;
}

export interface DatedArgs {
  effectiveDate: CalendarDate;
  reason?: string | null;
  decision?: DecisionReference | null;
}

/** The mutations' commands: each one read-decide-write under the mutex (see write-side.ts). */
export function createCommands(deps: WriteDeps) {
  const side = createWriteSide(deps);
  const { command } = side;
  /**
   * A change to an existing file, by a caller who covers the organisation it is on — or, for what a
   * receiving organisation does (`alsoAt`: accepting a transfer, placing a member), that one.
   */
  const change = (
    id: string,
    caller: Access,
    decide: Parameters<typeof side.change>[2],
    alsoAt?: (file: MemberFile) => string | null,
  ) =>
    command((context) =>
      side.change(
        id,
        actorOf(caller.identity),
        (file, env) => {
          const target = alsoAt?.(file) ?? null;
          if (
            !side.mayChange(caller, file.organisationId, env.today) &&
            !(target && side.mayChange(caller, target, env.today))
          ) {
            throw writeRefusal(caller);
          }
          return decide(file, env);
        },
        context,
      ),
    );

  return {
    side,

    registerMember: (input: RegisterInput, caller: Access) =>
      command(async (context) => {
        side.memberOrganisation(input.organisationId, context.today, ['organisationId']);
        if (!side.mayChange(caller, input.organisationId, context.today)) throw writeRefusal(caller);
        const decided = decideRegistration(
          { ...input, id: context.stamp.newId(), source: 'MANUAL' },
          context.today,
        );
        return side.store(null, decided, actorOf(caller.identity), context);
      }),

    updateProfile: (
      id: string,
      changes: Partial<Profile>,
      args: DatedArgs | { effectiveDate: null; reason: string; decision: DecisionReference | null },
      caller: Access,
    ) =>
      change(id, caller, (file, { today }) =>
        decideProfileChange(file, changes, { ...args, effectiveDate: args.effectiveDate ?? today, today }),
      ),

    recogniseOfficial: (id: string, decision: DecisionReference, caller: Access) =>
      change(id, caller, (file, { today }) => decideRecognition(file, { decision, today })),

    exempt: (id: string, args: DatedArgs & { until: CalendarDate | null }, caller: Access) =>
      change(id, caller, (file, { today }) => decideExemption(file, { ...args, today })),

    endExemption: (id: string, args: DatedArgs, caller: Access) =>
      change(id, caller, (file, { today }) => decideExemptionEnd(file, { ...args, today })),

    issueLetter: (
      id: string,
      args: {
        toOrganisationId: string;
        kind: MemberTransferKind;
        issuedOn: CalendarDate;
        letterNumber: string | null;
        reason: string | null;
      },
      caller: Access,
    ) =>
      change(id, caller, (file, { today, stamp }) => {
        side.memberOrganisation(args.toOrganisationId, args.issuedOn, ['toOrganisationId']);
        return decideLetter(file, { ...args, effectiveDate: args.issuedOn, today, letterId: stamp.newId() });
      }),

    acceptTransfer: (id: string, acceptedOn: CalendarDate, caller: Access) =>
      change(
        id,
        caller,
        (file, { today }) => {
          const letter = file.letters.find((l) => l.status === 'ISSUED');
          if (letter) side.memberOrganisation(letter.toOrganisationId, acceptedOn, ['id']);
          return decideAcceptance(file, { effectiveDate: acceptedOn, today });
        },
        (file) => file.letters.find((l) => l.status === 'ISSUED')?.toOrganisationId ?? null,
      ),

    cancelLetter: (id: string, args: { effectiveDate: CalendarDate; reason: string }, caller: Access) =>
      change(id, caller, (file, { today }) =>
        decideLetterCancellation(file, {
          effectiveDate: args.effectiveDate,
          cancelReason: args.reason,
          today,
        }),
      ),

    endTemporaryTransfer: (id: string, effectiveDate: CalendarDate, caller: Access) =>
      change(id, caller, (file, { today }) => decideStayEnd(file, { effectiveDate, today })),

    recordLeaving: (
      id: string,
      args: DatedArgs & { leaveReason: MemberLeftReason; note: string | null; readmissionBarred: boolean },
      caller: Access,
    ) =>
      change(id, caller, (file, { today }) =>
        decideLeaving(file, { ...args, reason: args.leaveReason, today }),
      ),

    recordDiscipline: (
      id: string,
      args: DatedArgs & {
        form: MemberDisciplineForm;
        decision: DecisionReference;
        readmissionBarred: boolean;
      },
      caller: Access,
    ) => change(id, caller, (file, { today }) => decideDiscipline(file, { ...args, today })),

    readmit: (
      id: string,
      args: {
        organisationId: string;
        decisionDate: CalendarDate;
        decisionNumber: string;
        ceremonyDate: CalendarDate | null;
      },
      caller: Access,
    ) =>
      change(
        id,
        caller,
        (file, { today }) => {
          side.memberOrganisation(args.organisationId, args.decisionDate, ['organisationId']);
          return decideReadmission(file, { ...args, effectiveDate: args.decisionDate, today });
        },
        () => args.organisationId,
      ),

    restore: (id: string, args: DatedArgs & { decision: DecisionReference }, caller: Access) =>
      change(id, caller, (file, { today }) => decideRestoration(file, { ...args, today })),

    awardBadge: (
      id: string,
      args: { years: number; awardedOn: CalendarDate; decision: DecisionReference | null },
      caller: Access,
    ) => change(id, caller, (file, { today }) => decideBadge(file, { ...args, today })),

    /** Places a member waiting since their organisation was dissolved or split. */
    place: (id: string, args: DatedArgs & { organisationId: string }, caller: Access) =>
      change(
        id,
        caller,
        (file, { today }) => {
          if (!file.awaitingPlacement) {
            throw new Refusal(RULES.placementNotRequired, 'The member is not waiting to be placed', ['id']);
          }
          side.memberOrganisation(args.organisationId, args.effectiveDate, ['organisationId']);
          return decideReorganisation(file, {
            ...args,
            today,
            fromOrganisationId: file.organisationId,
            toOrganisationId: args.organisationId,
            home: true,
          });
        },
        () => args.organisationId,
      ),
  };
}

export type Commands = ReturnType<typeof createCommands>;
