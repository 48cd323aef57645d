import { addMonths, monthsBetween, Refusal, yearsBetween } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import type { WorkingCalendar } from '@dangvien/calendar-vn';
import { reaches, votesNeeded } from './admission-rules';
import type { AdmissionRules } from './admission-rules';
import type { Candidate, Certificate } from './candidate';
import type { MemberFacts } from './membership';
import { cellOfficialMembers, introducerLapse, isIn, isOfficialOn, monthsIn } from './membership';
import { RULES } from './rules';

// The gates of the procedure (DOMAIN.md §4), pure: each takes the rules in force on the day of the
// step and refuses with the rule's code and its legal reference, or returns what it established.

/** Age in whole months on the day the cell votes: 18 to 60 years; older only with the provincial committee's consent. */
export function checkAge(
  dateOfBirth: CalendarDate,
  voteDate: CalendarDate,
  rules: AdmissionRules,
  provincialConsent: string | null,
): number {
  const months = monthsBetween(dateOfBirth, voteDate);
  if (months < rules.minAgeMonths) {
    throw new Refusal(
      RULES.ageBelowMinimum,
      `On ${voteDate} the candidate is ${fmtAge(months)}; the cell may consider admission from ${fmtAge(rules.minAgeMonths)}, counted in months (${rules.legalReference})`,
      ['date'],
      rules.references.age,
    );
  }
  if (months > rules.maxAgeMonths && !provincialConsent) {
    throw new Refusal(
      RULES.ageAboveMaximum,
      `On ${voteDate} the candidate is ${fmtAge(months)}, over ${fmtAge(rules.maxAgeMonths)}: admission needs the provincial committee's written consent (provincialConsent)`,
      ['provincialConsent'],
      rules.references.age,
    );
  }
  return months;
}

function fmtAge(months: number): string {
  const years = Math.floor(months / 12);
  const rest = months - years * 12;
  return rest === 0 ? `${years} years` : `${years} years ${rest} months`;
}

export function certificateValidUntil(issuedOn: CalendarDate, rules: AdmissionRules): CalendarDate {
  return addMonths(issuedOn, rules.certificateValidityMonths);
}

/** The awareness class certificate must be held and still valid on `date`. */
export function checkCertificate(
  certificate: Certificate | null,
  date: CalendarDate,
  rules: AdmissionRules,
): void {
  if (!certificate) {
    throw new Refusal(
      RULES.certificateMissing,
      'The candidate holds no Party awareness class certificate',
      null,
      rules.references.certificate,
    );
  }
  if (date > certificate.validUntil) {
    throw new Refusal(
      RULES.certificateExpired,
      `The awareness class certificate ${certificate.number} was valid until ${certificate.validUntil}; on ${date} the candidate must attend the class again`,
      ['date'],
      rules.references.certificate,
    );
  }
}

export interface IntroductionInput {
  kind: 'TWO_MEMBERS' | 'YOUTH_UNION_AND_MEMBER';
  memberIds: string[];
  youthUnionResolution: string | null;
  date: CalendarDate;
}

/**
 * Introducers: official members on the day, in the candidate's unit, having shared it with the
 * candidate for the months the rules require; or, for a candidate of Youth Union age, the Youth Union
 * committee's resolution and one such member.
 */
