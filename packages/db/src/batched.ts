import type { mongo } from 'mongoose';
import type { Engine, Storage } from './engine';

type Document = mongo.Document;

export interface BatchedReadOptions {
  projection?: Document;
}

/** How a set of keys is read: one `$in` per chunk, or one equality query per key. */
export type BatchedReadStrategy = 'in' | 'equality';

/**
 * "These ids" and "these values of a field", read so that the server can use its indexes on either
 * engine. It is the only way code here reads a set of documents by key. The strategy is chosen from
 * the server once (docs/DEVELOPMENT.md, "Query shapes"):
 * - MongoDB: `$in`, in chunks, one round trip per chunk, served by the field's index;
 * - FerretDB on PostgreSQL built by infra/local (patch `in-pushdown`): `$in`, in chunks, served by
 *   the mirrored indexes as one equality is;
 * - a stock FerretDB on PostgreSQL: `$in` is never pushed down (a full scan that decodes every
 *   document: 2–4 s at 100,000), while each equality is served by a mirrored index in about a
 *   millisecond, so one equality query per value with bounded concurrency (100 ids: about 50 ms);
 * - FerretDB on SQLite: every query scans (`{ _id }` alone inside SQLite, the rest in FerretDB), so
 *   one `$in` per chunk, one scan instead of one per value (100 ids at 100,000: 6.6 s against 39 s).
 * The result holds each matching document once, in no particular order; missing keys are absent.
 */
export interface BatchedReads {
  readonly engine: Engine;
  readonly storage: Storage;
  /** What `byField(collection, field, …)` does on this server (for tests and benchmarks). */
  strategyFor(field: string): BatchedReadStrategy;
  byIds<T extends Document = Document>(
    collection: mongo.Collection,
    ids: readonly unknown[],
    options?: BatchedReadOptions,
  ): Promise<T[]>;
  byField<T extends Document = Document>(
    collection: mongo.Collection,
    field: string,
    values: readonly unknown[],
    options?: BatchedReadOptions,
  ): Promise<T[]>;
}

export interface BatchedReadsConfig {
  engine: Engine;
  /**
   * FerretDB's storage (`detectServer` tells). Without it FerretDB is taken to store on PostgreSQL,
   * infra/local's default wherever PostgreSQL is installed.
   */
  storage?: Storage;
  /** The server's patches (`detectServer` tells): with `in-pushdown`, FerretDB on PostgreSQL takes `$in`. */
  patches?: readonly string[];
  /**
   * Equality queries in flight at once on FerretDB. Measured at 100,000 documents on PostgreSQL
   * (test/bench/db.bench.ts), 100 ids take about the same from 8 to 32 in flight and longer below;
   * keep it at or under the driver's pool size (100 by default) and FerretDB's PostgreSQL pool (16).
   */
  concurrency?: number;
  /** Values per `$in`. */
  chunkSize?: number;
}

function unique(values: readonly unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const value of values) {
    const key = typeof value === 'string' ? `s:${value}` : `j:${JSON.stringify(value)}`;
    if (!seen.has(key)) seen.set(key, value);
  }
  return [...seen.values()];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function mapBounded<I, O>(
  items: readonly I[],
  limit: number,
  work: (item: I) => Promise<O>,
): Promise<O[]> {
  const results = new Array<O>(items.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export function createBatchedReads(config: BatchedReadsConfig): BatchedReads {
  const concurrency = config.concurrency ?? 16;
  const chunkSize = config.chunkSize ?? 1_000;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`batched reads: concurrency must be a positive integer, not ${concurrency}`);
  }
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`batched reads: chunkSize must be a positive integer, not ${chunkSize}`);
  }
  const storage: Storage = config.engine === 'mongodb' ? 'mongodb' : (config.storage ?? 'postgresql');
  if (config.engine === 'ferretdb' && storage === 'mongodb') {
    throw new RangeError('batched reads: FerretDB stores on postgresql or sqlite, not mongodb');
  }

  const inServed = storage !== 'postgresql' || (config.patches ?? []).includes('in-pushdown');
  // The same for every field today; by field because what an engine serves can differ by field.
  function strategyFor(_field: string): BatchedReadStrategy {
    return inServed ? 'in' : 'equality';
  }

  async function byField<T extends Document>(
    collection: mongo.Collection,
    field: string,
    values: readonly unknown[],
    options: BatchedReadOptions = {},
  ): Promise<T[]> {
    const wanted = unique(values);
    if (wanted.length === 0) return [];
    const find = (filter: Document) =>
      collection
        .find(filter, options.projection ? { projection: options.projection } : {})
        .toArray() as unknown as Promise<T[]>;
    const found =
      strategyFor(field) === 'in'
        ? await Promise.all(chunks(wanted, chunkSize).map((chunk) => find({ [field]: { $in: chunk } })))
        : await mapBounded(wanted, concurrency, (value) => find({ [field]: value }));
    if (field === '_id' || found.length === 1) return found.flat();
    // Several values (or chunks) may match one document through an array field: keep it once
    // (a projection without _id leaves nothing to tell them apart by).
    const byId = new Map<unknown, T>();
    for (const doc of found.flat()) byId.set(doc._id === undefined ? Symbol() : JSON.stringify(doc._id), doc);
    return [...byId.values()];
  }

  return {
    engine: config.engine,
    storage,
    strategyFor,
    byField,
    byIds: (collection, ids, options) => byField(collection, '_id', ids, options),
  };
}
