import { EVENT_TYPES } from '../event-types';
import { dateSchema, decisionSchema, eventDataSchema, idSchema, nullable } from '../json-schema';
import type { DecisionReference } from '../organisation';
import { EXAMPLE_DECISION, EXAMPLE_IDS } from './organisations';

// Events of the recruitment service on dangvien.recruitment.events.v1: the admission procedure of each
// candidate, the admission plans and the early warnings, for integrators and the emulation service.
// Personal data (a candidate id is a person), never sensitive data: no name, ethnicity, religion,
// citizen id or history travels here, and no structure category derived from them (ethnic minority,
// religious follower); plan progress by structure is published per plan, as counts. The person's data
// goes to the members service on the restricted admissions topic only (admissions.ts).

/** The stages of a candidate's procedure (DOMAIN.md §4), in order; the last four are ends. */
export const CANDIDATE_STAGES = [
  'LISTED',
  'CLASS_CERTIFIED',
  'APPLIED',
  'HISTORY_DECLARED',
  'INTRODUCED',
  'VERIFIED',
  'CELL_RESOLVED',
  'GRASSROOTS_RESOLVED',
  'DECIDED',
  'PROBATIONARY',
  'RECOGNITION_PROPOSED',
  'OFFICIAL',
  'REMOVED',
  'WITHDRAWN',
  'REJECTED',
] as const;
export type CandidateStage = (typeof CANDIDATE_STAGES)[number];

export const CANDIDATE_STAGE_DESCRIPTIONS: Record<CandidateStage, string> = {
  LISTED: 'On the list of outstanding people (quần chúng ưu tú, cảm tình Đảng)',
  CLASS_CERTIFIED: 'Holds the Party awareness class certificate (lớp bồi dưỡng nhận thức về Đảng)',
  APPLIED: 'Application filed (đơn xin vào Đảng, form 1-KNĐ)',
  HISTORY_DECLARED: 'Personal history declared (lý lịch của người xin vào Đảng, form 2-KNĐ)',
  INTRODUCED: 'Introduced by two official members, or by the Youth Union committee and one official member',
  VERIFIED: 'Background verified (thẩm tra lý lịch)',
  CELL_RESOLVED: 'The cell resolved to propose admission (nghị quyết chi bộ, ≥ 2/3 of its official members)',
  GRASSROOTS_RESOLVED: 'The grassroots committee resolved to propose it (nghị quyết đảng ủy cơ sở)',
  DECIDED: "The competent committee's admission decision (quyết định kết nạp)",
  PROBATIONARY: 'Admitted at the ceremony (lễ kết nạp): a probationary member (đảng viên dự bị)',
  RECOGNITION_PROPOSED: 'The cell voted to recognise the probationary member as official',
  OFFICIAL: 'Recognised as an official member (đảng viên chính thức)',
  REMOVED: 'Not recognised after probation: removed from the list (xóa tên)',
  WITHDRAWN: 'Withdrew, or was taken off the list, before admission',
  REJECTED: 'Refused admission at one of the steps',
};

/** Where a candidate comes from, as the commune lists them (DOMAIN.md §1). Nothing sensitive. */
export const CANDIDATE_SOURCES = [
  'YOUNG_GRADUATE_LOCAL',
  'VILLAGE_HEAD',
  'FRONT_COMMITTEE_HEAD',
  'STUDENT',
  'PRIVATE_ENTERPRISE_WORKER',
  'YOUTH_UNION_MEMBER',
  'STATE_EMPLOYEE',
  'ARMED_FORCES',
  'FARMER',
  'OTHER',
] as const;
export type CandidateSource = (typeof CANDIDATE_SOURCES)[number];

/**
 * The structure (cơ cấu) a plan targets. WOMEN, ETHNIC_MINORITY, UNDER_30 and RELIGIOUS_FOLLOWER come
 * from the person file; the others from the candidate's source and occupation.
 */
export const STRUCTURE_CATEGORIES = [
  'WOMEN',
  'ETHNIC_MINORITY',
  'UNDER_30',
  'STUDENT',
  'PRIVATE_ENTERPRISE_WORKER',
  'VILLAGE_HEAD',
  'FRONT_COMMITTEE_HEAD',
  'RELIGIOUS_FOLLOWER',
  'YOUNG_GRADUATE_LOCAL',
] as const;
export type StructureCategory = (typeof STRUCTURE_CATEGORIES)[number];

export interface CandidateListedV1 {
  candidateId: string;
  /** The cell whose list the candidate is on. */
  organisationId: string;
  /** The village or residential group they live in (organisations' locality), when recorded. */
  localityId: string | null;
  sourceCategory: CandidateSource;
  listedOn: string;
  /** The official member assigned to help them. */
  helperMemberId: string | null;
}