export function checkIntroduction(
  candidate: Candidate,
  input: IntroductionInput,
  members: ReadonlyMap<string, MemberFacts>,
  rules: AdmissionRules,
): void {
  const ref = rules.references.introducers;
  const youth = input.kind === 'YOUTH_UNION_AND_MEMBER';
  const needed = youth ? rules.introducersRequired - 1 : rules.introducersRequired;
  if (new Set(input.memberIds).size !== input.memberIds.length) {
    throw new Refusal(RULES.introducerDuplicate, 'The same member is named twice', ['memberIds'], ref);
  }
  if (input.memberIds.length !== needed) {
    throw new Refusal(
      RULES.introducerCount,
      youth
        ? `With the Youth Union committee's resolution, ${needed} official member introduces the candidate; ${input.memberIds.length} were named`
        : `${needed} official members introduce the candidate; ${input.memberIds.length} were named`,
      ['memberIds'],
      ref,
    );
  }
  if (youth) {
    const age = yearsBetween(candidate.person.dateOfBirth, input.date);
    if (age > rules.youthUnionMaxAgeYears) {
      throw new Refusal(
        RULES.youthUnionAge,
        `The candidate is ${age} on ${input.date}: the Youth Union committee introduces candidates of Youth Union age (up to ${rules.youthUnionMaxAgeYears})`,
        ['kind'],
        ref,
      );
    }
    if (!input.youthUnionResolution?.trim()) {
      throw new Refusal(
        RULES.referenceRequired,
        "The Youth Union committee's resolution number is required",
        ['youthUnionResolution'],
        ref,
      );
    }
  }
  input.memberIds.forEach((memberId, i) => {
    const field = ['memberIds', String(i)];
    const member = members.get(memberId);
    if (!member) {
      throw new Refusal(RULES.memberNotFound, `No Party member ${memberId} is known`, field, ref);
    }
    checkEligibleIntroducer(candidate, member, input.date, rules, field, false);
  });
}

/** One introducer (or replacement) on `date`. */
export function checkEligibleIntroducer(
  candidate: Candidate,
  member: MemberFacts,
  date: CalendarDate,
  rules: AdmissionRules,
  field: string[],
  replacement: boolean,
): void {
  const ref = rules.references.introducers;
  if (!isOfficialOn(member, date)) {
    throw new Refusal(
      RULES.introducerNotOfficial,
      `Member ${member.memberId} is not an official member on ${date}`,
      field,
      ref,
    );
  }
  if (!isIn(member, candidate.organisationId, date)) {
    throw new Refusal(
      RULES.introducerNotInUnit,
      `Member ${member.memberId} is not in the candidate's unit on ${date}`,
      field,
      ref,
    );
  }
  if (replacement) return;
  const shared = monthsIn(member, candidate.organisationId, date, candidate.inUnitSince);
  if (shared < rules.introducerSharedMonths) {
    throw new Refusal(
      RULES.introducerTooShort,
      `Member ${member.memberId} has shared the unit with the candidate for ${shared} month(s) on ${date}; an introducer needs ${rules.introducerSharedMonths}`,
      field,
      ref,
    );
  }
}

/** Every introducer still counting must still be able to introduce on `date` (else: replace them first). */
export function checkIntroducersStillEligible(
  candidate: Candidate,
  members: ReadonlyMap<string, MemberFacts>,
  date: CalendarDate,
  rules: AdmissionRules,
): void {
  for (const introducer of candidate.introduction?.introducers ?? []) {
    if (introducer.replacedOn !== null) continue;
    const lapse = introducerLapse(
      members.get(introducer.memberId),
      candidate.organisationId,
      introducer.since,
      date,
    );
    if (lapse) {
      throw new Refusal(
        RULES.introducerNoLongerEligible,
        `Introducer ${introducer.memberId} ${lapse === 'MOVED' ? 'moved away' : lapse === 'LEFT' ? 'left the Party' : 'was disciplined'}: the cell assigns another official member first (replaceIntroducer)`,
        null,
        rules.references.introducers,
      );
    }
  }
}

export interface VoteInput {
  date: CalendarDate;
  present: number;
  votesFor: number;
  votesAgainst: number;
}

/**
 * The cell's vote: at least the rules' share of ALL its official members (present or not, less those
 * on temporary transfer elsewhere), counted from the member register on the day of the vote.
 */
export function checkCellVote(
  vote: VoteInput,
  cellId: string,
  members: readonly MemberFacts[],
  rules: AdmissionRules,
): { officialMembers: number; temporarilyAway: number } {
  const ref = rules.references.cellVote;
  const { counted, temporarilyAway } = cellOfficialMembers(members, cellId, vote.date);
  checkVoteNumbers(vote, counted, ref);
  if (counted === 0) {
    throw new Refusal(
      RULES.cellHasNoOfficialMembers,
      `The member register shows no official member of the cell on ${vote.date}`,
      null,
      ref,
    );
  }
  if (!reaches(vote.votesFor, counted, rules.cellApproval)) {
    const { numerator, denominator } = rules.cellApproval;
    throw new Refusal(
      RULES.cellVoteBelowShare,
      `${vote.votesFor} in favour of ${counted} official members (${temporarilyAway} on temporary transfer elsewhere not counted; absent members count): ${numerator}/${denominator} needs ${votesNeeded(counted, rules.cellApproval)}`,
      ['votesFor'],
      ref,
    );
  }
  return { officialMembers: counted, temporarilyAway };
}

