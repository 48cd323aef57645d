import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { BatchedReads } from '@dangvien/db';
import type { mongo } from 'mongoose';

/**
 * Which ids a projection changed, so that every replica's in-memory copy reloads only those: a
 * counter per projection and a ring of its last RING changes (`<kind>:<n mod RING>`), each written
 * after the projection's own writes. A copy more than RING changes behind reloads everything.
 */
export const RING = 10_000;

interface CounterDocument {
  _id: string;
  seq: number;
}
interface ChangeDocument {
  _id: string;
  kind: string;
  seq: number;
  ids: string[];
}

const counterSchema = new Schema<CounterDocument>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: 'counters', versionKey: false, autoIndex: false },
);
const changeSchema = new Schema<ChangeDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    seq: { type: Number, required: true },
    ids: { type: [String], default: [] },
  },
  { collection: 'changes', versionKey: false, autoIndex: false },
);

export interface Changelog {
  /** Records that `ids` changed; returns the change's number. */
  record(ids: readonly string[]): Promise<number>;
  /** The last change number (0 before any). */
  current(): Promise<number>;
  /**
   * The ids changed after `seq`, up to `upTo` or to the last change readable without a gap (its
   * writer may be between its two writes): `reached` says which. Null when the ring has moved on.
   */
  changedSince(seq: number, upTo: number): Promise<{ ids: string[]; reached: number } | null>;
}

export function createChangelog(connection: Connection, kind: string, reads: () => BatchedReads): Changelog {
  const counters =
    (connection.models.Counter as Model<CounterDocument> | undefined) ??
    connection.model<CounterDocument>('Counter', counterSchema);
  const changes =
    (connection.models.Change as Model<ChangeDocument> | undefined) ??
    connection.model<ChangeDocument>('Change', changeSchema);
  const slot = (seq: number) => `${kind}:${seq % RING}`;
  return {
    async record(ids) {
      const counter = await counters.collection.findOneAndUpdate(
        { _id: kind } as never,
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after' },
      );
      const seq = (counter as unknown as CounterDocument).seq;
      await changes.collection.replaceOne(
        { _id: slot(seq) } as never,
        { kind, seq, ids: [...new Set(ids)] },
        { upsert: true },
      );
      return seq;
    },
    async current() {
      const counter = await counters.collection.findOne({ _id: kind } as never);
      return (counter as unknown as CounterDocument | null)?.seq ?? 0;
    },
    async changedSince(seq, upTo) {
      if (upTo <= seq) return { ids: [], reached: seq };
      if (upTo - seq >= RING) return null;
      const wanted = Array.from({ length: upTo - seq }, (_, i) => seq + i + 1);
      const docs = await reads().byIds<ChangeDocument & mongo.Document>(
        changes.collection as unknown as mongo.Collection,
        wanted.map(slot),
      );
      const found = new Map(docs.map((doc) => [doc.seq, doc]));
      const ids = new Set<string>();
      let reached = seq;
      for (const n of wanted) {
        const change = found.get(n);
        if (!change) break;
        for (const id of change.ids) ids.add(id);
        reached = n;
      }
      return { ids: [...ids], reached };
    },
  };
}
