import type { DecisionReference, MemberDisciplineForm, MemberLeftReason } from '@dangvien/contracts';
import { addMonths, Refusal } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import type { Dated, Decided, PublicEvent } from './decision';
import { checkAppendable, publicEvent, requireReason, revised } from './decision';
import { currentExemption, isCounted, pendingLetter } from './member';
import type { MemberFile, StatusEntry } from './member';
import { memberRulesAt, memberRulesIfAny, RULES } from './rules';

// The member's lifecycle as a state machine (DOMAIN.md §3–4): PROBATIONARY → OFFICIAL; an official
// member may be exempted from activities and back; anyone on a list may leave (died, expelled,
// removed, resigned); a former member may be readmitted (once, after the waiting time, never for a
// barred cause) or restored when the decision that ended the membership is annulled. Each decision
// refuses, naming the rule, a transition the state does not allow, and changes nothing then.

function requireCounted(file: MemberFile, what: string): void {
  if (!isCounted(file.status)) {
    throw new Refusal(RULES.notCounted, `${what}: the member is no longer on any list (${file.status})`, [
      'id',
    ]);
  }
}

/** The ceremony that started the current probation (a readmission starts a new one). */
function probationStart(file: MemberFile): CalendarDate | null {
  const entry = [...file.statusHistory].reverse().find((e) => e.status === 'PROBATIONARY');
  return entry?.ceremonyDate ?? file.admission.ceremonyDate;
}

/** When the current probation ends; null when not probationary or the rules do not reach its start. */
export function probationEnd(file: MemberFile): CalendarDate | null {
  const ceremony = probationStart(file);
  const rules = ceremony ? memberRulesIfAny(ceremony) : null;
  if (file.status !== 'PROBATIONARY' || !ceremony || !rules) return null;
  return addMonths(ceremony, rules.probationMonths);
}

