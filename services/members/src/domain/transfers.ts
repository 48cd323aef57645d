import type { MemberTransferKind } from '@dangvien/contracts';
import { addDays, Refusal } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import type { Dated, Decided, PublicEvent } from './decision';
import { checkAppendable, publicEvent, revised } from './decision';
import { currentStay, isCounted, pendingLetter } from './member';
import type { MemberFile, MemberStatus } from './member';
import { memberRulesAt, RULES } from './rules';

// Transfers of Party activities (chuyển sinh hoạt đảng) are two-sided (DOMAIN.md §3): the sending
// committee issues an introduction letter, the receiving one accepts it within the letter's deadline.
// Until it does, the member stays counted where they are: never counted nowhere, never twice. A
// letter that passes its deadline unaccepted is overdue (shown as such) until it is cancelled.

function counted(file: MemberFile): Exclude<MemberStatus, 'DECEASED' | 'EXPELLED' | 'REMOVED' | 'RESIGNED'> {
  if (!isCounted(file.status)) {
    throw new Refusal(RULES.notCounted, `The member is no longer on any list (${file.status})`, ['id']);
  }
  return file.status;
}

export function decideLetter(
  file: MemberFile,
  input: Dated & {
    letterId: string;
    toOrganisationId: string;
    kind: MemberTransferKind;
    letterNumber: string | null;
  },
): Decided {
  counted(file);
  if (pendingLetter(file)) {
    throw new Refusal(
      RULES.transferPending,
      'An introduction letter is already pending: accept or cancel it first',
      ['id'],
    );
  }
  if (input.toOrganisationId === file.organisationId) {
    throw new Refusal(RULES.transferToSameOrganisation, 'The member is already on that organisation’s list', [
      'toOrganisationId',
    ]);
  }
  const stay = currentStay(file);
  if (stay) {
    throw new Refusal(
      RULES.transferWhileTemporary,
      'The member is on temporary transfer: end it before another transfer',
      ['id'],
    );
  }
  checkAppendable(file, input.effectiveDate, input.today, ['issuedOn']);
  const rules = memberRulesAt(input.effectiveDate, ['issuedOn']);
  const deadline = addDays(input.effectiveDate, rules.transferLetterValidDays);
  const next = revised(file, {
    letters: [
      ...file.letters,
      {
        letterId: input.letterId,
        kind: input.kind,
        fromOrganisationId: file.organisationId,
        toOrganisationId: input.toOrganisationId,
        letterNumber: input.letterNumber?.trim() || null,
        issuedOn: input.effectiveDate,
        deadline,
        status: 'ISSUED',
        closedOn: null,
        cancelReason: null,
        reason: input.reason ?? null,
      },
    ],
  });
  return {
    file: next,
    action: 'TRANSFER_LETTER_ISSUED',
    effectiveDate: input.effectiveDate,
    reason: input.reason ?? null,
    decision: null,
    events: [
      publicEvent('dangvien.members.MemberTransferLetterIssued.v1', {
        memberId: file.id,
        letterId: input.letterId,
        fromOrganisationId: file.organisationId,
        toOrganisationId: input.toOrganisationId,
        kind: input.kind,
        issuedOn: input.effectiveDate,
        deadline,
      }),
    ],
  };
}

/** The receiving side accepts the letter, on a day from its issue to its deadline. */
export function decideAcceptance(file: MemberFile, input: Dated): Decided {
  const status = counted(file);
  const letter = pendingLetter(file);
  if (!letter)
    throw new Refusal(RULES.noTransferPending, 'No introduction letter is pending for this member', ['id']);
  const date = input.effectiveDate;
  if (date < letter.issuedOn) {
    throw new Refusal(RULES.transferBeforeIssue, `The letter was issued on ${letter.issuedOn}`, [
      'acceptedOn',
    ]);
  }
  if (date > letter.deadline) {
    throw new Refusal(
      RULES.transferLetterExpired,
      `The letter had to be accepted by ${letter.deadline}: cancel it (EXPIRED) and have a new one issued`,
      ['acceptedOn'],
      memberRulesAt(letter.issuedOn).legalReference,
    );
  }
  checkAppendable(file, date, input.today, ['acceptedOn']);
  const letters = file.letters.map((l) =>
    l.letterId === letter.letterId ? { ...l, status: 'ACCEPTED' as const, closedOn: date } : l,
  );
  const moved =
    letter.kind === 'PERMANENT'
      ? revised(file, {
          letters,
          organisationId: letter.toOrganisationId,
          placements: [
            ...file.placements.map((p) => (p.to === null ? { ...p, to: date } : p)),
            {
              organisationId: letter.toOrganisationId,
              from: date,
              to: null,
              cause: 'TRANSFERRED',
              joinedOn: null,
            },
          ],
        })
      : revised(file, {
          letters,
          temporaryStays: [
            ...file.temporaryStays,
            { organisationId: letter.toOrganisationId, from: date, endedOn: null, letterId: letter.letterId },
          ],
        });
  return {
    file: moved,
    action: letter.kind === 'PERMANENT' ? 'TRANSFERRED' : 'TEMPORARILY_TRANSFERRED',
    effectiveDate: date,
    reason: letter.reason,
    decision: null,
    events: [
      publicEvent('dangvien.members.MemberTransferred.v1', {
        memberId: file.id,
        fromOrganisationId: letter.fromOrganisationId,
        toOrganisationId: letter.toOrganisationId,
        kind: letter.kind,
        status,
        effectiveDate: date,
      }),
    ],
  };
}

