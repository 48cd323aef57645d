import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';

const ID = 'scores';

/**
 * A token that changes whenever anything scores are computed from changes: a projection write (a
 * consumer batch that changed a document) or a command (a review step, a decision, an inspection).
 * Every replica reads it before computing a province's year and reuses its result while it holds,
 * so repeated rankings and dashboards cost one read; a replica that did not consume an event still
 * sees the token change, since it is in the shared database. A random token set after the write,
 * never an increment: on FerretDB v1 two concurrent increments can land as one, two sets of
 * different tokens always leave one that differs from what a reader saw before the writes.
 */
export function createProjectionVersion(collection: mongo.Collection) {
  return {
    async touch(): Promise<void> {
      await collection.updateOne(
        { _id: ID } as never,
        { $set: { token: randomUUID(), version: 1 } } as never,
        { upsert: true },
      );
    },
    async current(): Promise<string> {
      const doc = (await collection.findOne({ _id: ID } as never)) as { token?: string } | null;
      return doc?.token ?? 'initial';
    },
  };
}

export type ProjectionVersion = ReturnType<typeof createProjectionVersion>;
