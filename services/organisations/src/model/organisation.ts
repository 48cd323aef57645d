import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { ORGANISATION_LEVELS, ORGANISATION_SECTORS } from '@dangvien/contracts';
import type { OrganisationLevel, OrganisationSector } from '@dangvien/contracts';
import type { StoredOutbox } from '@dangvien/kafka';

/** One organisation as stored. `_id` is the organisation id (a UUID) carried by every event. */
export interface OrganisationDocument {
  _id: string;
  code: string;
  name: string;
  /** `name` without diacritics or case, for search that ignores accents. */
  searchName: string;
  level: OrganisationLevel;
  sector: OrganisationSector;
  parentId: string | null;
  /**
   * Ancestor ids, root first: the materialised path. Derived from `parentId`; a subtree is the
   * single query `{ path: id }` on a multikey index. Repaired at start-up if a move was cut short.
   */
  path: string[];
  status: 'ACTIVE' | 'DISSOLVED';
  dissolvedAt: Date | null;
  dissolutionReason: string | null;
  /** Optimistic concurrency: every write names the version it read. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  outbox: StoredOutbox;
  outboxPending: number;
}

const organisationSchema = new Schema<OrganisationDocument>(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    searchName: { type: String, required: true },
    level: { type: String, required: true, enum: ORGANISATION_LEVELS },
    sector: { type: String, required: true, enum: ORGANISATION_SECTORS },
    parentId: { type: String, default: null },
    path: { type: [String], default: [] },
    status: { type: String, required: true, enum: ['ACTIVE', 'DISSOLVED'] },
    dissolvedAt: { type: Date, default: null },
    dissolutionReason: { type: String, default: null },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    outbox: { type: Schema.Types.Mixed, default: {} },
    outboxPending: { type: Number, default: 0 },
  },
  { collection: 'organisations', versionKey: false, minimize: false, autoIndex: false, strict: 'throw' },
);

// Indexes used by MongoDB; FerretDB v1 accepts them (and enforces the unique one) but scans anyway.
organisationSchema.index({ code: 1 }, { unique: true });
organisationSchema.index({ parentId: 1, code: 1 });
organisationSchema.index({ path: 1, code: 1 });
organisationSchema.index({ level: 1, code: 1 });
organisationSchema.index({ outboxPending: 1 });

export type OrganisationModel = Model<OrganisationDocument>;

export function organisationModel(connection: Connection): OrganisationModel {
  return connection.model<OrganisationDocument>('Organisation', organisationSchema);
}
