import type { CandidateAdmittedV1, MemberRegistrationSource } from '@dangvien/contracts';
import { addMonths, Refusal, yearsBetween } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import { academicTitleOf, qualificationLevelOf, religionOf, theoryLevelOf } from './catalogue';
import type { Decided } from './decision';
import { publicEvent } from './decision';
import type { MemberFile, Profile } from './member';
import { checkedProfile, cleanText } from './profile';
import { decideLeaving } from './lifecycle';
import { memberRulesIfAny, RULES } from './rules';

export interface RegistrationInput {
  id: string;
  profile: Profile;
  organisationId: string;
  decisionDate: CalendarDate;
  decisionNumber: string | null;
  ceremonyDate: CalendarDate | null;
  officialDate: CalendarDate | null;
  memberSince: CalendarDate | null;
  source: Exclude<MemberRegistrationSource, never>;
}

/**
 * Checks the three admission dates of a file: decision ≤ ceremony ≤ official ≤ today, at least the
 * minimum age at the decision, and — where the rule tables cover the ceremony date — the official
 * date at the end of probation (official from the end of the 12 months, even when approved late).
 */
function checkAdmissionDates(input: RegistrationInput, today: CalendarDate): void {
  const { decisionDate, ceremonyDate, officialDate } = input;
  for (const [field, date] of [
    ['decisionDate', decisionDate],
    ['ceremonyDate', ceremonyDate],
    ['officialDate', officialDate],
    ['memberSince', input.memberSince],
  ] as const) {
    if (date && date > today)
      throw new Refusal(RULES.dateInFuture, `${field} ${date} is after today`, [field]);
  }
  if (ceremonyDate && ceremonyDate < decisionDate) {
    throw new Refusal(RULES.datesOutOfOrder, 'The admission ceremony cannot come before the decision', [
      'ceremonyDate',
    ]);
  }
  if (officialDate && officialDate < (ceremonyDate ?? decisionDate)) {
    throw new Refusal(RULES.datesOutOfOrder, 'The official date cannot come before the admission', [
      'officialDate',
    ]);
  }
  if (input.memberSince && input.memberSince < decisionDate) {
    throw new Refusal(RULES.datesOutOfOrder, 'A member cannot be on a list before the admission decision', [
      'memberSince',
    ]);
  }
  const rules = memberRulesIfAny(decisionDate);
  if (rules && yearsBetween(input.profile.dateOfBirth, decisionDate) < rules.minimumAdmissionAge) {
    throw new Refusal(
      RULES.tooYoungAtAdmission,
      `A member is admitted at ${rules.minimumAdmissionAge} at the earliest; born ${input.profile.dateOfBirth}, decided ${decisionDate}`,
      ['decisionDate'],
      rules.legalReference,
    );
  }
  const atCeremony = ceremonyDate ? memberRulesIfAny(ceremonyDate) : null;
  if (officialDate && ceremonyDate && atCeremony) {
    const end = addMonths(ceremonyDate, atCeremony.probationMonths);
    if (officialDate !== end) {
      throw new Refusal(
        RULES.officialDateNotEndOfProbation,
        `Official from the end of the ${atCeremony.probationMonths} months of probation: ${end}, not ${officialDate}`,
        ['officialDate'],
        atCeremony.legalReference,
      );
    }
  }
}

/** A file entered for someone who already is a member (by hand, or a row of an imported list). */
export function decideRegistration(input: RegistrationInput, today: CalendarDate): Decided {
  const profile = checkedProfile(input.profile, today, ['person']);
  checkAdmissionDates({ ...input, profile }, today);
  const status = input.officialDate ? 'OFFICIAL' : 'PROBATIONARY';
  const statusHistory: MemberFile['statusHistory'] = [
    {
      status: 'PROBATIONARY',
      from: input.decisionDate,
      reason: null,
      decision: null,
      ceremonyDate: input.ceremonyDate,
    },
  ];
  if (input.officialDate) {
    statusHistory.push({ status: 'OFFICIAL', from: input.officialDate, reason: null, decision: null });
  }
  const memberSince = input.memberSince ?? input.decisionDate;
  const file: MemberFile = {
    id: input.id,
    version: 0,
    source: input.source,
    profile,
    admission: {
      decisionDate: input.decisionDate,
      decisionNumber: cleanText(input.decisionNumber),
      ceremonyDate: input.ceremonyDate,
      officialDate: input.officialDate,
      admittingOrganisationId: null,
      introducerMemberIds: [],
      youthUnionIntroduction: false,
      recognitionDecision: null,
    },
    status,
    statusHistory,
    organisationId: input.organisationId,
    // Counted in this organisation from the admission: an existing file does not say where else the
    // member was before; `joinedOn` keeps since when they are on this list.
    placements: [
      {
        organisationId: input.organisationId,
        from: input.decisionDate,
        to: null,
        cause: 'REGISTERED',
        joinedOn: memberSince === input.decisionDate ? null : memberSince,
      },
    ],
    exemptions: [],
    temporaryStays: [],
    letters: [],
    disciplines: [],
    badges: [],
    awards: [],
    readmissions: 0,
    awaitingPlacement: null,
  };
  return {
    file,
    action: 'REGISTERED',
    effectiveDate: memberSince,
    reason: input.source === 'IMPORT' ? 'Imported member list' : null,
    decision: null,
    events: [
      publicEvent('dangvien.members.MemberRegistered.v1', {
        memberId: input.id,
        organisationId: input.organisationId,
        status,
        decisionDate: input.decisionDate,
        ceremonyDate: input.ceremonyDate,
        officialDate: input.officialDate,
        memberSince,
        source: input.source,
      }),
    ],
  };
}