export function checkVoteNumbers(vote: VoteInput, of: number, legalReference: string): void {
  const bad = (message: string, field: string) => {
    throw new Refusal(RULES.votesInconsistent, message, [field], legalReference);
  };
  for (const [field, value] of Object.entries({
    present: vote.present,
    votesFor: vote.votesFor,
    votesAgainst: vote.votesAgainst,
  })) {
    if (!Number.isInteger(value) || value < 0) bad(`${field} must be a whole number ≥ 0`, field);
  }
  if (vote.present > of) bad(`${vote.present} present, but only ${of} may vote`, 'present');
  if (vote.votesFor + vote.votesAgainst > vote.present) {
    bad(`${vote.votesFor} for and ${vote.votesAgainst} against, but ${vote.present} present`, 'votesFor');
  }
}

export function checkCommitteeVote(
  vote: { date: CalendarDate; members: number; votesFor: number },
  rules: AdmissionRules,
): void {
  const ref = rules.references.committeeVote;
  if (!Number.isInteger(vote.members) || vote.members < 1) {
    throw new Refusal(RULES.votesInconsistent, 'members must be a whole number ≥ 1', ['members'], ref);
  }
  if (!Number.isInteger(vote.votesFor) || vote.votesFor < 0 || vote.votesFor > vote.members) {
    throw new Refusal(RULES.votesInconsistent, `votesFor must be 0 to ${vote.members}`, ['votesFor'], ref);
  }
  if (!reaches(vote.votesFor, vote.members, rules.committeeApproval)) {
    throw new Refusal(
      RULES.committeeVoteBelowShare,
      `${vote.votesFor} of ${vote.members} committee members in favour: ${votesNeeded(vote.members, rules.committeeApproval)} needed`,
      ['votesFor'],
      ref,
    );
  }
}

/** The decision within the working days of the cell resolution; beyond them only with an extension, never beyond that. */
export function checkDecisionDeadline(
  cellVoteDate: CalendarDate,
  date: CalendarDate,
  extension: string | null,
  rules: AdmissionRules,
  calendar: WorkingCalendar,
): boolean {
  const due = calendar.addWorkingDays(cellVoteDate, rules.decisionWorkingDays);
  if (date <= due) return false;
  const extended = calendar.addWorkingDays(
    cellVoteDate,
    rules.decisionWorkingDays + rules.decisionExtensionWorkingDays,
  );
  if (date > extended) {
    throw new Refusal(
      RULES.decisionDeadlinePassed,
      `The cell resolution of ${cellVoteDate} allowed a decision until ${due}, ${extended} with the extension; on ${date} it has lapsed: the cell must consider the candidate again`,
      ['date'],
      rules.references.decision,
    );
  }
  if (!extension?.trim()) {
    throw new Refusal(
      RULES.decisionExtensionRequired,
      `The decision was due by ${due} (${rules.decisionWorkingDays} working days after the cell resolution of ${cellVoteDate}); later, until ${extended}, only with an extension`,
      ['extension'],
      rules.references.decision,
    );
  }
  return true;
}

/** The ceremony within the working days of receiving the decision; later only with the upper committee's consent. */
export function checkCeremonyDeadline(
  receivedOn: CalendarDate,
  date: CalendarDate,
  consent: string | null,
  rules: AdmissionRules,
  calendar: WorkingCalendar,
): boolean {
  const due = calendar.addWorkingDays(receivedOn, rules.ceremonyWorkingDays);
  if (date <= due) return false;
  if (!consent?.trim()) {
    throw new Refusal(
      RULES.ceremonyConsentRequired,
      `The ceremony was due by ${due} (${rules.ceremonyWorkingDays} working days after the decision was received on ${receivedOn}); later only with the upper committee's consent`,
      ['upperCommitteeConsent'],
      rules.references.ceremony,
    );
  }
  return true;
}
