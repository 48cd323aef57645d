import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { StoredOutbox } from '@dangvien/kafka';
import type { Candidate } from '../domain/candidate';
import type { Plan } from '../domain/plans';
import type { MemberFacts } from '../domain/membership';
import type { Warning } from '../domain/warnings';

// The service's collections. Every read is an equality on a top-level field a schema index declares
// (an `ancestorIds` array for subtrees), so it is index-served on MongoDB and on FerretDB with
// PostgreSQL; the aggregate itself sits in `state` (the domain object), written whole.

const options = { versionKey: false, minimize: false, autoIndex: false, strict: 'throw' } as const;
const outboxFields = {
  outbox: { type: Schema.Types.Mixed, default: {} },
  outboxPending: { type: Number, default: 0 },
};

export interface CandidateDocument {
  _id: string;
  organisationId: string;
  /** The cell and every unit above it: subtree reads are `{ ancestorIds: unit }`. */
  ancestorIds: string[];
  localityId: string | null;
  stage: string;
  /** Years in which any step was taken: the funnel of a year reads `{ ancestorIds, activeYears }`. */
  activeYears: number[];
  /** The admission decision's day, for the plans and the locality warnings. */
  decisionDate: string | null;
  state: Omit<Candidate, 'id' | 'version'>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  outbox: StoredOutbox;
  outboxPending: number;
}

const candidateSchema = new Schema<CandidateDocument>(
  {
    _id: { type: String, required: true },
    organisationId: { type: String, required: true },
    ancestorIds: { type: [String], required: true },
    localityId: { type: String, default: null },
    stage: { type: String, required: true },
    activeYears: { type: [Number], required: true },
    decisionDate: { type: String, default: null },
    state: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxFields,
  },
  { ...options, collection: 'candidates' },
);
candidateSchema.index({ ancestorIds: 1 });
candidateSchema.index({ organisationId: 1 });
candidateSchema.index({ activeYears: 1 });
candidateSchema.index({ localityId: 1 });
candidateSchema.index({ outboxPending: 1 });
candidateSchema.index({ outboxDue: 1 }, { sparse: true });

export interface PlanDocument {
  _id: string;
  /** `<organisationId>:<year>`: one plan per unit and year. */
  key: string;
  organisationId: string;
  ancestorIds: string[];
  year: number;
  state: Omit<Plan, 'id' | 'version'>;
  /** The progress last published (AdmissionPlanProgressChanged), to publish only changes. */
  publishedProgress: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  outbox: StoredOutbox;
  outboxPending: number;
}

const planSchema = new Schema<PlanDocument>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    organisationId: { type: String, required: true },
    ancestorIds: { type: [String], required: true },
    year: { type: Number, required: true },
    state: { type: Schema.Types.Mixed, required: true },
    publishedProgress: { type: String, default: null },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxFields,
  },
  { ...options, collection: 'admission_plans' },
);
planSchema.index({ key: 1 }, { unique: true });
planSchema.index({ ancestorIds: 1 });
planSchema.index({ year: 1 });
planSchema.index({ outboxPending: 1 });
planSchema.index({ outboxDue: 1 }, { sparse: true });

export interface AwarenessClassDocument {
  _id: string;
  name: string;
  /** The organisation holding it (a commune's political centre, a school's committee…). */
  organiserId: string;
  organiser: string;
  startsOn: string;
  endsOn: string;
  enrolments: {
    candidateId: string;
    sentBy: 'CELL' | 'SCHOOL' | 'YOUTH_UNION';
    result: 'PASSED' | 'FAILED' | null;
    certificateNumber: string | null;
  }[];
  /** Candidates enrolled: `{ candidateIds: id }` finds a candidate's classes. */
  candidateIds: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const classSchema = new Schema<AwarenessClassDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    organiserId: { type: String, required: true },
    organiser: { type: String, required: true },
    startsOn: { type: String, required: true },
    endsOn: { type: String, required: true },
    enrolments: { type: Schema.Types.Mixed, default: [] },
    candidateIds: { type: [String], default: [] },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...options, collection: 'awareness_classes' },
);
classSchema.index({ organiserId: 1 });
classSchema.index({ candidateIds: 1 });

