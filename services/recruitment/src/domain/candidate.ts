import type {
  AdmittedPersonV1,
  CandidateSource,
  CandidateStage,
  StructureCategory,
} from '@dangvien/contracts';
import type { CalendarDate } from '@dangvien/domain';

/** One recorded step of the procedure. */
export interface Step {
  stage: CandidateStage;
  date: CalendarDate;
  actor: string;
  reference: string | null;
  late: boolean;
  /** The legal reference of the rule set the step was judged by. */
  ruleSet: string;
  recordedAt: Date;
}

export interface Certificate {
  number: string;
  classId: string | null;
  issuedOn: CalendarDate;
  /** Last day it is valid (the validity of the rules in force on issuedOn). */
  validUntil: CalendarDate;
}

export interface Introducer {
  memberId: string;
  /** The day they took it on (the introduction, or the replacement). */
  since: CalendarDate;
  /** A replacement for one who moved, left or was disciplined: the shared months do not apply. */
  replacement: boolean;
  /** Set when replaced: they no longer count. */
  replacedOn: CalendarDate | null;
}

export interface Introduction {
  kind: 'TWO_MEMBERS' | 'YOUTH_UNION_AND_MEMBER';
  youthUnionResolution: string | null;
  introducers: Introducer[];
}

/** The vote of a cell (admission, or recognition after probation), with what the 2/3 is counted on. */
export interface CellVote {
  date: CalendarDate;
  /** All official members of the cell on that day, present or not, less those temporarily away. */
  officialMembers: number;
  temporarilyAway: number;
  present: number;
  votesFor: number;
  votesAgainst: number;
}

export interface Decision {
  date: CalendarDate;
  number: string;
  /** The day the cell received it: the ceremony's 30 working days count from it. */
  receivedOn: CalendarDate;
  extension: string | null;
}

/** A candidate (quần chúng ưu tú) and their procedure, as one aggregate. */
export interface Candidate {
  id: string;
  version: number;
  /** The cell whose list they are on. */
  organisationId: string;
  localityId: string | null;
  sourceCategory: CandidateSource;
  /** Structure categories declared on the list (occupation, roles); the person's own are derived. */
  declaredCategories: StructureCategory[];
  helperMemberId: string | null;
  listedOn: CalendarDate;
  /** Since when they work, study or live in the cell's unit: introducers' shared months start no earlier. */
  inUnitSince: CalendarDate;
  person: AdmittedPersonV1;
  stage: CandidateStage;
  steps: Step[];
  certificate: Certificate | null;
  introduction: Introduction | null;
  cellVote: CellVote | null;
  committeeVote: { date: CalendarDate; members: number; votesFor: number } | null;
  decision: Decision | null;
  provincialConsent: string | null;
  ceremonyDate: CalendarDate | null;
  ceremonyConsent: string | null;
  memberId: string | null;
  memberFormFiledOn: CalendarDate | null;
  recognitionVote: CellVote | null;
  officialDate: CalendarDate | null;
  /** Monthly list reviews recorded by the cell (date and note). */
  reviews: { date: CalendarDate; note: string | null }[];
}

/** The stages from which the procedure moves on, and where to. Withdrawn and rejected: see below. */
export const NEXT_STAGE: Partial<Record<CandidateStage, readonly CandidateStage[]>> = {
  LISTED: ['CLASS_CERTIFIED'],
  CLASS_CERTIFIED: ['APPLIED'],
  APPLIED: ['HISTORY_DECLARED'],
  HISTORY_DECLARED: ['INTRODUCED'],
  INTRODUCED: ['VERIFIED'],
  VERIFIED: ['CELL_RESOLVED'],
  CELL_RESOLVED: ['GRASSROOTS_RESOLVED', 'DECIDED'],
  GRASSROOTS_RESOLVED: ['DECIDED'],
  DECIDED: ['PROBATIONARY'],
  PROBATIONARY: ['RECOGNITION_PROPOSED', 'REMOVED'],
  RECOGNITION_PROPOSED: ['OFFICIAL', 'REMOVED'],
};

/** Before the ceremony a candidate may withdraw or be refused at any step. */
export const BEFORE_ADMISSION: readonly CandidateStage[] = [
  'LISTED',
  'CLASS_CERTIFIED',
  'APPLIED',
  'HISTORY_DECLARED',
  'INTRODUCED',
  'VERIFIED',
  'CELL_RESOLVED',
  'GRASSROOTS_RESOLVED',
  'DECIDED',
];

export const ENDS: readonly CandidateStage[] = ['OFFICIAL', 'REMOVED', 'WITHDRAWN', 'REJECTED'];

export function canMove(from: CandidateStage, to: CandidateStage): boolean {
  if (to === 'WITHDRAWN' || to === 'REJECTED') return BEFORE_ADMISSION.includes(from);
  return NEXT_STAGE[from]?.includes(to) ?? false;
}

/** The day the candidate reached `stage`, if they did. */
export function reachedOn(candidate: Candidate, stage: CandidateStage): CalendarDate | null {
  return candidate.steps.find((s) => s.stage === stage)?.date ?? null;
}

export function lastStepDate(candidate: Candidate): CalendarDate {
  return candidate.steps[candidate.steps.length - 1]?.date ?? candidate.listedOn;
}

/** Introducers who count now (not replaced). */
export function activeIntroducers(candidate: Candidate): Introducer[] {
  return candidate.introduction?.introducers.filter((i) => i.replacedOn === null) ?? [];
}
