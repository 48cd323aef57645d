import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { StoredOutbox } from '@dangvien/kafka';
import type { OrganisationVersion } from '../domain/history';
import type { LocalityHead, LocalityVersion } from '../domain/locality';
import type {
  ReorganisationProblem,
  ReorganisationRequest,
  ReorganisationStatus,
} from '../domain/reorganisation';

/**
 * One organisation as stored: its whole dated history in `versions`, lineage, and the outbox of
 * events written with it. `_id` is the organisation id (a UUID) carried by every event.
 * Reads are served by the in-memory tree index; the database is read at start and on refresh.
 */
export interface OrganisationDocument {
  _id: string;
  code: string;
  versions: OrganisationVersion[];
  predecessorIds: string[];
  successorIds: string[];
  /** Optimistic concurrency: every write names the version it read. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  outbox: StoredOutbox;
  outboxPending: number;
}

export interface LocalityDocument {
  _id: string;
  code: string;
  versions: LocalityVersion[];
  heads: LocalityHead[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
  outbox: StoredOutbox;
  outboxPending: number;
}

/**
 * A merge or split as it was asked for, and where it stands: a plan cut short is planned again from
 * `request` (see domain/reorganisation.ts), so the request is what is kept, not the decided steps.
 */
export interface ReorganisationDocument {
  _id: string;
  kind: 'MERGE' | 'SPLIT';
  status: ReorganisationStatus;
  request: ReorganisationRequest;
  /** Steps of the plan when it was first made. */
  steps: number;
  problem: ReorganisationProblem | null;
  abandonReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  appliedAt: Date | null;
}

const options = { versionKey: false, minimize: false, autoIndex: false, strict: 'throw' } as const;

const organisationSchema = new Schema<OrganisationDocument>(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true },
    versions: { type: Schema.Types.Mixed, required: true },
    predecessorIds: { type: [String], default: [] },
    successorIds: { type: [String], default: [] },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    outbox: { type: Schema.Types.Mixed, default: {} },
    outboxPending: { type: Number, default: 0 },
  },
  { ...options, collection: 'organisations' },
);
organisationSchema.index({ code: 1 }, { unique: true });
organisationSchema.index({ outboxPending: 1 });
organisationSchema.index({ outboxDue: 1 }, { sparse: true });

const localitySchema = new Schema<LocalityDocument>(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true },
    versions: { type: Schema.Types.Mixed, required: true },
    heads: { type: Schema.Types.Mixed, default: [] },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    outbox: { type: Schema.Types.Mixed, default: {} },
    outboxPending: { type: Number, default: 0 },
  },
  { ...options, collection: 'localities' },
);
localitySchema.index({ code: 1 }, { unique: true });
localitySchema.index({ outboxPending: 1 });
localitySchema.index({ outboxDue: 1 }, { sparse: true });

const reorganisationSchema = new Schema<ReorganisationDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['MERGE', 'SPLIT'] },
    status: { type: String, required: true, enum: ['PENDING', 'APPLIED', 'CONFLICT', 'ABANDONED'] },
    request: { type: Schema.Types.Mixed, required: true },
    steps: { type: Number, required: true },
    problem: { type: Schema.Types.Mixed, default: null },
    abandonReason: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    appliedAt: { type: Date, default: null },
  },
  { ...options, collection: 'reorganisations' },
);
// Those in a state, oldest first: `reorganisations` pages this range (keyset on createdAt, _id).
reorganisationSchema.index({ status: 1, createdAt: 1, _id: 1 });

export interface Models {
  organisations: Model<OrganisationDocument>;
  localities: Model<LocalityDocument>;
  reorganisations: Model<ReorganisationDocument>;
}

export function createModels(connection: Connection): Models {
  return {
    organisations: connection.model<OrganisationDocument>('Organisation', organisationSchema),
    localities: connection.model<LocalityDocument>('Locality', localitySchema),
    reorganisations: connection.model<ReorganisationDocument>('Reorganisation', reorganisationSchema),
  };
}
