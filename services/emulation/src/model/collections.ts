import { Schema } from 'mongoose';
import type { Connection, mongo } from 'mongoose';

// Every collection of the service, with the indexes its reads need (created by the runtime at start).
// Two kinds: the projection of other services' events (tree, localities, members, their contributions:
// rebuilt from the topics), and what the service owns (periods, reviews, sheets, inspections: what its
// users entered, kept as the source). Scores and rankings are computed on read from both.

const options = { versionKey: false, minimize: false, autoIndex: false, strict: false } as const;
const base = {
  _id: { type: String, required: true },
  version: { type: Number, required: true },
  updatedAt: { type: Date },
};

/**
 * One organisation's dated facts (TreeFact[] as JSON), every ancestor it ever had, whether it is a root,
 * and the units it was merged or split into (the successor map is loaded by `hasSuccessors`).
 */
const tree = new Schema(
  {
    ...base,
    facts: String,
    ancestorIds: [String],
    isRoot: Boolean,
    communeEver: Boolean,
    successorIds: [String],
    hasSuccessors: Boolean,
  },
  { ...options, collection: 'tree_records' },
);
tree.index({ ancestorIds: 1 });
tree.index({ isRoot: 1 });
tree.index({ hasSuccessors: 1 });

const locality = new Schema(
  { ...base, facts: String, communeIds: [String] },
  { ...options, collection: 'locality_records' },
);
locality.index({ communeIds: 1 });

/** One member's dated facts (MemberFact[] as JSON) and every organisation they contributed to. */
const member = new Schema(
  { ...base, facts: String, orgIds: [String] },
  { ...options, collection: 'member_records' },
);

/** One organisation's members: each member's contribution to its figures, as JSON keyed by member. */
const orgMembers = new Schema(
  { ...base, members: String, ancestorIds: [String] },
  { ...options, collection: 'org_members' },
);
// Every organisation it was ever under, and itself: a province's members in one indexed read.
orgMembers.index({ ancestorIds: 1 });

/** One admission plan (a unit and a year) of the recruitment service: its facts (PlanFact[] as JSON). */
const plan = new Schema(
  { ...base, organisationId: String, year: Number, facts: String, ancestorIds: [String] },
  { ...options, collection: 'plan_records' },
);
plan.index({ organisationId: 1 });
plan.index({ ancestorIds: 1 });

/**
 * A fact recorded after the year it belongs to had ended (an admission of 2025 entered in 2026): kept
 * with when it was recorded, so a ranking read after it says what changed and why.
 */
const lateFact = new Schema(
  {
    ...base,
    year: Number,
    type: String,
    subject: String,
    organisationIds: [String],
    effectiveDate: String,
    recordedAt: String,
    recordedOn: String,
  },
  { ...options, collection: 'late_facts' },
);
lateFact.index({ year: 1 });

/** One document: the token that changes with anything scores are computed from (projection-version.ts). */
const projectionState = new Schema(
  { ...base, token: String },
  { ...options, collection: 'projection_state' },
);

const period = new Schema(
  {
    ...base,
    kind: String,
    year: Number,
    quarter: Number,
    startDate: String,
    endDate: String,
    name: String,
    ruleSet: String,
    status: String,
    createdAt: Date,
  },
  { ...options, collection: 'review_periods' },
);

/** One subject's review in one period: its self-assessment and proposal (the decision is on its sheet). */
const review = new Schema(
  {
    ...base,
    periodId: String,
    year: Number,
    subjectKind: String,
    subjectId: String,
    organisationId: String,
    scopeId: String,
    sheetId: String,
    rootId: String,
    sortKey: String,
    selfAssessment: Schema.Types.Mixed,
    proposal: Schema.Types.Mixed,
    createdAt: Date,
  },
  { ...options, collection: 'reviews' },
);
// A subject's reviews, newest first: an equality on the subject, paged by the sort key.
review.index({ subjectId: 1, sortKey: -1 });
review.index({ sheetId: 1 });

/** The decisions of one cap scope in one period (entries as JSON), with their events. */
const sheet = new Schema(
  {
    ...base,
    periodId: String,
    periodKind: String,
    year: Number,
    subjectKind: String,
    scopeId: String,
    rootId: String,
    decisions: String,
    sequence: Number,
    createdAt: Date,
    outbox: { type: Schema.Types.Mixed, default: {} },
    outboxPending: { type: Number, default: 0 },
  },
  { ...options, collection: 'classification_sheets' },
);
// One equality on one indexed field: the only shape FerretDB serves from an index.
sheet.index({ rootId: 1 });
sheet.index({ outboxPending: 1 });
sheet.index({ outboxDue: 1 }, { sparse: true });

const inspection = new Schema(
  {
    ...base,
    organisationId: String,
    rootId: String,
    year: Number,
    kind: String,
    status: String,
    plannedOn: String,
    completedOn: String,
    data: String,
    createdAt: Date,
  },
  { ...options, collection: 'inspections' },
);
inspection.index({ rootId: 1 });
inspection.index({ organisationId: 1 });

/** A published ranking or award list of a year and province (`<kind>:<year>:<rootId>`), with its events. */
const publication = new Schema(
  {
    ...base,
    kind: String,
    year: Number,
    rootId: String,
    revision: Number,
    publishedOn: String,
    digest: String,
    createdAt: Date,
    outbox: { type: Schema.Types.Mixed, default: {} },
    outboxPending: { type: Number, default: 0 },
  },
  { ...options, collection: 'publications' },
);
publication.index({ outboxPending: 1 });
publication.index({ outboxDue: 1 }, { sparse: true });

const SCHEMAS = {
  tree,
  locality,
  member,
  orgMembers,
  plan,
  lateFact,
  projectionState,
  period,
  review,
  sheet,
  inspection,
  publication,
} as const;
export type CollectionName = keyof typeof SCHEMAS;
export type Collections = Record<CollectionName, mongo.Collection>;

/** Collections the service owns (what its users entered): kept, never rebuilt. */
export const OWNED: readonly CollectionName[] = ['period', 'review', 'sheet', 'inspection', 'publication'];

/** Registers every model on the connection (so the runtime creates the indexes) and returns the collections. */
export function createCollections(connection: Connection): Collections {
  const out = {} as Collections;
  for (const [name, schema] of Object.entries(SCHEMAS) as [CollectionName, Schema][]) {
    const modelName = `Emulation_${name}`;
    const model = connection.models[modelName] ?? connection.model(modelName, schema);
    out[name] = model.collection as unknown as mongo.Collection;
  }
  return out;
}
