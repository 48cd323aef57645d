import type { mongo } from 'mongoose';
import type { Engine } from './engine';

type Document = mongo.Document;

export interface BatchedReadOptions {
  projection?: Document;
}

/**
 * "These ids" and "these values of a field", read so that the server can use its indexes on either
 * engine. It is the only way code here reads a set of documents by key:
 * - MongoDB: `$in`, in chunks, one round trip per chunk;
 * - FerretDB: `$in` is a full scan there, so one equality query per value, with bounded concurrency
 *   (each is served by an index).
 * The result holds each matching document once, in no particular order; missing keys are absent.
 */
export interface BatchedReads {
  readonly engine: Engine;
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
  /** Equality queries in flight at once on FerretDB (keep it at or under the driver's pool size). */
  concurrency?: number;
  /** Values per `$in` on MongoDB. */
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
    if (config.engine === 'mongodb') {
      const chunks: unknown[][] = [];
      for (let i = 0; i < wanted.length; i += chunkSize) chunks.push(wanted.slice(i, i + chunkSize));
      return (await Promise.all(chunks.map((chunk) => find({ [field]: { $in: chunk } })))).flat();
    }
    const found = await mapBounded(wanted, concurrency, (value) => find({ [field]: value }));
    if (field !== '_id') {
      // Several values may match one document (an array field): keep it once. A projection without
      // `_id` leaves nothing to tell documents apart by, and every match is returned.
      const byId = new Map<string, T>();
      const anonymous: T[] = [];
      for (const doc of found.flat()) {
        if (doc._id === undefined) anonymous.push(doc);
        else byId.set(JSON.stringify(doc._id), doc);
      }
      return [...byId.values(), ...anonymous];
    }
    return found.flat();
  }

  return {
    engine: config.engine,
    byField,
    byIds: (collection, ids, options) => byField(collection, '_id', ids, options),
  };
}
