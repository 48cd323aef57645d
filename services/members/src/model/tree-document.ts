import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { DissolutionCause, OrganisationLevel } from '@dangvien/contracts';

/** One fact about an organisation, from one event of the organisations service (dated, never overwritten). */
export type TreeFact =
  | { kind: 'created'; code: string; name: string; level: OrganisationLevel; parentId: string | null }
  | { kind: 'renamed'; name: string }
  | { kind: 'moved'; parentId: string }
  | { kind: 'releveled'; level: OrganisationLevel }
  | { kind: 'dissolved'; cause: DissolutionCause; successorIds: string[] };

export type StoredFact = TreeFact & {
  effectiveDate: string;
  /** The event's ce_sequence: of two facts of one day, the higher wins. */
  sequence: number;
};

/**
 * The members service's own copy of the organisation tree, projected from the organisations topic
 * (the contract's rules for rebuilding the tree as of a date): each organisation's facts keyed by
 * the version that produced them, so a redelivered or resent event sets the same entry again.
 */
export interface TreeDocument {
  _id: string;
  code: string | null;
  facts: Record<string, StoredFact>;
  updatedAt: Date;
}

const treeSchema = new Schema<TreeDocument>(
  {
    _id: { type: String, required: true },
    code: { type: String, default: null },
    facts: { type: Schema.Types.Mixed, default: {} },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'tree', versionKey: false, minimize: false, autoIndex: false, strict: 'throw' },
);

export type TreeModel = Model<TreeDocument>;

export function treeModel(connection: Connection): TreeModel {
  return (
    (connection.models.TreeUnit as TreeModel | undefined) ??
    connection.model<TreeDocument>('TreeUnit', treeSchema)
  );
}

/**
 * A fact whose effect on member files is not done yet (`_id` = `<organisation>:<fact key>`): written with the fact,
 * removed once the effect is applied on or after its date. A small collection, read whole.
 */
export interface PendingEffectDocument {
  _id: string;
  organisationId: string;
  key: string;
  effectiveDate: string;
}

const pendingSchema = new Schema<PendingEffectDocument>(
  {
    _id: { type: String, required: true },
    organisationId: { type: String, required: true },
    key: { type: String, required: true },
    effectiveDate: { type: String, required: true },
  },
  { collection: 'tree_effects_pending', versionKey: false, autoIndex: false, strict: 'throw' },
);

export function pendingEffectModel(connection: Connection): Model<PendingEffectDocument> {
  return (
    (connection.models.TreeEffectPending as Model<PendingEffectDocument> | undefined) ??
    connection.model<PendingEffectDocument>('TreeEffectPending', pendingSchema)
  );
}

/**
 * A unit some member file names (home, temporary stay, letter) before the tree knew it (the
 * handover can outrun the tree): when its creation arrives, those files get their ancestors.
 */
export interface UnknownUnitDocument {
  _id: string;
}

const unknownSchema = new Schema<UnknownUnitDocument>(
  { _id: { type: String, required: true } },
  { collection: 'tree_unknown_units', versionKey: false, autoIndex: false, strict: 'throw' },
);

export function unknownUnitModel(connection: Connection): Model<UnknownUnitDocument> {
  return (
    (connection.models.TreeUnknownUnit as Model<UnknownUnitDocument> | undefined) ??
    connection.model<UnknownUnitDocument>('TreeUnknownUnit', unknownSchema)
  );
}
