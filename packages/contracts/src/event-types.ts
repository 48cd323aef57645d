/**
 * Every event type, named `dangvien.<service>.<PastTenseName>.v<version>`. The version belongs to the
 * type: a breaking change to a payload is a new type (`….v2`) published next to or instead of the old
 * one, never an edit of an existing schema. See README.md, "Versioning".
 */
export const EVENT_TYPES = {
  OrganisationCreated: 'dangvien.organisations.OrganisationCreated.v1',
  OrganisationRenamed: 'dangvien.organisations.OrganisationRenamed.v1',
  OrganisationMoved: 'dangvien.organisations.OrganisationMoved.v1',
  OrganisationDissolved: 'dangvien.organisations.OrganisationDissolved.v1',
  OrganisationReleveled: 'dangvien.organisations.OrganisationReleveled.v1',
  OrganisationsMerged: 'dangvien.organisations.OrganisationsMerged.v1',
  OrganisationSplit: 'dangvien.organisations.OrganisationSplit.v1',
  LocalityRegistered: 'dangvien.organisations.LocalityRegistered.v1',
  LocalityRenamed: 'dangvien.organisations.LocalityRenamed.v1',
  LocalityMoved: 'dangvien.organisations.LocalityMoved.v1',
  LocalityCoverageChanged: 'dangvien.organisations.LocalityCoverageChanged.v1',
  LocalityHeadAppointed: 'dangvien.organisations.LocalityHeadAppointed.v1',
  LocalityDissolved: 'dangvien.organisations.LocalityDissolved.v1',
  MemberAdmitted: 'dangvien.members.MemberAdmitted.v1',
  MemberRecognisedOfficial: 'dangvien.members.MemberRecognisedOfficial.v1',
  MemberTransferred: 'dangvien.members.MemberTransferred.v1',
  MemberLeft: 'dangvien.members.MemberLeft.v1',
  CandidateAdmitted: 'dangvien.recruitment.CandidateAdmitted.v1',
  ProbationRecognised: 'dangvien.recruitment.ProbationRecognised.v1',
  ProbationFailed: 'dangvien.recruitment.ProbationFailed.v1',
  // recruitment: the procedure, plans and warnings (dangvien.recruitment.events.v1)
  CandidateListed: 'dangvien.recruitment.CandidateListed.v1',
  CandidateStageChanged: 'dangvien.recruitment.CandidateStageChanged.v1',
  CandidateIntroducerReplaced: 'dangvien.recruitment.CandidateIntroducerReplaced.v1',
  AdmissionPlanAdopted: 'dangvien.recruitment.AdmissionPlanAdopted.v1',
  AdmissionPlanProgressChanged: 'dangvien.recruitment.AdmissionPlanProgressChanged.v1',
  RecruitmentWarningRaised: 'dangvien.recruitment.RecruitmentWarningRaised.v1',
  RecruitmentWarningCleared: 'dangvien.recruitment.RecruitmentWarningCleared.v1',
  // members service (issue 9)
  MemberRegistered: 'dangvien.members.MemberRegistered.v1',
  MemberReadmitted: 'dangvien.members.MemberReadmitted.v1',
  MemberRestored: 'dangvien.members.MemberRestored.v1',
  MemberExempted: 'dangvien.members.MemberExempted.v1',
  MemberExemptionEnded: 'dangvien.members.MemberExemptionEnded.v1',
  MemberDisciplined: 'dangvien.members.MemberDisciplined.v1',
  MemberTransferLetterIssued: 'dangvien.members.MemberTransferLetterIssued.v1',
  MemberTransferLetterCancelled: 'dangvien.members.MemberTransferLetterCancelled.v1',
  MemberTemporaryTransferEnded: 'dangvien.members.MemberTemporaryTransferEnded.v1',
  MemberProfileChanged: 'dangvien.members.MemberProfileChanged.v1',
  MemberFileChanged: 'dangvien.members.MemberFileChanged.v1',
  // emulation service (issue 11)
  ClassificationDecided: 'dangvien.emulation.ClassificationDecided.v1',
  EmulationRankingPublished: 'dangvien.emulation.EmulationRankingPublished.v1',
  AwardCandidatesListed: 'dangvien.emulation.AwardCandidatesListed.v1',
} as const;
export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

const KNOWN_TYPES: ReadonlySet<string> = new Set(Object.values(EVENT_TYPES));

export function isEventType(value: string): value is EventType {
  return KNOWN_TYPES.has(value);
}

/** The identifier a message carries in the AsyncAPI document: `OrganisationCreatedV1`. */
export function messageId(type: EventType): string {
  const [, , name, version] = type.split('.');
  return `${name}${(version ?? '').toUpperCase()}`;
}

/**
 * The CloudEvents `dataschema` of a type, also the `$id` of its JSON Schema. A URN rather than a URL:
 * the schemas travel with this package and the AsyncAPI document, nothing is served over HTTP.
 */
export function dataSchemaUri(type: EventType): string {
  return `urn:dangvien:schema:${type}`;
}
