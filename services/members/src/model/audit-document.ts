import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { DecisionReference, MemberFileActorV1, MemberFileFieldChangeV1 } from '@dangvien/contracts';

/**
 * One change of a member's file, as the change recorded it (MemberFileChanged): append-only. It is
 * inserted once, by id, from the members' own files topic; no API updates or deletes it, and no code
 * here does either. `organisationIds` (the member's organisation and every one above it then) makes
 * the audit of a subtree one equality.
 */
export interface AuditDocument {
  _id: string;
  memberId: string;
  version: number;
  action: string;
  recordedAt: Date;
  effectiveDate: string;
  actor: MemberFileActorV1;
  reason: string | null;
  decision: DecisionReference | null;
  fields: MemberFileFieldChangeV1[];
  organisationIds: string[];
  /** recordedAt and id, for a stable newest-first order and cursor. */
  sortKey: string;
}

const auditSchema = new Schema<AuditDocument>(
  {
    _id: { type: String, required: true },
    memberId: { type: String, required: true },
    version: { type: Number, required: true },
    action: { type: String, required: true },
    recordedAt: { type: Date, required: true },
    effectiveDate: { type: String, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
    reason: { type: String, default: null },
    decision: { type: Schema.Types.Mixed, default: null },
    fields: { type: Schema.Types.Mixed, default: [] },
    organisationIds: { type: [String], default: [] },
    sortKey: { type: String, required: true },
  },
  { collection: 'audit', versionKey: false, minimize: false, autoIndex: false, strict: 'throw' },
);
auditSchema.index({ memberId: 1, sortKey: -1 });
auditSchema.index({ organisationIds: 1, sortKey: -1 });

export type AuditModel = Model<AuditDocument>;

export function auditModel(connection: Connection): AuditModel {
  return (
    (connection.models.Audit as AuditModel | undefined) ??
    connection.model<AuditDocument>('Audit', auditSchema)
  );
}
