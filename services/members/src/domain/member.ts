import type {
  DecisionReference,
  MemberDisciplineForm,
  MemberLeftReason,
  MemberStatusCounted,
  MemberTransferKind,
} from '@dangvien/contracts';
import type { CalendarDate } from '@dangvien/domain';
import type { AcademicTitle, QualificationLevel, Religion, TheoryLevel } from './catalogue';

/** A member's status: on a list (probationary, official) or gone, and why (DOMAIN.md §3). */
export type MemberStatus = MemberStatusCounted | MemberLeftReason;
export const COUNTED_STATUSES: readonly MemberStatus[] = ['PROBATIONARY', 'OFFICIAL'];
export const isCounted = (status: MemberStatus): status is MemberStatusCounted =>
  status === 'PROBATIONARY' || status === 'OFFICIAL';

export type Sex = 'MALE' | 'FEMALE';

/** The person as the member form (2-HSĐV) records them. */
export interface Profile {
  fullName: string;
  otherNames: string[];
  sex: Sex;
  dateOfBirth: CalendarDate;
  birthplace: string | null;
  hometown: string | null;
  residence: string | null;
  /** Sensitive. */
  ethnicityCode: string;
  /** Sensitive; null for none. */
  religion: Religion | null;
  /** Sensitive: the brief personal history. */
  personalHistory: string | null;
  /** Sensitive: 12 digits. */
  citizenId: string | null;
  occupation: string | null;
  generalEducation: string | null;
  professionalQualification: QualificationLevel | null;
  academicTitle: AcademicTitle | null;
  politicalTheory: TheoryLevel | null;
  foreignLanguage: string | null;
  informationTechnology: string | null;
  youthUnionEntryDate: CalendarDate | null;
  historyNumber: string | null;
  /** 8 digits; given when the card is issued (after recognition as official, usually). */
  partyCardNumber: string | null;
}

export type ProfileField = keyof Profile;

/** Sensitive personal data (Decree 13/2023): never on a topic integrators read, shown only with the scope. */
export const SENSITIVE_FIELDS: ReadonlySet<string> = new Set<ProfileField>([
  'ethnicityCode',
  'religion',
  'personalHistory',
  'citizenId',
]);

export interface Admission {
  decisionDate: CalendarDate;
  decisionNumber: string | null;
  ceremonyDate: CalendarDate | null;
  officialDate: CalendarDate | null;
  admittingOrganisationId: string | null;
  introducerMemberIds: string[];
  youthUnionIntroduction: boolean;
  recognitionDecision: DecisionReference | null;
}

export type PlacementCause =
  'ADMITTED' | 'REGISTERED' | 'TRANSFERRED' | 'REORGANISED' | 'READMITTED' | 'RESTORED';

/** A period on an organisation's list: from `from`, until the day before `to` (null: still there). */
export interface Placement {
  organisationId: string;
  from: CalendarDate;
  to: CalendarDate | null;
  cause: PlacementCause;
  /** Since when the member is there, when it differs from `from` (an import that knows no earlier list). */
  joinedOn: CalendarDate | null;
}

/** The status from `from` on (until the next entry). */
export interface StatusEntry {
  status: MemberStatus;
  from: CalendarDate;
  reason: string | null;
  decision: DecisionReference | null;
  /** For a departure: whether its cause bars readmission; set once a restoration annulled it. */
  readmissionBarred?: boolean;
  annulled?: boolean;
  /** How the member came back to a list: READMITTED or RESTORED. */
  cause?: 'READMITTED' | 'RESTORED' | null;
  /** For a PROBATIONARY entry: the admission ceremony, where its probation starts. */
  ceremonyDate?: CalendarDate | null;
}

export interface Exemption {
  from: CalendarDate;
  /** The last day the decision sets, if any. */
  until: CalendarDate | null;
  /** First day no longer exempted, once ended early or at `until`. */
  endedOn: CalendarDate | null;
  reason: string | null;
  decision: DecisionReference | null;
}

/** A temporary transfer: taking part in `organisationId`, counted at home meanwhile. */
export interface TemporaryStay {
  organisationId: string;
  from: CalendarDate;
  /** First day back home; null while away. */
  endedOn: CalendarDate | null;
  letterId: string;
}

export type LetterStatus = 'ISSUED' | 'ACCEPTED' | 'CANCELLED';

export interface TransferLetter {
  letterId: string;
  kind: MemberTransferKind;
  fromOrganisationId: string;
  toOrganisationId: string;
  letterNumber: string | null;
  issuedOn: CalendarDate;
  deadline: CalendarDate;
  status: LetterStatus;
  closedOn: CalendarDate | null;
  cancelReason: string | null;
  reason: string | null;
}

export interface Discipline {
  form: MemberDisciplineForm;
  effectiveDate: CalendarDate;
  reason: string | null;
  decision: DecisionReference | null;
}

export interface Badge {
  years: number;
  awardedOn: CalendarDate;
  decision: DecisionReference | null;
}

export interface Award {
  name: string;
  date: CalendarDate;
  decision: DecisionReference | null;
}

/** The organisation was dissolved or split: the member waits to be placed elsewhere. */
export interface AwaitingPlacement {
  since: CalendarDate;
  organisationId: string;
  cause: 'DISSOLVED' | 'SPLIT';
  successorIds: string[];
}

export type MemberSource = 'ADMISSION' | 'IMPORT' | 'MANUAL';

/** A member's file: the aggregate. Nothing is deleted; every list is its history. */
export interface MemberFile {
  id: string;
  /** Grows with every event of the file (each event's ce_sequence). */
  version: number;
  source: MemberSource;
  profile: Profile;
  admission: Admission;
  status: MemberStatus;
  statusHistory: StatusEntry[];
  /** The list the member is on (home), or was on last. */
  organisationId: string;
  placements: Placement[];
  exemptions: Exemption[];
  temporaryStays: TemporaryStay[];
  letters: TransferLetter[];
  disciplines: Discipline[];
  badges: Badge[];
  awards: Award[];
  readmissions: number;
  awaitingPlacement: AwaitingPlacement | null;
}

export const currentExemption = (file: MemberFile): Exemption | null =>
  file.exemptions.find((e) => e.endedOn === null) ?? null;
export const currentStay = (file: MemberFile): TemporaryStay | null =>
  file.temporaryStays.find((s) => s.endedOn === null) ?? null;
export const pendingLetter = (file: MemberFile): TransferLetter | null =>
  file.letters.find((l) => l.status === 'ISSUED') ?? null;
export const currentPlacement = (file: MemberFile): Placement =>
  file.placements.find((p) => p.to === null) ?? file.placements.at(-1)!;