export function withStatus(file: MemberFile, entry: StatusEntry): StatusEntry[] {
  // Kept in date order: recognition is dated at the end of probation, which may lie before a
  // change recorded meanwhile (a transfer while probationary).
  return [...file.statusHistory, entry].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/**
 * Probationary → official from the end of the 12 months (Party Charter, art. 5): the date is the
 * rule's, not the approval's. The decision must come once the probation has ended. Recruitment's
 * handover gives the official date it computed; it must still be on or after the ceremony.
 */
export function decideRecognition(
  file: MemberFile,
  input: { decision: DecisionReference; today: CalendarDate; officialDate?: CalendarDate },
): Decided {
  if (file.status !== 'PROBATIONARY') {
    throw new Refusal(
      RULES.notProbationary,
      `Only a probationary member is recognised official (this one is ${file.status})`,
      ['id'],
    );
  }
  const ceremony = probationStart(file);
  if (!ceremony) {
    throw new Refusal(
      RULES.datesOutOfOrder,
      'The admission ceremony date is not recorded: probation has no start',
      ['id'],
    );
  }
  const rules = memberRulesAt(ceremony);
  const officialDate = input.officialDate ?? addMonths(ceremony, rules.probationMonths);
  if (officialDate < ceremony) {
    throw new Refusal(
      RULES.datesOutOfOrder,
      `The official date ${officialDate} is before the ceremony ${ceremony}`,
      ['officialDate'],
    );
  }
  if (input.decision.date < officialDate || officialDate > input.today) {
    throw new Refusal(
      RULES.probationNotEnded,
      `Probation runs until ${officialDate} (${rules.probationMonths} months from ${ceremony}); it cannot be recognised on ${input.decision.date}`,
      ['decision', 'date'],
      rules.legalReference,
    );
  }
  if (input.decision.date > input.today) {
    throw new Refusal(RULES.dateInFuture, `The decision date ${input.decision.date} is after today`, [
      'decision',
      'date',
    ]);
  }
  const next = revised(file, {
    status: 'OFFICIAL',
    statusHistory: withStatus(file, {
      status: 'OFFICIAL',
      from: officialDate,
      reason: null,
      decision: input.decision,
    }),
    admission: { ...file.admission, officialDate, recognitionDecision: input.decision },
  });
  return {
    file: next,
    action: 'RECOGNISED_OFFICIAL',
    effectiveDate: officialDate,
    reason: null,
    decision: input.decision,
    events: [
      publicEvent('dangvien.members.MemberRecognisedOfficial.v1', {
        memberId: file.id,
        organisationId: file.organisationId,
        officialDate,
      }),
    ],
  };
}

export function decideExemption(file: MemberFile, input: Dated & { until: CalendarDate | null }): Decided {
  if (file.status !== 'OFFICIAL') {
    throw new Refusal(
      RULES.exemptionOnlyForOfficial,
      `Only an official member is exempted from activities (this one is ${file.status})`,
      ['id'],
      memberRulesAt(input.effectiveDate).legalReference,
    );
  }
  if (currentExemption(file))
    throw new Refusal(RULES.alreadyExempted, 'The member is already exempted', ['id']);
  checkAppendable(file, input.effectiveDate, input.today, ['effectiveDate']);
  if (input.until && input.until < input.effectiveDate) {
    throw new Refusal(RULES.exemptionUntilBeforeStart, 'The exemption cannot end before it starts', [
      'until',
    ]);
  }
  const reason = requireReason(input.reason);
  const next = revised(file, {
    exemptions: [
      ...file.exemptions,
      {
        from: input.effectiveDate,
        until: input.until,
        endedOn: null,
        reason,
        decision: input.decision ?? null,
      },
    ],
  });
  return {
    file: next,
    action: 'EXEMPTED',
    effectiveDate: input.effectiveDate,
    reason,
    decision: input.decision ?? null,
    events: [
      publicEvent('dangvien.members.MemberExempted.v1', {
        memberId: file.id,
        organisationId: file.organisationId,
        effectiveDate: input.effectiveDate,
        until: input.until,
      }),
    ],
  };
}

export function decideExemptionEnd(file: MemberFile, input: Dated): Decided {
  const exemption = currentExemption(file);
  if (!exemption) throw new Refusal(RULES.notExempted, 'The member is not exempted from activities', ['id']);
  checkAppendable(file, input.effectiveDate, input.today, ['effectiveDate']);
  const next = revised(file, {
    exemptions: file.exemptions.map((e) => (e.endedOn === null ? { ...e, endedOn: input.effectiveDate } : e)),
  });
  return {
    file: next,
    action: 'EXEMPTION_ENDED',
    effectiveDate: input.effectiveDate,
    reason: input.reason ?? null,
    decision: null,
    events: [
      publicEvent('dangvien.members.MemberExemptionEnded.v1', {
        memberId: file.id,
        organisationId: file.organisationId,
        effectiveDate: input.effectiveDate,
      }),
    ],
  };
}

/**
 * Leaves the list for good (unless readmitted or restored): died, expelled, removed (xóa tên), or
 * resigned. A pending introduction letter falls with it, a temporary transfer and an exemption end.
 */
export function decideLeaving(
  file: MemberFile,
  input: Dated & { reason: MemberLeftReason; note?: string | null; readmissionBarred?: boolean },
): Decided {
  requireCounted(file, 'Leaving');
  checkAppendable(file, input.effectiveDate, input.today, ['effectiveDate']);
  const date = input.effectiveDate;
  const letter = pendingLetter(file);
  const events: PublicEvent[] = [];
  if (letter) {
    events.push(
      publicEvent('dangvien.members.MemberTransferLetterCancelled.v1', {
        memberId: file.id,
        letterId: letter.letterId,
        fromOrganisationId: letter.fromOrganisationId,
        toOrganisationId: letter.toOrganisationId,
        reason: 'MEMBER_LEFT',
        effectiveDate: date,
      }),
    );
  }
  events.push(
    publicEvent('dangvien.members.MemberLeft.v1', {
      memberId: file.id,
      organisationId: file.organisationId,
      reason: input.reason,
      effectiveDate: date,
    }),
  );
  const note = input.note?.trim() || null;
  const next = revised(file, {
    status: input.reason,
    statusHistory: withStatus(file, {
      status: input.reason,
      from: date,
      reason: note,
      decision: input.decision ?? null,
      readmissionBarred: input.readmissionBarred ?? false,
    }),
    placements: file.placements.map((p) => (p.to === null ? { ...p, to: date } : p)),
    exemptions: file.exemptions.map((e) => (e.endedOn === null ? { ...e, endedOn: date } : e)),
    temporaryStays: file.temporaryStays.map((s) => (s.endedOn === null ? { ...s, endedOn: date } : s)),
    letters: file.letters.map((l) =>
      l.status === 'ISSUED' ? { ...l, status: 'CANCELLED', closedOn: date, cancelReason: 'MEMBER_LEFT' } : l,
    ),
    awaitingPlacement: null,
  });
  return {
    file: next,
    action: `LEFT_${input.reason}`,
    effectiveDate: date,
    reason: note,
    decision: input.decision ?? null,
    events,
  };
}

/** A disciplinary decision; an expulsion also ends the membership (EXPELLED). */
export function decideDiscipline(
  file: MemberFile,
  input: Dated & { form: MemberDisciplineForm; decision: DecisionReference; readmissionBarred?: boolean },
): Decided {
  requireCounted(file, 'Discipline');
  checkAppendable(file, input.effectiveDate, input.today, ['effectiveDate']);
  const reason = requireReason(input.reason);
  const rules = memberRulesAt(input.effectiveDate);
  if (file.status === 'PROBATIONARY' && !rules.probationaryDisciplineForms.includes(input.form)) {
    throw new Refusal(
      RULES.disciplineFormNotAllowed,
      `A probationary member can only be disciplined by ${rules.probationaryDisciplineForms.join(' or ')}`,
      ['form'],
      rules.legalReference,
    );
  }
  const disciplined = revised(file, {
    disciplines: [
      ...file.disciplines,
      { form: input.form, effectiveDate: input.effectiveDate, reason, decision: input.decision },
    ],
  });
  const event = publicEvent('dangvien.members.MemberDisciplined.v1', {
    memberId: file.id,
    organisationId: file.organisationId,
    form: input.form,
    effectiveDate: input.effectiveDate,
    decision: input.decision,
  });
  if (input.form !== 'EXPULSION') {
    return {
      file: disciplined,
      action: 'DISCIPLINED',
      effectiveDate: input.effectiveDate,
      reason,
      decision: input.decision,
      events: [event],
    };
  }
  const left = decideLeaving(disciplined, {
    ...input,
    reason: 'EXPELLED',
    note: reason,
    readmissionBarred: input.readmissionBarred ?? false,
  });
  return { ...left, action: 'EXPELLED', events: [event, ...left.events] };
}
