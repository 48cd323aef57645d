import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/**
 * Member files the way the members service will hold them (Thái Nguyên: ~100,000), small documents
 * with the fields its list queries filter on. The indexes are declared on the mongoose schema and
 * created with `createIndexes()`, exactly as a service does at start, so that on FerretDB with
 * PostgreSQL the mirror has to find them by itself.
 *
 * Sizes are chosen so that every query returns the same number of documents at every collection
 * size: what grows with the collection is then the cost of finding them, not the answer.
 */
export const MEMBERS_PER_ORGANISATION = 20; // 10 women and 10 men each
export const MEMBERS_PER_COMMUNE = 200;

export interface MemberDocument {
  _id: string;
  /** Party card number: unique. */
  card: string;
  organisationId: string;
  sex: 'F' | 'M';
  /** The organisation and every unit above it: a subtree read is `{ ancestorIds: unitId }`. */
  ancestorIds: string[];
  fullName: string;
  version: number;
  /** Not indexed: the full-scan baseline filters on it. */
  note: string;
}

export const memberSchema = new Schema<MemberDocument>(
  {
    _id: String,
    card: String,
    organisationId: String,
    sex: String,
    ancestorIds: [String],
    fullName: String,
    version: Number,
    note: String,
  },
  { versionKey: false },
);
memberSchema.index({ card: 1 }, { unique: true });
memberSchema.index({ organisationId: 1, sex: 1 });
memberSchema.index({ ancestorIds: 1 });

export function memberModel(connection: Connection): Model<MemberDocument> {
  return connection.model<MemberDocument>('Member', memberSchema, 'members');
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'];
const GIVEN = ['Văn An', 'Thị Bình', 'Đức Cường', 'Thị Dung', 'Minh Hải', 'Thu Hà', 'Quang Huy', 'Thị Lan'];

export const memberId = (i: number) => `member-${String(i).padStart(7, '0')}`;
export const organisationId = (k: number) => `org-${k}`;
export const communeId = (c: number) => `commune-${c}`;

/** The collection of `size` members (a multiple of 200): organisations of 20, communes of 200. */
export function fixtureShape(size: number) {
  if (size % MEMBERS_PER_COMMUNE !== 0) throw new RangeError(`size ${size} is not a multiple of 200`);
  return { organisations: size / MEMBERS_PER_ORGANISATION, communes: size / MEMBERS_PER_COMMUNE };
}

export function memberDocument(i: number, size: number): MemberDocument {
  const { organisations, communes } = fixtureShape(size);
  const organisation = i % organisations;
  return {
    _id: memberId(i),
    card: `TN-${String(i).padStart(7, '0')}`,
    organisationId: organisationId(organisation),
    // Alternates within an organisation (its members are i, i + organisations, …): 10 of each.
    sex: Math.floor(i / organisations) % 2 === 0 ? 'F' : 'M',
    ancestorIds: ['province-tn', communeId(organisation % communes), organisationId(organisation)],
    fullName: `${FAMILY[i % FAMILY.length]} ${GIVEN[(i >> 3) % GIVEN.length]}`,
    version: 1,
    note: `note-${i}`,
  };
}