/** Withdrawn by the sender, or given up once past its deadline (EXPIRED, only then). */
export function decideLetterCancellation(file: MemberFile, input: Dated & { cancelReason: string }): Decided {
  const letter = pendingLetter(file);
  if (!letter)
    throw new Refusal(RULES.noTransferPending, 'No introduction letter is pending for this member', ['id']);
  const reason = input.cancelReason;
  if (reason !== 'WITHDRAWN' && reason !== 'EXPIRED') {
    throw new Refusal(RULES.cancelReasonInvalid, 'A letter is cancelled as WITHDRAWN or EXPIRED', ['reason']);
  }
  if (reason === 'EXPIRED' && input.effectiveDate <= letter.deadline) {
    throw new Refusal(
      RULES.cancelReasonInvalid,
      `The letter is valid until ${letter.deadline}: it has not expired`,
      ['reason'],
    );
  }
  checkAppendable(file, input.effectiveDate, input.today, ['effectiveDate']);
  const next = revised(file, {
    letters: file.letters.map((l) =>
      l.letterId === letter.letterId
        ? { ...l, status: 'CANCELLED' as const, closedOn: input.effectiveDate, cancelReason: reason }
        : l,
    ),
  });
  return {
    file: next,
    action: 'TRANSFER_LETTER_CANCELLED',
    effectiveDate: input.effectiveDate,
    reason,
    decision: null,
    events: [
      publicEvent('dangvien.members.MemberTransferLetterCancelled.v1', {
        memberId: file.id,
        letterId: letter.letterId,
        fromOrganisationId: letter.fromOrganisationId,
        toOrganisationId: letter.toOrganisationId,
        reason,
        effectiveDate: input.effectiveDate,
      }),
    ],
  };
}

export function decideStayEnd(file: MemberFile, input: Dated): Decided {
  counted(file);
  const stay = currentStay(file);
  if (!stay)
    throw new Refusal(RULES.notOnTemporaryTransfer, 'The member is not on temporary transfer', ['id']);
  checkAppendable(file, input.effectiveDate, input.today, ['effectiveDate']);
  const next = revised(file, {
    temporaryStays: file.temporaryStays.map((s) =>
      s.endedOn === null ? { ...s, endedOn: input.effectiveDate } : s,
    ),
  });
  return {
    file: next,
    action: 'TEMPORARY_TRANSFER_ENDED',
    effectiveDate: input.effectiveDate,
    reason: null,
    decision: null,
    events: [
      publicEvent('dangvien.members.MemberTemporaryTransferEnded.v1', {
        memberId: file.id,
        homeOrganisationId: file.organisationId,
        organisationId: stay.organisationId,
        effectiveDate: input.effectiveDate,
      }),
    ],
  };
}

/**
 * The member follows a reorganisation: their organisation was merged into `toOrganisationId`, or
 * dissolved or split and a committee places them (placeMember). A temporary stay in a merged
 * organisation moves to the merge target the same way. No letter: the decision is the reorganisation's.
 */
export function decideReorganisation(
  file: MemberFile,
  input: Dated & { fromOrganisationId: string; toOrganisationId: string; home: boolean },
): Decided {
  const status = counted(file);
  const date = input.effectiveDate;
  checkAppendable(file, date, input.today, ['effectiveDate']);
  const events: PublicEvent[] = [];
  let next: MemberFile;
  if (input.home) {
    if (file.organisationId !== input.fromOrganisationId) {
      throw new Refusal(RULES.placementNotRequired, 'The member is not on that organisation’s list', ['id']);
    }
    next = revised(file, {
      organisationId: input.toOrganisationId,
      awaitingPlacement: null,
      placements: [
        ...file.placements.map((p) => (p.to === null ? { ...p, to: date } : p)),
        {
          organisationId: input.toOrganisationId,
          from: date,
          to: null,
          cause: 'REORGANISED',
          joinedOn: null,
        },
      ],
    });
    events.push(
      publicEvent('dangvien.members.MemberTransferred.v1', {
        memberId: file.id,
        fromOrganisationId: input.fromOrganisationId,
        toOrganisationId: input.toOrganisationId,
        kind: 'PERMANENT',
        status,
        effectiveDate: date,
      }),
    );
  } else {
    const stay = currentStay(file);
    if (!stay || stay.organisationId !== input.fromOrganisationId) {
      throw new Refusal(RULES.notOnTemporaryTransfer, 'The member is not on temporary transfer there', [
        'id',
      ]);
    }
    next = revised(file, {
      temporaryStays: [
        ...file.temporaryStays.map((s) => (s.endedOn === null ? { ...s, endedOn: date } : s)),
        { organisationId: input.toOrganisationId, from: date, endedOn: null, letterId: stay.letterId },
      ],
    });
    events.push(
      publicEvent('dangvien.members.MemberTransferred.v1', {
        memberId: file.id,
        fromOrganisationId: file.organisationId,
        toOrganisationId: input.toOrganisationId,
        kind: 'TEMPORARY',
        status,
        effectiveDate: date,
      }),
    );
  }
  return {
    file: next,
    action: 'REORGANISED',
    effectiveDate: date,
    reason: input.reason ?? null,
    decision: input.decision ?? null,
    events,
  };
}

/** The member's organisation was dissolved or split: flagged until a committee places them. */
export function decideAwaitingPlacement(
  file: MemberFile,
  input: { date: CalendarDate; cause: 'DISSOLVED' | 'SPLIT'; successorIds: string[] },
): Decided | null {
  if (!isCounted(file.status) || file.awaitingPlacement) return null;
  const next = revised(file, {
    awaitingPlacement: {
      since: input.date,
      organisationId: file.organisationId,
      cause: input.cause,
      successorIds: input.successorIds,
    },
  });
  return {
    file: next,
    action: 'AWAITING_PLACEMENT',
    effectiveDate: input.date,
    reason: input.cause,
    decision: null,
    events: [],
  };
}
