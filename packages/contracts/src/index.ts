// @dangvien/contracts: what the services and external integrators share about events. No service
// imports another; they agree through the names, types and schemas exported here.
export {
  SERVICES,
  TOPICS,
  DEAD_LETTER_HEADERS,
  REPLAYED_FROM_HEADER,
  ADMISSIONS_TOPIC,
  MEMBER_FILES_TOPIC,
  deadLetterTopic,
  TOPIC_DECLARATIONS,
  ownedTopics,
  topicDeclaration,
} from './topics';
export type { ServiceName, Topic, DeadLetterHeader, TopicConfig, TopicDeclaration } from './topics';
export { DEPLOYED_SERVICES, deployedService } from './services';
export {
  CONSUMED_TOPICS,
  KAFKA_PRINCIPALS,
  KAFKA_ACLS,
  ADMIN_PRINCIPAL,
  INTEGRATOR_PRINCIPAL,
  consumerGroupPrefix,
} from './kafka-access';
export type { KafkaPrincipal, KafkaAcl, KafkaOperation } from './kafka-access';
export type { DeployedService } from './services';
export {
  ORGANISATION_LEVELS,
  ORGANISATION_LEVEL_DESCRIPTIONS,
  ORGANISATION_SECTORS,
  ORGANISATION_SECTOR_DESCRIPTIONS,
  ENTERPRISE_SECTORS,
  LOCALITY_KINDS,
  LOCALITY_KIND_DESCRIPTIONS,
} from './organisation';
export type {
  OrganisationLevel,
  OrganisationSector,
  LocalityKind,
  Enterprise,
  DecisionReference,
} from './organisation';
export { MEMBER_STATUSES_COUNTED, MEMBER_STATUS_COUNTED_DESCRIPTIONS } from './member';
export type { MemberStatusCounted } from './member';
export { EVENT_TYPES, isEventType, dataSchemaUri, messageId } from './event-types';
export type { EventType } from './event-types';
export type {
  OrganisationCreatedV1,
  OrganisationRenamedV1,
  OrganisationMovedV1,
  OrganisationDissolvedV1,
  OrganisationReleveledV1,
  OrganisationsMergedV1,
  OrganisationSplitV1,
  DissolutionCause,
} from './events/organisations';
export type {
  LocalityRegisteredV1,
  LocalityRenamedV1,
  LocalityMovedV1,
  LocalityCoverageChangedV1,
  LocalityHeadAppointedV1,
  LocalityDissolvedV1,
} from './events/localities';
export type {
  MemberAdmittedV1,
  MemberRecognisedOfficialV1,
  MemberTransferredV1,
  MemberLeftV1,
  MemberTransferKind,
  MemberLeftReason,
} from './events/members';
export type {
  MemberRegisteredV1,
  MemberRegistrationSource,
  MemberReadmittedV1,
  MemberRestoredV1,
  MemberExemptedV1,
  MemberExemptionEndedV1,
  MemberDisciplinedV1,
  MemberDisciplineForm,
  MemberTransferLetterIssuedV1,
  MemberTransferLetterCancelledV1,
  MemberTransferLetterCancelReason,
  MemberTemporaryTransferEndedV1,
  MemberProfileChangedV1,
} from './events/members';
export type {
  MemberFileChangedV1,
  MemberFileFieldChangeV1,
  MemberFileActorV1,
  MemberFiguresDeltaV1,
} from './events/member-files';
export type {
  AdmittedPersonV1,
  CandidateAdmittedV1,
  ProbationRecognisedV1,
  ProbationFailedV1,
} from './events/admissions';
export type {
  CandidateStage,
  CandidateSource,
  StructureCategory,
  StructureCount,
  WarningCode,
  WarningSubject,
  CandidateListedV1,
  CandidateStageChangedV1,
  CandidateIntroducerReplacedV1,
  AdmissionPlanAdoptedV1,
  AdmissionPlanProgressChangedV1,
  RecruitmentWarningRaisedV1,
  RecruitmentWarningClearedV1,
} from './events/recruitment';
export {
  CANDIDATE_STAGES,
  CANDIDATE_STAGE_DESCRIPTIONS,
  CANDIDATE_SOURCES,
  STRUCTURE_CATEGORIES,
  WARNING_CODES,
  WARNING_SUBJECTS,
} from './events/recruitment';
// emulation service (issue 11)
export {
  CLASSIFICATION_LEVELS,
  CLASSIFICATION_LEVEL_DESCRIPTIONS,
  REVIEW_SUBJECT_KINDS,
  REVIEW_PERIOD_KINDS,
  AWARD_KINDS,
  AWARD_KIND_DESCRIPTIONS,
} from './events/emulation';
export type {
  ClassificationLevel,
  ReviewSubjectKind,
  ReviewPeriodKind,
  AwardKind,
  ClassificationDecidedV1,
  EmulationRankingPublishedV1,
  RankingEntryV1,
  AwardCandidatesListedV1,
  AwardCandidateV1,
} from './events/emulation';
export { EVENT_DEFINITIONS, EVENT_TOPIC, eventDefinitions, aggregateIdOf } from './registry';
export type { EventDataMap, EventData, EventDefinition } from './registry';
export type { JsonSchema } from './json-schema';
export { EVENT_SCHEMAS, validateEventData } from './schemas';
export { createEvent, eventSource } from './envelope';
export type { EventEnvelope, AnyEventEnvelope } from './envelope';
export { CLOUDEVENTS_HEADERS, toKafkaRecord, fromKafkaRecord } from './kafka';
export type { KafkaRecord } from './kafka';
export {
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
  parseTraceparent,
  formatTraceparent,
  newTraceId,
  newSpanId,
} from './traceparent';
export type { TraceParent } from './traceparent';
export { InvalidEventError } from './errors';
