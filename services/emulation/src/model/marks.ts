import type { mongo } from 'mongoose';
import type { Cause } from '../projection/event-facts';

/** An organisation whose facts changed from `fromYear` on: its provinces are rescored from that year. */
export interface MarkRequest {
  orgId: string;
  fromYear: number;
  causes: readonly Cause[];
}

export interface MarkDocument {
  _id: string;
  token: string;
  fromYear: number;
  /** The late events among the causes (recorded after the year of their fact ended), by event id. */
  causes?: Record<string, Cause>;
  /** How many routine events marked it besides. */
  routine?: number;
}

/** A fact recorded after the end of its own year: the one a recomputation must show. */
export const isLate = (cause: Cause): boolean => cause.recordedOn.slice(0, 4) > cause.effectiveDate.slice(0, 4);

/** Late causes kept per organisation and batch: a late import of thousands names a few of them. */
const CAUSES_PER_MARK = 50;
const BULK = 8;

/**
 * The queue of rescoring work, one document per organisation: a consumer marks what it changed after
 * its write, the recompute job takes the marks, rescores, and deletes each mark only if nobody marked it
 * again meanwhile (its token is unchanged), so no change is ever left unscored.
 */
export function createMarks(collection: mongo.Collection, newToken: () => string) {
  return {
    async mark(requests: readonly MarkRequest[]): Promise<void> {
      const merged = new Map<string, { fromYear: number; late: Cause[]; routine: number }>();
      for (const request of requests) {
        const entry = merged.get(request.orgId) ?? { fromYear: request.fromYear, late: [], routine: 0 };
        entry.fromYear = Math.min(entry.fromYear, request.fromYear);
        for (const cause of request.causes) {
          if (isLate(cause) && entry.late.length < CAUSES_PER_MARK) entry.late.push(cause);
          else entry.routine += 1;
        }
        merged.set(request.orgId, entry);
      }
      const operations = [...merged].map(([orgId, entry]) => ({
        updateOne: {
          filter: { _id: orgId } as never,
          update: {
            $set: {
              token: newToken(),
              updatedAt: new Date(),
              ...Object.fromEntries(entry.late.map((cause) => [`causes.${cause.eventId}`, cause])),
            },
            $min: { fromYear: entry.fromYear },
            $inc: { routine: entry.routine },
          },
          upsert: true,
        },
      }));
      for (let i = 0; i < operations.length; i += BULK) {
        await collection.bulkWrite(operations.slice(i, i + BULK), { ordered: false });
      }
    },

    async pending(limit = 2_000): Promise<MarkDocument[]> {
      return (await collection.find({}).limit(limit).toArray()) as unknown as MarkDocument[];
    },

    /** Deletes the marks taken, except those marked again since they were read. */
    async clear(marks: readonly Pick<MarkDocument, '_id' | 'token'>[]): Promise<void> {
      for (const mark of marks) await collection.deleteOne({ _id: mark._id, token: mark.token } as never);
    },

    async count(): Promise<number> {
      return collection.countDocuments({});
    },
  };
}

export type Marks = ReturnType<typeof createMarks>;
