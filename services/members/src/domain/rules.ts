import { defineRuleSets } from '@dangvien/domain';
import type { DatedRuleSet, RuleSetTable } from '@dangvien/domain';
import type { MemberDisciplineForm } from '@dangvien/contracts';

/** Rule codes, as clients see them in `userErrors[].code`: each names the rule that refused a change. */
export const RULES = {
  memberNotFound: 'MEMBER_NOT_FOUND',
  memberIdInvalid: 'MEMBER_ID_INVALID',
  organisationNotFound: 'ORGANISATION_NOT_FOUND',
  organisationDissolved: 'ORGANISATION_DISSOLVED',
  organisationNotACell: 'ORGANISATION_NOT_A_CELL',
  conflict: 'CONCURRENT_MODIFICATION',
  dateFormat: 'DATE_FORMAT',
  fullNameRequired: 'FULL_NAME_REQUIRED',
  fullNameTooLong: 'FULL_NAME_TOO_LONG',
  textTooLong: 'TEXT_TOO_LONG',
  dateOfBirthInFuture: 'DATE_OF_BIRTH_IN_FUTURE',
  tooYoungAtAdmission: 'TOO_YOUNG_AT_ADMISSION',
  ethnicityUnknown: 'ETHNICITY_UNKNOWN',
  partyCardFormat: 'PARTY_CARD_NUMBER_FORMAT',
  partyCardTaken: 'PARTY_CARD_NUMBER_TAKEN',
  citizenIdFormat: 'CITIZEN_ID_FORMAT',
  generalEducationFormat: 'GENERAL_EDUCATION_FORMAT',
  datesOutOfOrder: 'ADMISSION_DATES_OUT_OF_ORDER',
  officialDateNotEndOfProbation: 'OFFICIAL_DATE_NOT_END_OF_PROBATION',
  dateInFuture: 'DATE_IN_FUTURE',
  dateBeforeLastChange: 'DATE_BEFORE_LAST_CHANGE',
  noChange: 'NO_CHANGE',
  reasonRequired: 'REASON_REQUIRED',
  notCounted: 'MEMBER_NOT_ON_ANY_LIST',
  notProbationary: 'MEMBER_NOT_PROBATIONARY',
  probationNotEnded: 'PROBATION_NOT_ENDED',
  exemptionOnlyForOfficial: 'EXEMPTION_ONLY_FOR_OFFICIAL_MEMBERS',
  alreadyExempted: 'ALREADY_EXEMPTED',
  notExempted: 'NOT_EXEMPTED',
  exemptionUntilBeforeStart: 'EXEMPTION_UNTIL_BEFORE_START',
  transferPending: 'TRANSFER_LETTER_PENDING',
  noTransferPending: 'NO_TRANSFER_LETTER_PENDING',
  transferToSameOrganisation: 'TRANSFER_TO_SAME_ORGANISATION',
  transferWhileTemporary: 'ON_TEMPORARY_TRANSFER',
  transferLetterExpired: 'TRANSFER_LETTER_EXPIRED',
  transferBeforeIssue: 'TRANSFER_ACCEPTED_BEFORE_ISSUE',
  notOnTemporaryTransfer: 'NOT_ON_TEMPORARY_TRANSFER',
  cancelReasonInvalid: 'CANCEL_REASON_INVALID',
  alreadyLeft: 'MEMBER_ALREADY_LEFT',
  disciplineFormNotAllowed: 'DISCIPLINE_FORM_NOT_ALLOWED_FOR_PROBATIONARY',
  readmissionNotAllowed: 'READMISSION_NOT_ALLOWED',
  readmissionTooSoon: 'READMISSION_TOO_SOON',
  readmissionLimit: 'READMISSION_LIMIT_REACHED',
  readmissionBarred: 'READMISSION_BARRED',
  restoreNotAllowed: 'RESTORATION_NOT_ALLOWED',
  badgeNotAMilestone: 'BADGE_NOT_A_MILESTONE',
  badgeNotReached: 'BADGE_NOT_REACHED',
  badgeAlreadyAwarded: 'BADGE_ALREADY_AWARDED',
  placementNotRequired: 'PLACEMENT_NOT_REQUIRED',
  memberAlreadyExists: 'MEMBER_ALREADY_EXISTS',
  importFormat: 'IMPORT_FORMAT_UNSUPPORTED',
  importUnreadable: 'IMPORT_FILE_UNREADABLE',
  importNotFound: 'IMPORT_NOT_FOUND',
} as const;

