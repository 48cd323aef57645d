import type { DecisionReference } from '@dangvien/contracts';
import { addMonths, monthsBetween, Refusal } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import type { Dated, Decided } from './decision';
import { checkAppendable, publicEvent, requireReason, revised } from './decision';
import { isCounted } from './member';
import type { MemberFile, StatusEntry } from './member';
import { memberRulesAt, RULES } from './rules';
import { withStatus } from './lifecycle';

// Coming back to a list: readmission (kết nạp lại, a new probation) or restoration (khôi phục đảng
// tịch: the decision that ended the membership was annulled).

/** The departure the member's current status comes from. */
function lastDeparture(file: MemberFile): StatusEntry | null {
  return (
    [...file.statusHistory].reverse().find((e) => e.status === file.status && !isCounted(e.status)) ?? null
  );
}

/**
 * Admitted again (kết nạp lại): a former member who was removed, resigned or expelled, once, no
 * sooner than the waiting time after leaving, never when the cause barred it; probationary again.
 */
export function decideReadmission(
  file: MemberFile,
  input: Dated & { organisationId: string; decisionNumber: string; ceremonyDate: CalendarDate | null },
): Decided {
  if (isCounted(file.status) || file.status === 'DECEASED') {
    throw new Refusal(RULES.readmissionNotAllowed, `A member who is ${file.status} cannot be readmitted`, [
      'id',
    ]);
  }
  checkAppendable(file, input.effectiveDate, input.today, ['decisionDate']);
  const rules = memberRulesAt(input.effectiveDate, ['decisionDate']);
  const departure = lastDeparture(file)!;
  if (departure.readmissionBarred) {
    throw new Refusal(
      RULES.readmissionBarred,
      'The cause of leaving bars readmission for good',
      ['id'],
      rules.legalReference,
    );
  }
  if (file.readmissions >= rules.readmissionLimit) {
    throw new Refusal(
      RULES.readmissionLimit,
      `A member is readmitted ${rules.readmissionLimit === 1 ? 'only once' : `at most ${rules.readmissionLimit} times`}`,
      ['id'],
      rules.legalReference,
    );
  }
  const waited = monthsBetween(departure.from, input.effectiveDate);
  if (waited < rules.readmissionWaitMonths) {
    throw new Refusal(
      RULES.readmissionTooSoon,
      `Readmission comes ${rules.readmissionWaitMonths} months after leaving at the earliest (${addMonths(departure.from, rules.readmissionWaitMonths)}); ${waited} have passed`,
      ['decisionDate'],
      rules.legalReference,
    );
  }
  if (input.ceremonyDate && input.ceremonyDate < input.effectiveDate) {
    throw new Refusal(RULES.datesOutOfOrder, 'The ceremony cannot come before the decision', [
      'ceremonyDate',
    ]);
  }
  const decision = { number: input.decisionNumber, date: input.effectiveDate, issuedBy: null };
  const next = revised(file, {
    status: 'PROBATIONARY',
    readmissions: file.readmissions + 1,
    organisationId: input.organisationId,
    statusHistory: withStatus(file, {
      status: 'PROBATIONARY',
      from: input.effectiveDate,
      reason: null,
      decision,
      cause: 'READMITTED',
      ceremonyDate: input.ceremonyDate,
    }),
    placements: [
      ...file.placements,
      {
        organisationId: input.organisationId,
        from: input.effectiveDate,
        to: null,
        cause: 'READMITTED',
        joinedOn: null,
      },
    ],
  });
  return {
    file: next,
    action: 'READMITTED',
    effectiveDate: input.effectiveDate,
    reason: null,
    decision,
    events: [
      publicEvent('dangvien.members.MemberReadmitted.v1', {
        memberId: file.id,
        organisationId: input.organisationId,
        decisionDate: input.effectiveDate,
        ceremonyDate: input.ceremonyDate,
      }),
    ],
  };
}

/**
 * The decision that ended the membership was annulled (khôi phục đảng tịch): back on the last list
 * with the status held before, the departure kept in the history but no longer interrupting Party age.
 */
export function decideRestoration(file: MemberFile, input: Dated & { decision: DecisionReference }): Decided {
  if (isCounted(file.status) || file.status === 'DECEASED') {
    throw new Refusal(RULES.restoreNotAllowed, `A member who is ${file.status} cannot be restored`, ['id']);
  }
  checkAppendable(file, input.effectiveDate, input.today, ['effectiveDate']);
  const reason = requireReason(input.reason);
  const departure = lastDeparture(file)!;
  const previous = [...file.statusHistory]
    .reverse()
    .find((e) => e.from <= departure.from && isCounted(e.status));
  const status = previous?.status === 'OFFICIAL' ? 'OFFICIAL' : 'PROBATIONARY';
  const statusHistory = [...file.statusHistory];
  statusHistory[statusHistory.lastIndexOf(departure)] = { ...departure, annulled: true };
  const next = revised(file, {
    status,
    statusHistory: [
      ...statusHistory,
      { status, from: input.effectiveDate, reason, decision: input.decision, cause: 'RESTORED' },
    ],
    placements: [
      ...file.placements,
      {
        organisationId: file.organisationId,
        from: input.effectiveDate,
        to: null,
        cause: 'RESTORED',
        joinedOn: null,
      },
    ],
  });
  return {
    file: next,
    action: 'RESTORED',
    effectiveDate: input.effectiveDate,
    reason,
    decision: input.decision,
    events: [
      publicEvent('dangvien.members.MemberRestored.v1', {
        memberId: file.id,
        organisationId: file.organisationId,
        status,
        effectiveDate: input.effectiveDate,
      }),
    ],
  };
}
