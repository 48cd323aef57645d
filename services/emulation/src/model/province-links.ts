import type { mongo } from 'mongoose';

/** Updates go in bulks of at most this many (FerretDB v1 holds a connection per statement of a bulk). */
const BULK = 8;

/**
 * Gives each organisation's per-organisation documents (`org_members`, `plan_records`) the ids of every
 * organisation it was ever under (and its own), so a province's members and plans are each read with
 * one indexed equality query instead of one read per organisation. `$addToSet` only: commutative and idempotent, so the tree consumer and the
 * members consumer may each link in any order, any number of times, and the union is the same.
 */
export async function linkAncestors(
  collection: mongo.Collection,
  links: readonly { id: string; ancestorIds: readonly string[] }[],
  /** The field holding the organisation's id: `_id` (one document each) or `organisationId` (plans). */
  key: '_id' | 'organisationId' = '_id',
): Promise<void> {
  const operations = links.map((link) => {
    const change = {
      filter: { [key]: link.id } as never,
      update: { $addToSet: { ancestorIds: { $each: [...link.ancestorIds, link.id] } } } as never,
    };
    return key === '_id' ? { updateOne: change } : { updateMany: change };
  });
  for (let i = 0; i < operations.length; i += BULK) {
    await collection.bulkWrite(operations.slice(i, i + BULK), { ordered: false });
  }
}
