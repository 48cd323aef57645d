import { EVENT_TYPES } from '../event-types';
import { dateSchema, eventDataSchema, idListSchema, idSchema, nullable } from '../json-schema';
import { EXAMPLE_IDS } from './organisations';

// The admission handover: how the recruitment service tells the members service that a candidate
// became a Party member, and how the probation ended. Published by recruitment on the restricted topic
// dangvien.recruitment.admissions.v1, keyed by the candidate id, so the three events of one candidate
// arrive in order. CandidateAdmitted carries the person's data for the member file, sensitive data
// included (ethnicity, religion, citizen id): only the members service may read that topic.

/** The person, as the admission file (forms 1-KNĐ, 2-KNĐ) records them: what the member file starts from. */
export interface AdmittedPersonV1 {
  fullName: string;
  /** Other names used (tên gọi khác, bí danh). */
  otherNames: string[];
  sex: 'MALE' | 'FEMALE';
  dateOfBirth: string;
  birthplace: string | null;
  hometown: string | null;
  residence: string | null;
  /** Code of the ethnic group in the official catalogue of 54 (the members service owns the catalogue). */
  ethnicityCode: string;
  /** Religion, or null for none. */
  religion: string | null;
  occupation: string | null;
  /** General education, e.g. "12/12". */
  generalEducation: string | null;
  professionalQualification: string | null;
  academicDegree: string | null;
  politicalTheory: string | null;
  foreignLanguage: string | null;
  informationTechnology: string | null;
  youthUnionEntryDate: string | null;
  /** The 12-digit citizen identity number (căn cước công dân), when recorded. */
  citizenId: string | null;
}

/**
 * A candidate was admitted: the competent committee decided and the ceremony was held, so the person is
 * now a PROBATIONARY member of organisationId. The members service creates the member file with
 * `memberId` (decided by recruitment, so both sides name the member alike without calling each other).
 */
export interface CandidateAdmittedV1 {
  candidateId: string;
  memberId: string;
  /** The admitting cell (chi bộ), where the new member is counted. */
  organisationId: string;
  /** The competent committee's decision: Party age counts from its date. */
  decisionDate: string;
  decisionNumber: string;
  /** The admission ceremony: probation (12 months) starts on it. */
  ceremonyDate: string;
  /** The official members who introduced the candidate (one when the Youth Union introduced them too). */
  introducerMemberIds: string[];
  /** Whether the Youth Union committee's resolution stood in for one introducer. */
  youthUnionIntroduction: boolean;
  person: AdmittedPersonV1;
}

/** The probation ended with recognition: official from the end of the 12 months, even if approval came later. */
export interface ProbationRecognisedV1 {
  candidateId: string;
  memberId: string;
  organisationId: string;
  officialDate: string;
  decisionDate: string;
  decisionNumber: string;
}

/** The probation ended without recognition: the member's name is removed from the list (xóa tên). */
export interface ProbationFailedV1 {
  candidateId: string;
  memberId: string;
  organisationId: string;
  effectiveDate: string;
  decisionNumber: string;
  reason: string;
}

const candidateId = idSchema('The candidate (the aggregate); equals the event subject and the Kafka key.');
const memberId = idSchema(
  'The Party member the candidate became (a UUID), as the members service names them.',
);
const text = (description: string) => nullable({ type: 'string', minLength: 1, description });

export const CandidateAdmittedV1Schema = eventDataSchema<CandidateAdmittedV1>({
  type: EVENT_TYPES.CandidateAdmitted,
  title: 'CandidateAdmittedV1',
  description:
    'A candidate was admitted (kết nạp): decided by the competent committee, ceremony held; a PROBATIONARY member from ceremonyDate. Carries the person for the member file, sensitive data included.',
  properties: {
    candidateId,
    memberId,
    organisationId: idSchema('The admitting cell, where the new member is counted.'),
    decisionDate: dateSchema(
      "The competent committee's admission decision date (YYYY-MM-DD); Party age counts from it.",
    ),
    decisionNumber: { type: 'string', minLength: 1, description: 'The decision number, e.g. "125-QĐ/ĐU".' },
    ceremonyDate: dateSchema('The admission ceremony date (YYYY-MM-DD); probation starts on it.'),
    introducerMemberIds: idListSchema('The official members who introduced the candidate.', 1),
    youthUnionIntroduction: {
      type: 'boolean',
      description: "Whether the Youth Union committee's resolution stood in for one of the two introducers.",
    },
    person: {
      type: 'object',
      additionalProperties: false,
      description: 'The person as the admission file records them.',
      required: [
        'fullName',
        'otherNames',
        'sex',
        'dateOfBirth',
        'birthplace',
        'hometown',
        'residence',
        'ethnicityCode',
        'religion',
        'occupation',
        'generalEducation',
        'professionalQualification',
        'academicDegree',
        'politicalTheory',
        'foreignLanguage',
        'informationTechnology',
        'youthUnionEntryDate',
        'citizenId',
      ],
      properties: {
        fullName: { type: 'string', minLength: 1, maxLength: 200, description: 'Full name (họ và tên).' },
        otherNames: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'Other names used.',
        },
        sex: { type: 'string', enum: ['MALE', 'FEMALE'], description: 'Sex as recorded.' },
        dateOfBirth: dateSchema('Date of birth (YYYY-MM-DD).'),
        birthplace: text('Place of birth (nơi sinh).'),
        hometown: text('Home town (quê quán).'),
        residence: text('Current residence (nơi ở hiện nay).'),
        ethnicityCode: {
          type: 'string',
          pattern: '^[0-9]{2}$',
          description: 'Ethnic group code in the official catalogue of 54 groups (01 Kinh … 54).',
        },
        religion: text('Religion; null for none.'),
        occupation: text('Occupation.'),
        generalEducation: text('General education, e.g. "12/12".'),
        professionalQualification: text('Professional qualification.'),
        academicDegree: text('Academic degree and title.'),
        politicalTheory: text('Political theory level.'),
        foreignLanguage: text('Foreign language.'),
        informationTechnology: text('IT level.'),
        youthUnionEntryDate: nullable(dateSchema('Youth Union entry date (YYYY-MM-DD).')),
        citizenId: nullable({
          type: 'string',
          pattern: '^[0-9]{12}$',
          description: 'Citizen identity number, 12 digits.',
        }),
      },
    },
  },
});