/** One step of the procedure, with what was recorded for it and the rules it was judged by. */
export interface CandidateStageChangedV1 {
  candidateId: string;
  organisationId: string;
  previousStage: CandidateStage;
  stage: CandidateStage;
  /** The day of the step (the vote, the decision, the ceremony…), YYYY-MM-DD. */
  date: string;
  /** Who took it: the cell, committee or body, as recorded. */
  actor: string;
  /** The decision, resolution, form or certificate number, when there is one. */
  reference: string | null;
  /** Whether the step came after its deadline (where the rules allow a late step). */
  late: boolean;
  /** The rule set it was judged by (its legal reference). */
  ruleSet: string;
  /** The member the candidate became, from PROBATIONARY on; null before. */
  memberId: string | null;
}

export interface CandidateIntroducerReplacedV1 {
  candidateId: string;
  organisationId: string;
  previousMemberId: string;
  memberId: string;
  date: string;
  /** Why: MOVED, LEFT or DISCIPLINED (the introducer can no longer introduce). */
  reason: 'MOVED' | 'LEFT' | 'DISCIPLINED';
}

export interface StructureCount {
  category: StructureCategory;
  count: number;
}

/** A committee set or revised the admission plan of a unit for a year. Each revision is a new event. */
export interface AdmissionPlanAdoptedV1 {
  planId: string;
  organisationId: string;
  year: number;
  /** The committee that set it (the unit itself or one above it). */
  setByOrganisationId: string;
  /** 1 for the first plan, then 2, 3… */
  revision: number;
  quota: number;
  targets: StructureCount[];
  effectiveDate: string;
  decision: DecisionReference | null;
  reason: string | null;
}

/** Admissions counted against a plan changed (a decision recorded in its subtree). */
export interface AdmissionPlanProgressChangedV1 {
  planId: string;
  organisationId: string;
  year: number;
  quota: number;
  admitted: number;
  byCategory: { category: StructureCategory; target: number; admitted: number }[];
  asOf: string;
}

export const WARNING_CODES = [
  'DEADLINE_APPROACHING',
  'DEADLINE_PASSED',
  'PLAN_BEHIND_PACE',
  'NUMBERS_OVER_STRUCTURE',
  'LOCALITY_WITHOUT_ADMISSION',
  'VILLAGE_HEAD_NOT_MEMBER',
  'INTRODUCER_REPLACEMENT_NEEDED',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];
export const WARNING_SUBJECTS = ['CANDIDATE', 'PLAN', 'LOCALITY'] as const;
export type WarningSubject = (typeof WARNING_SUBJECTS)[number];

export interface RecruitmentWarningRaisedV1 {
  /** Stable for one code and subject: raised again only after it was cleared. */
  warningId: string;
  code: WarningCode;
  /** The organisation it concerns (the cell, the planned unit, the commune of a locality). */
  organisationId: string;
  subjectKind: WarningSubject;
  subjectId: string;
  /** The rule, e.g. "decision within 60 working days of the cell resolution". */
  rule: string;
  legalReference: string | null;
  message: string;
  /** The day it was found. */
  asOf: string;
  /** For deadlines: the last day. */
  dueOn: string | null;
}

export interface RecruitmentWarningClearedV1 {
  warningId: string;
  code: WarningCode;
  organisationId: string;
  subjectId: string;
  asOf: string;
}

const candidateId = idSchema('The candidate (the aggregate); equals the event subject and the Kafka key.');
const organisationId = idSchema('The organisation (the cell whose list the candidate is on).');
const stage = (description: string) => ({ type: 'string', enum: [...CANDIDATE_STAGES], description });
const category = { type: 'string', enum: [...STRUCTURE_CATEGORIES], description: 'A structure category.' };
const count = (description: string) => ({ type: 'integer', minimum: 0, description });

export const CandidateListedV1Schema = eventDataSchema<CandidateListedV1>({
  type: EVENT_TYPES.CandidateListed,
  title: 'CandidateListedV1',
  description:
    "A person was put on a cell's list of outstanding people (quần chúng ưu tú). Their first event.",
  properties: {
    candidateId,
    organisationId,
    localityId: nullable(idSchema('Their village or residential group, when recorded.')),
    sourceCategory: { type: 'string', enum: [...CANDIDATE_SOURCES], description: 'Where they come from.' },
    listedOn: dateSchema('The day they were listed (YYYY-MM-DD).'),
    helperMemberId: nullable(idSchema('The official member assigned to help them.')),
  },
});

