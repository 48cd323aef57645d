import type { mongo } from 'mongoose';

/**
 * The server behind MONGO_URL. Production runs MongoDB; the local engine is FerretDB v1, which speaks
 * the same protocol but differs in what it can do quickly (see infra/local/README.md):
 * - `$in`, ranges, `$or` and sorts are not pushed down to its storage: each one scans the collection;
 * - top-level equality on a field is index-served (on its PostgreSQL storage with mirrored indexes);
 * - no TTL indexes, no transactions, and concurrent updates of one document can lose a write.
 */
export type Engine = 'mongodb' | 'ferretdb';

/** Reads the engine from `buildInfo`: FerretDB adds `ferretdbVersion` to MongoDB's answer. */
export async function detectEngine(db: mongo.Db): Promise<Engine> {
  const info = await db.admin().command({ buildInfo: 1 });
  return 'ferretdbVersion' in info ? 'ferretdb' : 'mongodb';
}