/** The member file recruitment hands over with an admitted candidate: the person as their file has them. */
export function profileFromHandover(person: CandidateAdmittedV1['person']): Profile {
  return {
    fullName: person.fullName,
    otherNames: person.otherNames,
    sex: person.sex,
    dateOfBirth: person.dateOfBirth,
    birthplace: person.birthplace,
    hometown: person.hometown,
    residence: person.residence,
    ethnicityCode: person.ethnicityCode,
    religion: religionOf(person.religion),
    personalHistory: null,
    citizenId: person.citizenId,
    occupation: person.occupation,
    // Free text on the candidate's forms: kept when it reads as grade/system, left out otherwise.
    generalEducation: person.generalEducation,
    professionalQualification:
      qualificationLevelOf(person.academicDegree) ?? qualificationLevelOf(person.professionalQualification),
    academicTitle: academicTitleOf(person.academicDegree),
    politicalTheory: theoryLevelOf(person.politicalTheory),
    foreignLanguage: person.foreignLanguage,
    informationTechnology: person.informationTechnology,
    youthUnionEntryDate: person.youthUnionEntryDate,
    historyNumber: null,
    partyCardNumber: null,
  };
}

/** A candidate admitted by recruitment: a PROBATIONARY member of the admitting cell from the decision. */
export function decideAdmission(event: CandidateAdmittedV1, today: CalendarDate): Decided {
  const raw = profileFromHandover(event.person);
  const profile = checkedProfile(
    { ...raw, generalEducation: lenientEducation(raw.generalEducation) },
    today,
    ['person'],
  );
  const file: MemberFile = {
    id: event.memberId,
    version: 0,
    source: 'ADMISSION',
    profile,
    admission: {
      decisionDate: event.decisionDate,
      decisionNumber: event.decisionNumber,
      ceremonyDate: event.ceremonyDate,
      officialDate: null,
      admittingOrganisationId: event.organisationId,
      introducerMemberIds: event.introducerMemberIds,
      youthUnionIntroduction: event.youthUnionIntroduction,
      recognitionDecision: null,
    },
    status: 'PROBATIONARY',
    statusHistory: [
      {
        status: 'PROBATIONARY',
        from: event.decisionDate,
        reason: null,
        decision: { number: event.decisionNumber, date: event.decisionDate, issuedBy: null },
        ceremonyDate: event.ceremonyDate,
      },
    ],
    organisationId: event.organisationId,
    placements: [
      {
        organisationId: event.organisationId,
        from: event.decisionDate,
        to: null,
        cause: 'ADMITTED',
        joinedOn: null,
      },
    ],
    exemptions: [],
    temporaryStays: [],
    letters: [],
    disciplines: [],
    badges: [],
    awards: [],
    readmissions: 0,
    awaitingPlacement: null,
  };
  return {
    file,
    action: 'ADMITTED',
    effectiveDate: event.decisionDate,
    reason: null,
    decision: { number: event.decisionNumber, date: event.decisionDate, issuedBy: null },
    events: [
      publicEvent('dangvien.members.MemberAdmitted.v1', {
        memberId: event.memberId,
        organisationId: event.organisationId,
        decisionDate: event.decisionDate,
        ceremonyDate: event.ceremonyDate,
      }),
    ],
  };
}

/** The candidate forms write general education freely; only a grade/system value is kept. */
function lenientEducation(text: string | null): string | null {
  const cleaned = text?.replace(/\s*\/\s*/, '/').trim() ?? null;
  return cleaned && /^\d{1,2}\/(10|12)$/.test(cleaned) ? cleaned : null;
}

/** Probation ended without recognition: the name is removed from the list (xóa tên). */
export function decideProbationFailed(
  file: MemberFile,
  input: { effectiveDate: CalendarDate; decisionNumber: string; reason: string; today: CalendarDate },
): Decided {
  if (file.status !== 'PROBATIONARY') {
    throw new Refusal(
      RULES.notProbationary,
      `Only a probationary member fails probation (this one is ${file.status})`,
      ['id'],
    );
  }
  const left = decideLeaving(file, {
    reason: 'REMOVED',
    effectiveDate: input.effectiveDate,
    // Recorded as decided, even after a change dated later (the vote comes after the 12 months).
    today: input.today < input.effectiveDate ? input.effectiveDate : input.today,
    note: input.reason,
    decision: { number: input.decisionNumber, date: input.effectiveDate, issuedBy: null },
  });
  return { ...left, action: 'PROBATION_FAILED' };
}