export const CandidateStageChangedV1Schema = eventDataSchema<CandidateStageChangedV1>({
  type: EVENT_TYPES.CandidateStageChanged,
  title: 'CandidateStageChangedV1',
  description:
    'A candidate took one step of the admission procedure (or left it), judged by the rule set in force on the day of the step.',
  properties: {
    candidateId,
    organisationId,
    previousStage: stage('The stage before.'),
    stage: stage('The stage now.'),
    date: dateSchema('The day of the step (YYYY-MM-DD).'),
    actor: { type: 'string', minLength: 1, description: 'Who took the step, as recorded.' },
    reference: nullable({
      type: 'string',
      minLength: 1,
      description: 'Decision, resolution or form number.',
    }),
    late: { type: 'boolean', description: 'Whether the step came after its deadline.' },
    ruleSet: { type: 'string', minLength: 1, description: 'The legal reference of the rules applied.' },
    memberId: nullable(idSchema('The member the candidate became, from PROBATIONARY on.')),
  },
});

export const CandidateIntroducerReplacedV1Schema = eventDataSchema<CandidateIntroducerReplacedV1>({
  type: EVENT_TYPES.CandidateIntroducerReplaced,
  title: 'CandidateIntroducerReplacedV1',
  description:
    'An introducer who moved away, left or was disciplined was replaced by another official member (the 12 months do not apply to a replacement).',
  properties: {
    candidateId,
    organisationId,
    previousMemberId: idSchema('The introducer replaced.'),
    memberId: idSchema('The new introducer.'),
    date: dateSchema('The day the cell assigned the new introducer.'),
    reason: { type: 'string', enum: ['MOVED', 'LEFT', 'DISCIPLINED'], description: 'Why.' },
  },
});

const targets = {
  type: 'array',
  description: 'Structure targets: how many admissions of each category.',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['category', 'count'],
    properties: { category, count: count('How many.') },
  },
};

export const AdmissionPlanAdoptedV1Schema = eventDataSchema<AdmissionPlanAdoptedV1>({
  type: EVENT_TYPES.AdmissionPlanAdopted,
  title: 'AdmissionPlanAdoptedV1',
  description: 'An admission plan (quota and structure) was set or revised for a unit and year.',
  properties: {
    planId: idSchema('The plan (the aggregate); equals the event subject and the Kafka key.'),
    organisationId: idSchema('The planned unit.'),
    year: { type: 'integer', minimum: 1930, maximum: 2200, description: 'The plan year.' },
    setByOrganisationId: idSchema('The committee that set it.'),
    revision: { type: 'integer', minimum: 1, description: 'The revision number, 1 first.' },
    quota: count('The number of admissions planned (chỉ tiêu).'),
    targets,
    effectiveDate: dateSchema('The day this revision holds from.'),
    decision: decisionSchema,
    reason: nullable({ type: 'string', minLength: 1, description: 'Why it was revised.' }),
  },
});

export const AdmissionPlanProgressChangedV1Schema = eventDataSchema<AdmissionPlanProgressChangedV1>({
  type: EVENT_TYPES.AdmissionPlanProgressChanged,
  title: 'AdmissionPlanProgressChangedV1',
  description: 'The admissions counted against a plan changed: counts only, per structure category.',
  properties: {
    planId: idSchema('The plan.'),
    organisationId: idSchema('The planned unit.'),
    year: { type: 'integer', minimum: 1930, maximum: 2200, description: 'The plan year.' },
    quota: count('The quota of the revision in force.'),
    admitted: count('Admissions decided in the unit’s subtree in the year.'),
    byCategory: {
      type: 'array',
      description: 'Per structure category: the target and the admissions.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['category', 'target', 'admitted'],
        properties: { category, target: count('The target.'), admitted: count('Admitted.') },
      },
    },
    asOf: dateSchema('The day the counts are for.'),
  },
});

const warningProperties = {
  warningId: idSchema('The warning (the aggregate): one per code and subject.'),
  code: { type: 'string', enum: [...WARNING_CODES], description: 'What it warns about.' },
  organisationId: idSchema('The organisation it concerns.'),
  subjectId: idSchema('The candidate, plan or locality.'),
  asOf: dateSchema('The day it was found or cleared.'),
};

export const RecruitmentWarningRaisedV1Schema = eventDataSchema<RecruitmentWarningRaisedV1>({
  type: EVENT_TYPES.RecruitmentWarningRaised,
  title: 'RecruitmentWarningRaisedV1',
  description: 'An early warning about admissions was found: it names the entity and the rule.',
  properties: {
    ...warningProperties,
    subjectKind: { type: 'string', enum: [...WARNING_SUBJECTS], description: 'What subjectId is.' },
    rule: { type: 'string', minLength: 1, description: 'The rule it is about.' },
    legalReference: nullable({ type: 'string', minLength: 1, description: 'The regulation, when one.' }),
    message: { type: 'string', minLength: 1, description: 'For people; no personal data.' },
    dueOn: nullable(dateSchema('For a deadline, its last day.')),
  },
});

