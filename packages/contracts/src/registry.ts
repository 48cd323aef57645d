import type { EventType } from './event-types';
import { EVENT_TYPES } from './event-types';
import type {
  OrganisationCreatedV1,
  OrganisationDissolvedV1,
  OrganisationMovedV1,
  OrganisationReleveledV1,
  OrganisationRenamedV1,
  OrganisationSplitV1,
  OrganisationsMergedV1,
} from './events/organisations';
import {
  OrganisationCreatedV1Example,
  OrganisationCreatedV1Schema,
  OrganisationDissolvedV1Example,
  OrganisationDissolvedV1Schema,
  OrganisationMovedV1Example,
  OrganisationMovedV1Schema,
  OrganisationReleveledV1Example,
  OrganisationReleveledV1Schema,
  OrganisationRenamedV1Example,
  OrganisationRenamedV1Schema,
  OrganisationSplitV1Example,
  OrganisationSplitV1Schema,
  OrganisationsMergedV1Example,
  OrganisationsMergedV1Schema,
} from './events/organisations';
import type {
  LocalityCoverageChangedV1,
  LocalityDissolvedV1,
  LocalityHeadAppointedV1,
  LocalityMovedV1,
  LocalityRegisteredV1,
  LocalityRenamedV1,
} from './events/localities';
import {
  LocalityCoverageChangedV1Example,
  LocalityCoverageChangedV1Schema,
  LocalityDissolvedV1Example,
  LocalityDissolvedV1Schema,
  LocalityHeadAppointedV1Example,
  LocalityHeadAppointedV1Schema,
  LocalityMovedV1Example,
  LocalityMovedV1Schema,
  LocalityRegisteredV1Example,
  LocalityRegisteredV1Schema,
  LocalityRenamedV1Example,
  LocalityRenamedV1Schema,
} from './events/localities';
import type {
  MemberAdmittedV1,
  MemberLeftV1,
  MemberRecognisedOfficialV1,
  MemberTransferredV1,
} from './events/members';
import {
  MemberAdmittedV1Example,
  MemberAdmittedV1Schema,
  MemberLeftV1Example,
  MemberLeftV1Schema,
  MemberRecognisedOfficialV1Example,
  MemberRecognisedOfficialV1Schema,
  MemberTransferredV1Example,
  MemberTransferredV1Schema,
} from './events/members';
import type { CandidateAdmittedV1, ProbationFailedV1, ProbationRecognisedV1 } from './events/admissions';
import {
  CandidateAdmittedV1Example,
  CandidateAdmittedV1Schema,
  ProbationFailedV1Example,
  ProbationFailedV1Schema,
  ProbationRecognisedV1Example,
  ProbationRecognisedV1Schema,
} from './events/admissions';
import type {
  AdmissionPlanProgressChangedV1,
  AdmissionPlanAdoptedV1,
  CandidateIntroducerReplacedV1,
  CandidateListedV1,
  CandidateStageChangedV1,
  RecruitmentWarningClearedV1,
  RecruitmentWarningRaisedV1,
} from './events/recruitment';
import {
  AdmissionPlanProgressChangedV1Example,
  AdmissionPlanProgressChangedV1Schema,
  AdmissionPlanAdoptedV1Example,
  AdmissionPlanAdoptedV1Schema,
  CandidateIntroducerReplacedV1Example,
  CandidateIntroducerReplacedV1Schema,
  CandidateListedV1Example,
  CandidateListedV1Schema,
  CandidateStageChangedV1Example,
  CandidateStageChangedV1Schema,
  RecruitmentWarningClearedV1Example,
  RecruitmentWarningClearedV1Schema,
  RecruitmentWarningRaisedV1Example,
  RecruitmentWarningRaisedV1Schema,
} from './events/recruitment';
import type {
  MemberRegisteredV1,
  MemberReadmittedV1,
  MemberRestoredV1,
  MemberExemptedV1,
  MemberExemptionEndedV1,
  MemberDisciplinedV1,
  MemberTransferLetterIssuedV1,
  MemberTransferLetterCancelledV1,
  MemberTemporaryTransferEndedV1,
  MemberProfileChangedV1,
} from './events/members';
import {
  MemberRegisteredV1Example,
  MemberRegisteredV1Schema,
  MemberReadmittedV1Example,
  MemberReadmittedV1Schema,
  MemberRestoredV1Example,
  MemberRestoredV1Schema,
  MemberExemptedV1Example,
  MemberExemptedV1Schema,
  MemberExemptionEndedV1Example,
  MemberExemptionEndedV1Schema,
  MemberDisciplinedV1Example,
  MemberDisciplinedV1Schema,
  MemberTransferLetterIssuedV1Example,
  MemberTransferLetterIssuedV1Schema,
  MemberTransferLetterCancelledV1Example,
  MemberTransferLetterCancelledV1Schema,
  MemberTemporaryTransferEndedV1Example,
  MemberTemporaryTransferEndedV1Schema,
  MemberProfileChangedV1Example,
  MemberProfileChangedV1Schema,
} from './events/members';
import type { MemberFileChangedV1 } from './events/member-files';
import { MemberFileChangedV1Example, MemberFileChangedV1Schema } from './events/member-files';
import type {
  AwardCandidatesListedV1,
  ClassificationDecidedV1,
  EmulationRankingPublishedV1,
} from './events/emulation';
import {
  AwardCandidatesListedV1Example,
  AwardCandidatesListedV1Schema,
  ClassificationDecidedV1Example,
  ClassificationDecidedV1Schema,
  EmulationRankingPublishedV1Example,
  EmulationRankingPublishedV1Schema,
} from './events/emulation';
import type { JsonSchema } from './json-schema';
import type { ServiceName, Topic } from './topics';
import { ADMISSIONS_TOPIC, MEMBER_FILES_TOPIC, TOPICS } from './topics';

