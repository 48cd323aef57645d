/**
 * The codes of every refusal of the emulation service: stable, machine-readable, each naming the rule
 * that refused the request. Clients match on these; messages are for people.
 */
export const RULES = {
  // Review periods
  periodNotFound: 'REVIEW_PERIOD_NOT_FOUND',
  periodExists: 'REVIEW_PERIOD_EXISTS',
  periodInvalid: 'REVIEW_PERIOD_INVALID',
  periodClosed: 'REVIEW_PERIOD_CLOSED',
  // Subjects
  memberUnknown: 'MEMBER_UNKNOWN',
  memberIdInvalid: 'MEMBER_ID_INVALID',
  memberNotInPeriod: 'MEMBER_NOT_A_MEMBER_IN_PERIOD',
  memberExempted: 'MEMBER_NOT_GRADED_EXEMPTED',
  organisationUnknown: 'ORGANISATION_UNKNOWN',
  organisationIdInvalid: 'ORGANISATION_ID_INVALID',
  organisationNotActive: 'ORGANISATION_NOT_ACTIVE_IN_PERIOD',
  organisationNotReviewed: 'ORGANISATION_LEVEL_NOT_REVIEWED',
  // Steps
  stepOutOfOrder: 'REVIEW_STEP_OUT_OF_ORDER',
  stepSuperseded: 'REVIEW_STEP_SUPERSEDED',
  revisionReasonRequired: 'REVISION_REASON_REQUIRED',
  decisionsSpanScopes: 'DECISIONS_SPAN_SCOPES',
  decisionsRequired: 'DECISIONS_REQUIRED',
  duplicateSubject: 'DUPLICATE_SUBJECT_IN_DECISIONS',
  stepDateInvalid: 'REVIEW_STEP_DATE_INVALID',
  // Scores and levels
  scoreOutOfRange: 'SCORE_OUT_OF_RANGE',
  tasksInvalid: 'TASKS_INVALID',
  findingNotApplicable: 'FINDING_NOT_APPLICABLE',
  excellentScore: 'EXCELLENT_REQUIRES_SCORE',
  excellentOnTime: 'EXCELLENT_REQUIRES_ALL_TASKS_ON_TIME',
  excellentExceeded: 'EXCELLENT_REQUIRES_TASKS_EXCEEDED',
  goodScore: 'GOOD_REQUIRES_SCORE',
  goodCompleted: 'GOOD_REQUIRES_ALL_TASKS_COMPLETED',
  completedScore: 'COMPLETED_REQUIRES_SCORE',
  disqualified: 'DISQUALIFIED',
  excellentCap: 'EXCELLENT_CAP_EXCEEDED',
  exemplaryRequiresExcellent: 'EXEMPLARY_REQUIRES_EXCELLENT',
  // Inspections
  inspectionNotFound: 'INSPECTION_NOT_FOUND',
  inspectionState: 'INSPECTION_STATE',
  inspectionDate: 'INSPECTION_DATE_INVALID',
  // Rankings and awards
  rankingScopeRequired: 'RANKING_SCOPE_REQUIRED',
  yearNotComputed: 'EMULATION_YEAR_NOT_COMPUTED',
  notAProvince: 'NOT_A_PROVINCE',
  nothingToPublish: 'NOTHING_TO_PUBLISH',
  // Access
  notAuthorised: 'NOT_AUTHORISED',
  // Shared
  dateFormat: 'DATE_FORMAT',
  textRequired: 'TEXT_REQUIRED',
} as const;

export type RuleCode = (typeof RULES)[keyof typeof RULES];