export const RecruitmentWarningClearedV1Schema = eventDataSchema<RecruitmentWarningClearedV1>({
  type: EVENT_TYPES.RecruitmentWarningCleared,
  title: 'RecruitmentWarningClearedV1',
  description: 'A warning no longer holds (the step was taken, the plan caught up, a head joined…).',
  properties: warningProperties,
});

const candidate = '7c1e5b3a-2d4f-4a6b-8c9d-0e1f2a3b4c5d';
const plan = '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f';

export const CandidateListedV1Example: CandidateListedV1 = {
  candidateId: candidate,
  organisationId: EXAMPLE_IDS.tanLap,
  localityId: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
  sourceCategory: 'YOUNG_GRADUATE_LOCAL',
  listedOn: '2024-09-10',
  helperMemberId: 'e4b7c2d9-5a1f-4e3b-9c6d-7a8b9c0d1e20',
};

export const CandidateStageChangedV1Example: CandidateStageChangedV1 = {
  candidateId: candidate,
  organisationId: EXAMPLE_IDS.tanLap,
  previousStage: 'VERIFIED',
  stage: 'CELL_RESOLVED',
  date: '2025-04-08',
  actor: 'Chi bộ xóm Tân Lập',
  reference: '05-NQ/CB',
  late: false,
  ruleSet: 'QĐ 232-QĐ/TW of 20 January 2025; HD 01-HD/TW of 28 September 2021',
  memberId: null,
};

export const CandidateIntroducerReplacedV1Example: CandidateIntroducerReplacedV1 = {
  candidateId: candidate,
  organisationId: EXAMPLE_IDS.tanLap,
  previousMemberId: 'e4b7c2d9-5a1f-4e3b-9c6d-7a8b9c0d1e20',
  memberId: 'e4b7c2d9-5a1f-4e3b-9c6d-7a8b9c0d1e21',
  date: '2025-03-02',
  reason: 'MOVED',
};

export const AdmissionPlanAdoptedV1Example: AdmissionPlanAdoptedV1 = {
  planId: plan,
  organisationId: EXAMPLE_IDS.daiTu,
  year: 2025,
  setByOrganisationId: EXAMPLE_IDS.province,
  revision: 1,
  quota: 40,
  targets: [
    { category: 'WOMEN', count: 16 },
    { category: 'ETHNIC_MINORITY', count: 10 },
    { category: 'UNDER_30', count: 24 },
  ],
  effectiveDate: '2025-01-15',
  decision: EXAMPLE_DECISION,
  reason: null,
};

export const AdmissionPlanProgressChangedV1Example: AdmissionPlanProgressChangedV1 = {
  planId: plan,
  organisationId: EXAMPLE_IDS.daiTu,
  year: 2025,
  quota: 40,
  admitted: 12,
  byCategory: [
    { category: 'WOMEN', target: 16, admitted: 5 },
    { category: 'ETHNIC_MINORITY', target: 10, admitted: 2 },
    { category: 'UNDER_30', target: 24, admitted: 9 },
  ],
  asOf: '2025-06-30',
};

export const RecruitmentWarningRaisedV1Example: RecruitmentWarningRaisedV1 = {
  warningId: 'DEADLINE_PASSED:7c1e5b3a-2d4f-4a6b-8c9d-0e1f2a3b4c5d',
  code: 'DEADLINE_PASSED',
  organisationId: EXAMPLE_IDS.tanLap,
  subjectKind: 'CANDIDATE',
  subjectId: candidate,
  rule: 'ADMISSION_DECISION: decision within 60 working days of the cell resolution',
  legalReference: 'QĐ 294-QĐ/TW of 26 May 2025; HD 06-HD/TW of 9 June 2025',
  message: 'The admission decision was due by 2025-07-03 and has not been recorded',
  asOf: '2025-07-04',
  dueOn: '2025-07-03',
};

export const RecruitmentWarningClearedV1Example: RecruitmentWarningClearedV1 = {
  warningId: 'DEADLINE_PASSED:7c1e5b3a-2d4f-4a6b-8c9d-0e1f2a3b4c5d',
  code: 'DEADLINE_PASSED',
  organisationId: EXAMPLE_IDS.tanLap,
  subjectId: candidate,
  asOf: '2025-07-10',
};