/** The payload (`data`) of each event type. Adding a type to EVENT_TYPES without an entry here fails to compile. */
export interface EventDataMap {
  [EVENT_TYPES.OrganisationCreated]: OrganisationCreatedV1;
  [EVENT_TYPES.OrganisationRenamed]: OrganisationRenamedV1;
  [EVENT_TYPES.OrganisationMoved]: OrganisationMovedV1;
  [EVENT_TYPES.OrganisationDissolved]: OrganisationDissolvedV1;
  [EVENT_TYPES.OrganisationReleveled]: OrganisationReleveledV1;
  [EVENT_TYPES.OrganisationsMerged]: OrganisationsMergedV1;
  [EVENT_TYPES.OrganisationSplit]: OrganisationSplitV1;
  [EVENT_TYPES.LocalityRegistered]: LocalityRegisteredV1;
  [EVENT_TYPES.LocalityRenamed]: LocalityRenamedV1;
  [EVENT_TYPES.LocalityMoved]: LocalityMovedV1;
  [EVENT_TYPES.LocalityCoverageChanged]: LocalityCoverageChangedV1;
  [EVENT_TYPES.LocalityHeadAppointed]: LocalityHeadAppointedV1;
  [EVENT_TYPES.LocalityDissolved]: LocalityDissolvedV1;
  [EVENT_TYPES.MemberAdmitted]: MemberAdmittedV1;
  [EVENT_TYPES.MemberRecognisedOfficial]: MemberRecognisedOfficialV1;
  [EVENT_TYPES.MemberTransferred]: MemberTransferredV1;
  [EVENT_TYPES.MemberLeft]: MemberLeftV1;
  [EVENT_TYPES.CandidateAdmitted]: CandidateAdmittedV1;
  [EVENT_TYPES.ProbationRecognised]: ProbationRecognisedV1;
  [EVENT_TYPES.ProbationFailed]: ProbationFailedV1;
  [EVENT_TYPES.CandidateListed]: CandidateListedV1;
  [EVENT_TYPES.CandidateStageChanged]: CandidateStageChangedV1;
  [EVENT_TYPES.CandidateIntroducerReplaced]: CandidateIntroducerReplacedV1;
  [EVENT_TYPES.AdmissionPlanAdopted]: AdmissionPlanAdoptedV1;
  [EVENT_TYPES.AdmissionPlanProgressChanged]: AdmissionPlanProgressChangedV1;
  [EVENT_TYPES.RecruitmentWarningRaised]: RecruitmentWarningRaisedV1;
  [EVENT_TYPES.RecruitmentWarningCleared]: RecruitmentWarningClearedV1;
  // members service (issue 9)
  [EVENT_TYPES.MemberRegistered]: MemberRegisteredV1;
  [EVENT_TYPES.MemberReadmitted]: MemberReadmittedV1;
  [EVENT_TYPES.MemberRestored]: MemberRestoredV1;
  [EVENT_TYPES.MemberExempted]: MemberExemptedV1;
  [EVENT_TYPES.MemberExemptionEnded]: MemberExemptionEndedV1;
  [EVENT_TYPES.MemberDisciplined]: MemberDisciplinedV1;
  [EVENT_TYPES.MemberTransferLetterIssued]: MemberTransferLetterIssuedV1;
  [EVENT_TYPES.MemberTransferLetterCancelled]: MemberTransferLetterCancelledV1;
  [EVENT_TYPES.MemberTemporaryTransferEnded]: MemberTemporaryTransferEndedV1;
  [EVENT_TYPES.MemberProfileChanged]: MemberProfileChangedV1;
  [EVENT_TYPES.MemberFileChanged]: MemberFileChangedV1;
  // emulation service (issue 11)
  [EVENT_TYPES.ClassificationDecided]: ClassificationDecidedV1;
  [EVENT_TYPES.EmulationRankingPublished]: EmulationRankingPublishedV1;
  [EVENT_TYPES.AwardCandidatesListed]: AwardCandidatesListedV1;
}
export type EventData<T extends EventType> = EventDataMap[T];