export const ProbationRecognisedV1Schema = eventDataSchema<ProbationRecognisedV1>({
  type: EVENT_TYPES.ProbationRecognised,
  title: 'ProbationRecognisedV1',
  description:
    'A probationary member was recognised as official (công nhận đảng viên chính thức) from officialDate, the end of the 12 months of probation.',
  properties: {
    candidateId,
    memberId,
    organisationId: idSchema('The organisation the member belongs to.'),
    officialDate: dateSchema(
      'The official date (YYYY-MM-DD): the end of the 12 months, even when approval came later.',
    ),
    decisionDate: dateSchema('The date of the recognition decision (YYYY-MM-DD).'),
    decisionNumber: { type: 'string', minLength: 1, description: 'The recognition decision number.' },
  },
});

export const ProbationFailedV1Schema = eventDataSchema<ProbationFailedV1>({
  type: EVENT_TYPES.ProbationFailed,
  title: 'ProbationFailedV1',
  description:
    'A probationary member was not recognised: their name is removed from the list (xóa tên) from effectiveDate.',
  properties: {
    candidateId,
    memberId,
    organisationId: idSchema('The organisation the member belonged to.'),
    effectiveDate: dateSchema('The date the removal takes effect (YYYY-MM-DD).'),
    decisionNumber: { type: 'string', minLength: 1, description: 'The decision number.' },
    reason: {
      type: 'string',
      minLength: 1,
      description: 'Why the probation failed, as the decision states it.',
    },
  },
});

const candidate = '7c1e5b3a-2d4f-4a6b-8c9d-0e1f2a3b4c5d';
const newMember = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';

export const CandidateAdmittedV1Example: CandidateAdmittedV1 = {
  candidateId: candidate,
  memberId: newMember,
  organisationId: EXAMPLE_IDS.tanLap,
  decisionDate: '2025-05-19',
  decisionNumber: '125-QĐ/ĐU',
  ceremonyDate: '2025-06-02',
  introducerMemberIds: ['e4b7c2d9-5a1f-4e3b-9c6d-7a8b9c0d1e20'],
  youthUnionIntroduction: true,
  person: {
    fullName: 'Hoàng Thị Mai',
    otherNames: [],
    sex: 'FEMALE',
    dateOfBirth: '2001-03-14',
    birthplace: 'Xã Tân Linh, Đại Từ, Thái Nguyên',
    hometown: 'Xã Tân Linh, Đại Từ, Thái Nguyên',
    residence: 'Xóm Đồng Cả, xã Đại Từ, Thái Nguyên',
    ethnicityCode: '02',
    religion: null,
    occupation: 'Giáo viên',
    generalEducation: '12/12',
    professionalQualification: 'Đại học sư phạm',
    academicDegree: 'Cử nhân',
    politicalTheory: 'Sơ cấp',
    foreignLanguage: 'Tiếng Anh B1',
    informationTechnology: 'Cơ bản',
    youthUnionEntryDate: '2016-03-26',
    citizenId: '019301000123',
  },
};

export const ProbationRecognisedV1Example: ProbationRecognisedV1 = {
  candidateId: candidate,
  memberId: newMember,
  organisationId: EXAMPLE_IDS.tanLap,
  officialDate: '2026-06-02',
  decisionDate: '2026-07-10',
  decisionNumber: '301-QĐ/ĐU',
};

export const ProbationFailedV1Example: ProbationFailedV1 = {
  candidateId: candidate,
  memberId: newMember,
  organisationId: EXAMPLE_IDS.tanLap,
  effectiveDate: '2026-07-10',
  decisionNumber: '302-QĐ/ĐU',
  reason: 'Không đủ tư cách đảng viên',
};
