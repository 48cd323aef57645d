import type { mongo } from 'mongoose';

/** Updates go in bulks of at most this many (FerretDB v1 holds a connection per statement of a bulk). */
const BULK = 8;

/**
 * Gives each organisation's `org_members` document the ids of every organisation it was ever under
 * (and its own), so a province's members are read with one indexed equality query instead of one
 * read per organisation. `$addToSet` only: commutative and idempotent, so the tree consumer and the
 * members consumer may each link in any order, any number of times, and the union is the same.
 */
export async function linkAncestors(
  orgMembers: mongo.Collection,
  links: readonly { id: string; ancestorIds: readonly string[] }[],
): Promise<void> {
  const operations = links.map((link) => ({
    updateOne: {
      filter: { _id: link.id } as never,
      update: { $addToSet: { ancestorIds: { $each: [...link.ancestorIds, link.id] } } } as never,
    },
  }));
  for (let i = 0; i < operations.length; i += BULK) {
    await orgMembers.bulkWrite(operations.slice(i, i + BULK), { ordered: false });
  }
}