/**
 * The numbers the Party Charter and its regulations put on a member's file (DOMAIN.md §3–4). Every
 * number is dated configuration: a new regulation is a new entry, and a case is judged by the entry
 * in force on its own date. Marked "to verify" where DOMAIN.md says the figure is uncertain.
 */
export interface MemberRules extends DatedRuleSet {
  /** Probation lasts this many months from the admission ceremony; official from its end. */
  probationMonths: number;
  /** Readmission (kết nạp lại) only this many times… */
  readmissionLimit: number;
  /** … and no sooner than this many months after leaving. */
  readmissionWaitMonths: number;
  /** Days the receiving committee has to accept an introduction letter (to verify). */
  transferLetterValidDays: number;
  /** Years of Party age at which a Party badge (huy hiệu Đảng) is awarded. */
  badgeMilestones: readonly number[];
  /** The disciplinary forms a probationary member can receive (to verify). */
  probationaryDisciplineForms: readonly MemberDisciplineForm[];
  /** Minimum age at the admission decision, in years. */
  minimumAdmissionAge: number;
}

const NUMBERS = {
  probationMonths: 12,
  readmissionLimit: 1,
  readmissionWaitMonths: 36,
  transferLetterValidDays: 30,
  badgeMilestones: [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90],
  probationaryDisciplineForms: ['REPRIMAND', 'WARNING'] as MemberDisciplineForm[],
  minimumAdmissionAge: 18,
};

export const MEMBER_RULES: RuleSetTable<MemberRules> = defineRuleSets('member rules', [
  {
    effectiveFrom: '2011-11-01',
    legalReference: 'Party Charter (2011), art. 1, 4, 5, 8; Regulation 45-QĐ/TW of 1 November 2011',
    ...NUMBERS,
  },
  {
    effectiveFrom: '2016-07-25',
    legalReference: 'Party Charter (2011); Regulation 29-QĐ/TW of 25 July 2016',
    ...NUMBERS,
  },
  {
    effectiveFrom: '2021-07-30',
    legalReference: 'Party Charter (2011); Regulation 24-QĐ/TW of 30 July 2021',
    ...NUMBERS,
  },
  {
    effectiveFrom: '2025-05-26',
    legalReference: 'Party Charter (2011); Regulation 294-QĐ/TW of 26 May 2025',
    ...NUMBERS,
  },
]);

/** The rules in force on `date`; refused with NO_RULE_SET_IN_FORCE before the first entry. */
export function memberRulesAt(date: string, field: readonly string[] | null = null): MemberRules {
  return MEMBER_RULES.at(date, field);
}

/**
 * The rules in force on `date`, or null before the first entry. Only for checking what an existing
 * file records (an imported member admitted in 1978): the table has no numbers for that date, so the
 * file's own dates are taken as recorded; every decision made through this service uses
 * `memberRulesAt`, which refuses instead.
 */
export function memberRulesIfAny(date: string): MemberRules | null {
  return date < MEMBER_RULES.entries[0]!.effectiveFrom ? null : MEMBER_RULES.at(date);
}

/** Where members are on a list: a Party cell, or a grassroots Party cell (Party Charter, art. 21–24). */
export const MEMBER_ORGANISATION_LEVELS = ['CELL', 'GRASSROOTS_CELL'] as const;