/** A warning as last published: raised (active) or cleared. */
export interface WarningDocument {
  _id: string;
  active: boolean;
  organisationId: string;
  warning: Warning;
  raisedOn: string;
  clearedOn: string | null;
  version: number;
  updatedAt: Date;
  outbox: StoredOutbox;
  outboxPending: number;
}

const warningSchema = new Schema<WarningDocument>(
  {
    _id: { type: String, required: true },
    active: { type: Boolean, required: true },
    organisationId: { type: String, required: true },
    warning: { type: Schema.Types.Mixed, required: true },
    raisedOn: { type: String, required: true },
    clearedOn: { type: String, default: null },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxFields,
  },
  { ...options, collection: 'warnings' },
);
warningSchema.index({ active: 1 });
warningSchema.index({ outboxPending: 1 });
warningSchema.index({ outboxDue: 1 }, { sparse: true });

/** What is known of a Party member, from the members service's events (see domain/membership.ts). */
export interface MemberFactsDocument {
  _id: string;
  /** Every organisation the member was ever placed in: `{ organisationIds: cell }` finds a cell's members. */
  organisationIds: string[];
  facts: MemberFacts;
  sequence: number;
  updatedAt: Date;
}

const memberSchema = new Schema<MemberFactsDocument>(
  {
    _id: { type: String, required: true },
    organisationIds: { type: [String], required: true },
    facts: { type: Schema.Types.Mixed, required: true },
    sequence: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...options, collection: 'member_facts' },
);
memberSchema.index({ organisationIds: 1 });

/** An organisation as the recruitment service needs it: the current tree, from organisations' events. */
export interface OrganisationNodeDocument {
  _id: string;
  code: string;
  name: string;
  level: string;
  sector: string;
  parentId: string | null;
  /** Itself and every unit above it. */
  ancestorIds: string[];
  dissolved: boolean;
  sequence: number;
  updatedAt: Date;
}

const organisationSchema = new Schema<OrganisationNodeDocument>(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    level: { type: String, required: true },
    sector: { type: String, required: true },
    parentId: { type: String, default: null },
    ancestorIds: { type: [String], required: true },
    dissolved: { type: Boolean, required: true },
    sequence: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...options, collection: 'organisation_nodes' },
);
organisationSchema.index({ ancestorIds: 1 });

export interface LocalityHeadTerm {
  headName: string;
  memberId: string | null;
  termStart: string;
  termEnd: string | null;
}

export interface LocalityNodeDocument {
  _id: string;
  code: string;
  name: string;
  kind: string;
  communeId: string;
  /** The commune and every unit above it. */
  ancestorIds: string[];
  cellIds: string[];
  heads: LocalityHeadTerm[];
  dissolved: boolean;
  sequence: number;
  updatedAt: Date;
}

const localitySchema = new Schema<LocalityNodeDocument>(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    communeId: { type: String, required: true },
    ancestorIds: { type: [String], required: true },
    cellIds: { type: [String], default: [] },
    heads: { type: Schema.Types.Mixed, default: [] },
    dissolved: { type: Boolean, required: true },
    sequence: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...options, collection: 'locality_nodes' },
);
localitySchema.index({ ancestorIds: 1 });
localitySchema.index({ communeId: 1 });

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

export function createModels(connection: Connection) {
  return {
    candidates: model(connection, 'Candidate', candidateSchema),
    plans: model(connection, 'AdmissionPlan', planSchema),
    classes: model(connection, 'AwarenessClass', classSchema),
    warnings: model(connection, 'Warning', warningSchema),
    members: model(connection, 'MemberFacts', memberSchema),
    organisations: model(connection, 'OrganisationNode', organisationSchema),
    localities: model(connection, 'LocalityNode', localitySchema),
  };
}
export type Models = ReturnType<typeof createModels>;