/** Everything the contract says about one event type; the single source of EVENT_TOPIC, EVENT_SCHEMAS and the AsyncAPI document. */
export interface EventDefinition<T extends EventType = EventType> {
  type: T;
  /** The only service that publishes it, on TOPICS[service] unless `topic` says otherwise. */
  service: ServiceName;
  /** A topic of the service's other than its event topic (the admission handover). */
  topic?: Topic;
  /** The payload field holding the aggregate id: the event's subject and Kafka key must equal it. */
  aggregateIdField: keyof EventData<T> & string;
  /** Short human title, e.g. "Organisation created". */
  title: string;
  /** When it is published and what a consumer should do with it. */
  summary: string;
  schema: JsonSchema;
  example: EventData<T>;
}

export const EVENT_DEFINITIONS: { readonly [T in EventType]: EventDefinition<T> } = {
  [EVENT_TYPES.OrganisationCreated]: {
    type: EVENT_TYPES.OrganisationCreated,
    service: 'organisations',
    aggregateIdField: 'organisationId',
    title: 'Organisation created',
    summary:
      'A Party organisation was added to the tree, from effectiveDate. The first event of every organisation; predecessorIds names the units merged or split into it.',
    schema: OrganisationCreatedV1Schema,
    example: OrganisationCreatedV1Example,
  },
  [EVENT_TYPES.OrganisationRenamed]: {
    type: EVENT_TYPES.OrganisationRenamed,
    service: 'organisations',
    aggregateIdField: 'organisationId',
    title: 'Organisation renamed',
    summary: 'An organisation took a new name from effectiveDate.',
    schema: OrganisationRenamedV1Schema,
    example: OrganisationRenamedV1Example,
  },
  [EVENT_TYPES.OrganisationMoved]: {
    type: EVENT_TYPES.OrganisationMoved,
    service: 'organisations',
    aggregateIdField: 'organisationId',
    title: 'Organisation moved',
    summary:
      'An organisation was re-parented from effectiveDate. Only the moved organisation gets an event: consumers rewrite the paths of its descendants themselves.',
    schema: OrganisationMovedV1Schema,
    example: OrganisationMovedV1Example,
  },
  [EVENT_TYPES.OrganisationDissolved]: {
    type: EVENT_TYPES.OrganisationDissolved,
    service: 'organisations',
    aggregateIdField: 'organisationId',
    title: 'Organisation dissolved',
    summary:
      'An organisation ceased to exist from effectiveDate: dissolved, merged (successorIds = [the target]) or split (successorIds = the new units). The last event of that organisation.',
    schema: OrganisationDissolvedV1Schema,
    example: OrganisationDissolvedV1Example,
  },
  [EVENT_TYPES.OrganisationReleveled]: {
    type: EVENT_TYPES.OrganisationReleveled,
    service: 'organisations',
    aggregateIdField: 'organisationId',
    title: 'Organisation releveled',
    summary:
      'An organisation changed level from effectiveDate, e.g. a grassroots cell that grew into a grassroots committee.',
    schema: OrganisationReleveledV1Schema,
    example: OrganisationReleveledV1Example,
  },
  [EVENT_TYPES.OrganisationsMerged]: {
    type: EVENT_TYPES.OrganisationsMerged,
    service: 'organisations',
    aggregateIdField: 'organisationId',
    title: 'Organisations merged',
    summary:
      'Units were merged into the subject (the unit that remains) from effectiveDate. The absorbed units get OrganisationDissolved (cause MERGED), a new target OrganisationCreated; reorganisationId ties them together.',
    schema: OrganisationsMergedV1Schema,
    example: OrganisationsMergedV1Example,
  },
  [EVENT_TYPES.OrganisationSplit]: {
    type: EVENT_TYPES.OrganisationSplit,
    service: 'organisations',
    aggregateIdField: 'organisationId',
    title: 'Organisation split',
    summary:
      'The subject was split into intoIds from effectiveDate. The new units get OrganisationCreated, a source that ceases to exist OrganisationDissolved (cause SPLIT); reorganisationId ties them together.',
    schema: OrganisationSplitV1Schema,
    example: OrganisationSplitV1Example,
  },
  [EVENT_TYPES.LocalityRegistered]: {
    type: EVENT_TYPES.LocalityRegistered,
    service: 'organisations',
    aggregateIdField: 'localityId',
    title: 'Locality registered',
    summary:
      'A village, hamlet, mountain village or residential group was registered under a commune or ward. The first event of every locality.',
    schema: LocalityRegisteredV1Schema,
    example: LocalityRegisteredV1Example,
  },
  [EVENT_TYPES.LocalityRenamed]: {
    type: EVENT_TYPES.LocalityRenamed,
    service: 'organisations',
    aggregateIdField: 'localityId',
    title: 'Locality renamed',
    summary: 'A locality took a new name from effectiveDate.',
    schema: LocalityRenamedV1Schema,
    example: LocalityRenamedV1Example,
  },
  [EVENT_TYPES.LocalityMoved]: {
    type: EVENT_TYPES.LocalityMoved,
    service: 'organisations',
    aggregateIdField: 'localityId',
    title: 'Locality moved',
    summary: 'A locality belongs to another commune or ward from effectiveDate.',
    schema: LocalityMovedV1Schema,
    example: LocalityMovedV1Example,
  },
  [EVENT_TYPES.LocalityCoverageChanged]: {
    type: EVENT_TYPES.LocalityCoverageChanged,
    service: 'organisations',
    aggregateIdField: 'localityId',
    title: 'Locality coverage changed',
    summary:
      'The residential cells covering a locality changed from effectiveDate; carries the whole new set.',
    schema: LocalityCoverageChangedV1Schema,
    example: LocalityCoverageChangedV1Example,
  },
  [EVENT_TYPES.LocalityHeadAppointed]: {
    type: EVENT_TYPES.LocalityHeadAppointed,
    service: 'organisations',
    aggregateIdField: 'localityId',
    title: 'Locality head appointed',
    summary: 'A locality has a new head from termStart, who may or may not be a Party member.',
    schema: LocalityHeadAppointedV1Schema,
    example: LocalityHeadAppointedV1Example,
  },
  [EVENT_TYPES.LocalityDissolved]: {
    type: EVENT_TYPES.LocalityDissolved,
    service: 'organisations',
    aggregateIdField: 'localityId',
    title: 'Locality dissolved',
    summary:
      'A locality ceased to exist from effectiveDate, possibly merged into another. The last event of that locality.',
    schema: LocalityDissolvedV1Schema,
    example: LocalityDissolvedV1Example,
  },
  [EVENT_TYPES.MemberAdmitted]: {
    type: EVENT_TYPES.MemberAdmitted,
    service: 'members',
    aggregateIdField: 'memberId',
    title: 'Member admitted',
    summary:
      'A person was admitted to the Party: a PROBATIONARY member of organisationId. The first event of every member.',
    schema: MemberAdmittedV1Schema,
    example: MemberAdmittedV1Example,
  },
  [EVENT_TYPES.MemberRecognisedOfficial]: {
    type: EVENT_TYPES.MemberRecognisedOfficial,
    service: 'members',
    aggregateIdField: 'memberId',
    title: 'Member recognised official',
    summary: 'A probationary member became an OFFICIAL member of organisationId on officialDate.',
    schema: MemberRecognisedOfficialV1Schema,
    example: MemberRecognisedOfficialV1Example,
  },
  [EVENT_TYPES.MemberTransferred]: {
    type: EVENT_TYPES.MemberTransferred,
    service: 'members',
    aggregateIdField: 'memberId',
    title: 'Member transferred',
    summary:
      'A member moved from fromOrganisationId to toOrganisationId on effectiveDate, permanently or temporarily, keeping their status.',
    schema: MemberTransferredV1Schema,
    example: MemberTransferredV1Example,
  },
  [EVENT_TYPES.MemberLeft]: {
    type: EVENT_TYPES.MemberLeft,
    service: 'members',
    aggregateIdField: 'memberId',
    title: 'Member left',
    summary:
      'A member left the Party (deceased, expelled, removed, resigned) on effectiveDate and no longer counts in organisationId.',
    schema: MemberLeftV1Schema,
    example: MemberLeftV1Example,
  },
  [EVENT_TYPES.CandidateAdmitted]: {
    type: EVENT_TYPES.CandidateAdmitted,
    service: 'recruitment',
    topic: ADMISSIONS_TOPIC,
    aggregateIdField: 'candidateId',
    title: 'Candidate admitted',
    summary:
      'A candidate was admitted (decision and ceremony): the members service creates the PROBATIONARY member memberId from the person carried. Sensitive data: on the restricted admissions topic only.',
    schema: CandidateAdmittedV1Schema,
    example: CandidateAdmittedV1Example,
  },
  [EVENT_TYPES.ProbationRecognised]: {
    type: EVENT_TYPES.ProbationRecognised,
    service: 'recruitment',
    topic: ADMISSIONS_TOPIC,
    aggregateIdField: 'candidateId',
    title: 'Probation recognised',
    summary:
      'A probationary member was recognised as official from officialDate; the members service records it.',
    schema: ProbationRecognisedV1Schema,
    example: ProbationRecognisedV1Example,
  },
  [EVENT_TYPES.ProbationFailed]: {
    type: EVENT_TYPES.ProbationFailed,
    service: 'recruitment',
    topic: ADMISSIONS_TOPIC,
    aggregateIdField: 'candidateId',
    title: 'Probation failed',
    summary: 'A probationary member was not recognised: the members service removes the name from the list.',
    schema: ProbationFailedV1Schema,
    example: ProbationFailedV1Example,
  },
  [EVENT_TYPES.CandidateListed]: {
    type: EVENT_TYPES.CandidateListed,
    service: 'recruitment',
    aggregateIdField: 'candidateId',
    title: 'Candidate listed',
    summary:
      "A person was put on a cell's list of outstanding people, with their source category, locality and helper. No personal details beyond the ids.",
    schema: CandidateListedV1Schema,
    example: CandidateListedV1Example,
  },
  [EVENT_TYPES.CandidateStageChanged]: {
    type: EVENT_TYPES.CandidateStageChanged,
    service: 'recruitment',
    aggregateIdField: 'candidateId',
    title: 'Candidate stage changed',
    summary:
      'A candidate took a step of the admission procedure (certificate, application, …, decision, ceremony, recognition) or left it (withdrawn, rejected, removed), with its date, actor, reference and the rule set applied.',
    schema: CandidateStageChangedV1Schema,
    example: CandidateStageChangedV1Example,
  },
  [EVENT_TYPES.CandidateIntroducerReplaced]: {
    type: EVENT_TYPES.CandidateIntroducerReplaced,
    service: 'recruitment',
    aggregateIdField: 'candidateId',
    title: 'Candidate introducer replaced',
    summary: 'An introducer who moved, left or was disciplined was replaced by another official member.',
    schema: CandidateIntroducerReplacedV1Schema,
    example: CandidateIntroducerReplacedV1Example,
  },
  [EVENT_TYPES.AdmissionPlanAdopted]: {
    type: EVENT_TYPES.AdmissionPlanAdopted,
    service: 'recruitment',
    aggregateIdField: 'planId',
    title: 'Admission plan adopted',
    summary:
      'A committee set (revision 1) or revised the admission quota and structure targets of a unit for a year; every revision is kept.',
    schema: AdmissionPlanAdoptedV1Schema,
    example: AdmissionPlanAdoptedV1Example,
  },
  [EVENT_TYPES.AdmissionPlanProgressChanged]: {
    type: EVENT_TYPES.AdmissionPlanProgressChanged,
    service: 'recruitment',
    aggregateIdField: 'planId',
    title: 'Admission plan progress changed',
    summary:
      'The admissions decided in a planned unit’s subtree for the year changed: the total and the count per structure category against the targets.',
    schema: AdmissionPlanProgressChangedV1Schema,
    example: AdmissionPlanProgressChangedV1Example,
  },
  [EVENT_TYPES.RecruitmentWarningRaised]: {
    type: EVENT_TYPES.RecruitmentWarningRaised,
    service: 'recruitment',
    aggregateIdField: 'warningId',
    title: 'Recruitment warning raised',
    summary:
      'An early warning was found (a deadline coming or passed, a plan behind pace, numbers over structure, a locality without admissions, a village head who is not a member, an introducer to replace), naming the entity and the rule.',
    schema: RecruitmentWarningRaisedV1Schema,
    example: RecruitmentWarningRaisedV1Example,
  },
  [EVENT_TYPES.RecruitmentWarningCleared]: {
    type: EVENT_TYPES.RecruitmentWarningCleared,
    service: 'recruitment',
    aggregateIdField: 'warningId',
    title: 'Recruitment warning cleared',
    summary: 'A warning raised before no longer holds.',
    schema: RecruitmentWarningClearedV1Schema,
    example: RecruitmentWarningClearedV1Example,
  },
  // members service (issue 9)
  [EVENT_TYPES.MemberRegistered]: {
    type: EVENT_TYPES.MemberRegistered,
    service: 'members',
    aggregateIdField: 'memberId',
    title: 'Member registered',
    summary:
      'A person who already is a member was entered into the system (import or by hand): counted in organisationId with status from now on; memberSince says since when they are on its list.',
    schema: MemberRegisteredV1Schema,
    example: MemberRegisteredV1Example,
  },
  [EVENT_TYPES.MemberReadmitted]: {
    type: EVENT_TYPES.MemberReadmitted,
    service: 'members',
    aggregateIdField: 'memberId',
    title: 'Member readmitted',
    summary:
      'A former member (removed or resigned) was admitted again: PROBATIONARY in organisationId from now on.',
    schema: MemberReadmittedV1Schema,
    example: MemberReadmittedV1Example,
  },
  [EVENT_TYPES.MemberRestored]: {
    type: EVENT_TYPES.MemberRestored,
    service: 'members',
    aggregateIdField: 'memberId',
    title: 'Member restored',
    summary:
      'The decision that ended a membership was annulled: counted again in organisationId with the status they had, Party age uninterrupted.',
    schema: MemberRestoredV1Schema,
    example: MemberRestoredV1Example,
  },
  [EVENT_TYPES.MemberExempted]: {
    type: EVENT_TYPES.MemberExempted,
    service: 'members',
    aggregateIdField: 'memberId',
    title: 'Member exempted',
    summary:
      'An official member was exempted from Party activities from effectiveDate: still counted, not graded.',
    schema: MemberExemptedV1Schema,
    example: MemberExemptedV1Example,
  },
  [EVENT_TYPES.MemberExemptionEnded]: {
    type: EVENT_TYPES.MemberExemptionEnded,
    service: 'members',
    aggregateIdField: 'memberId',
    title: 'Member exemption ended',
    summary: 'An exemption from activities ended on effectiveDate.',
    schema: MemberExemptionEndedV1Schema,
    example: MemberExemptionEndedV1Example,
  },
  [EVENT_TYPES.MemberDisciplined]: {
    type: EVENT_TYPES.MemberDisciplined,
    service: 'members',
    aggregateIdField: 'memberId',
    title: 'Member disciplined',
    summary:
      'A disciplinary decision (reprimand, warning, dismissal, expulsion) took effect; an expulsion is followed by MemberLeft.',
    schema: MemberDisciplinedV1Schema,
    example: MemberDisciplinedV1Example,
  },
  [EVENT_TYPES.MemberTransferLetterIssued]: {
    type: EVENT_TYPES.MemberTransferLetterIssued,
    service: 'members',
    aggregateIdField: 'memberId',
    title: 'Transfer letter issued',
    summary:
      'The sending committee issued an introduction letter towards toOrganisationId; the member stays counted in fromOrganisationId until it is accepted (MemberTransferred) or cancelled.',
    schema: MemberTransferLetterIssuedV1Schema,
    example: MemberTransferLetterIssuedV1Example,
  },
  [EVENT_TYPES.MemberTransferLetterCancelled]: {
    type: EVENT_TYPES.MemberTransferLetterCancelled,
    service: 'members',
    aggregateIdField: 'memberId',
    title: 'Transfer letter cancelled',
    summary:
      'An introduction letter was withdrawn, expired unaccepted, or fell with the member leaving: the member stays where counted.',
    schema: MemberTransferLetterCancelledV1Schema,
    example: MemberTransferLetterCancelledV1Example,
  },
  [EVENT_TYPES.MemberTemporaryTransferEnded]: {
    type: EVENT_TYPES.MemberTemporaryTransferEnded,
    service: 'members',
    aggregateIdField: 'memberId',
    title: 'Temporary transfer ended',
    summary: 'A member back from a temporary transfer takes part in the home organisation again.',
    schema: MemberTemporaryTransferEndedV1Schema,
    example: MemberTemporaryTransferEndedV1Example,
  },
  [EVENT_TYPES.MemberProfileChanged]: {
    type: EVENT_TYPES.MemberProfileChanged,
    service: 'members',
    aggregateIdField: 'memberId',
    title: 'Member profile changed',
    summary: "Fields of a member's file changed; only the field names travel.",
    schema: MemberProfileChangedV1Schema,
    example: MemberProfileChangedV1Example,
  },
  [EVENT_TYPES.MemberFileChanged]: {
    type: EVENT_TYPES.MemberFileChanged,
    service: 'members',
    topic: MEMBER_FILES_TOPIC,
    aggregateIdField: 'memberId',
    title: 'Member file changed',
    summary:
      "A member's file changed: its audit entry (old and new values) and its effect on the statistics. Sensitive: the members service's own topic, read by no one else.",
    schema: MemberFileChangedV1Schema,
    example: MemberFileChangedV1Example,
  },
  // emulation service (issue 11)
  [EVENT_TYPES.ClassificationDecided]: {
    type: EVENT_TYPES.ClassificationDecided,
    service: 'emulation',
    aggregateIdField: 'sheetId',
    title: 'Classification decided',
    summary:
      'The competent committee decided (or revised: revision 2, 3…) the classification of a member or an organisation for a review period: level, score, exemplary. Keyed by the classification sheet of the scope the excellent cap is counted in; the latest revision of a reviewId wins.',
    schema: ClassificationDecidedV1Schema,
    example: ClassificationDecidedV1Example,
  },
  [EVENT_TYPES.EmulationRankingPublished]: {
    type: EVENT_TYPES.EmulationRankingPublished,
    service: 'emulation',
    aggregateIdField: 'rankingId',
    title: 'Emulation ranking published',
    summary:
      "A committee published the year's emulation ranking: one event per peer group (same parent, level and sector) with every unit's score, peer rank, province rank and previous rank. A higher revision (after late events changed scores) supersedes the earlier one.",
    schema: EmulationRankingPublishedV1Schema,
    example: EmulationRankingPublishedV1Example,
  },
  [EVENT_TYPES.AwardCandidatesListed]: {
    type: EVENT_TYPES.AwardCandidatesListed,
    service: 'emulation',
    aggregateIdField: 'listId',
    title: 'Award candidates listed',
    summary:
      'A committee listed the candidates (units and members) for an award of a year, one event per award and granting committee; a higher revision replaces the list.',
    schema: AwardCandidatesListedV1Schema,
    example: AwardCandidatesListedV1Example,
  },
};

/** The aggregate id a payload carries; the subject and Kafka key of its event. */
export function aggregateIdOf<T extends EventType>(type: T, data: EventData<T>): unknown {
  const definition: EventDefinition<T> = EVENT_DEFINITIONS[type];
  return data[definition.aggregateIdField];
}

/** Every event definition, in EVENT_TYPES order. */
export function eventDefinitions(): EventDefinition[] {
  return (Object.values(EVENT_TYPES) as EventType[]).map(
    (type) => EVENT_DEFINITIONS[type] as EventDefinition,
  );
}

/** The topic each event type is published on: its owning service's topic. */
export const EVENT_TOPIC: Record<EventType, Topic> = Object.freeze(
  Object.fromEntries(
    eventDefinitions().map((definition) => [definition.type, definition.topic ?? TOPICS[definition.service]]),
  ),
) as Record<EventType, Topic>;
