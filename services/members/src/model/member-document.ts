import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { StoredOutbox } from '@dangvien/kafka';
import type { MemberFile, MemberStatus } from '../domain/member';

/**
 * One member's file as stored: the file itself (`file`, the aggregate, with its whole history), the
 * outbox of the events written with it, and top-level copies of what reads filter on. Reads are
 * equalities on these indexed top-level fields only (docs/DEVELOPMENT.md, "Query shapes"), so they
 * are index-served on MongoDB and on the local FerretDB alike:
 * - `rosterKeys`: `L:<unit>` for the member's organisation and every unit above it while on its list,
 *   `F:<unit>` once gone, `T:<unit>` above an organisation they are temporarily transferred to,
 *   `LP:<unit>` above the sending and the receiving side of a pending letter, `AW:<unit>`
 *   while waiting to be placed after a dissolution — "members of this subtree" is one equality;
 * - `nameKeys`: every set of the folded words of each name (@dangvien/names);
 * - `placementOrgIds`: every organisation the member was ever on the list of, or stayed in, for
 *   lists as of a past date;
 * - `badgeDueMonths`: the months (YYYY-MM) their Party age reaches a badge milestone not awarded yet;
 * - `letterKey`: `<deadline> <id>` of the pending introduction letter (null without one), the
 *   keyset of `pendingTransfers`;
 * - `cardKey`: the Party card number, unique (`none:<id>` while there is none).
 */
export interface MemberDocument {
  _id: string;
  version: number;
  file: Omit<MemberFile, 'id' | 'version'>;
  status: MemberStatus;
  organisationId: string;
  /** The member's organisation and every unit above it today, root first. */
  ancestorIds: string[];
  rosterKeys: string[];
  nameKeys: string[];
  sortKey: string;
  cardKey: string;
  placementOrgIds: string[];
  badgeDueMonths: string[];
  letterKey: string | null;
  decisionDate: string;
  createdAt: Date;
  updatedAt: Date;
  outbox: StoredOutbox;
  outboxPending: number;
}

const memberSchema = new Schema<MemberDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    file: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    organisationId: { type: String, required: true },
    ancestorIds: { type: [String], default: [] },
    rosterKeys: { type: [String], default: [] },
    nameKeys: { type: [String], default: [] },
    sortKey: { type: String, required: true },
    cardKey: { type: String, required: true },
    placementOrgIds: { type: [String], default: [] },
    badgeDueMonths: { type: [String], default: [] },
    letterKey: { type: String, default: null },
    decisionDate: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    outbox: { type: Schema.Types.Mixed, default: {} },
    outboxPending: { type: Number, default: 0 },
  },
  { collection: 'members', versionKey: false, minimize: false, autoIndex: false, strict: 'throw' },
);
memberSchema.index({ cardKey: 1 }, { unique: true });
memberSchema.index({ organisationId: 1 });
// With the sort key: on MongoDB a subtree's page in name order is an index range.
memberSchema.index({ rosterKeys: 1, sortKey: 1 });
// A subtree's pending letters by deadline: `pendingTransfers` pages this range.
memberSchema.index({ rosterKeys: 1, letterKey: 1 });
// A search by name in name order: on MongoDB an index range from the page's first key on.
memberSchema.index({ nameKeys: 1, sortKey: 1 });
memberSchema.index({ placementOrgIds: 1 });
memberSchema.index({ badgeDueMonths: 1 });
memberSchema.index({ outboxPending: 1 });
memberSchema.index({ outboxDue: 1 }, { sparse: true });

export type MemberModel = Model<MemberDocument>;

export function memberModel(connection: Connection): MemberModel {
  return (
    (connection.models.Member as MemberModel | undefined) ??
    connection.model<MemberDocument>('Member', memberSchema)
  );
}
