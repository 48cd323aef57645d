import type { mongo } from 'mongoose';

/**
 * Whether concurrent updates of one document lose writes. MongoDB makes each single-document update
 * atomic; FerretDB v1 reads the document, applies the update in its own process and writes it back,
 * so two updates that read the same version overwrite each other, on either storage. infra/local's
 * FerretDB lets one such write through at a time (its write gate); the services also hold a
 * per-process mutex. These numbers say what each engine does by itself.
 *
 * At most 10 writes are in flight at once: more than FerretDB's PostgreSQL pool (16) would not
 * lose writes on an ungated FerretDB but hang it (see `probeDeadlock`).
 */
export interface LostWrites {
  /** 200 `$inc: { n: 1 }` on one document, 10 in flight: how many increments the document kept. */
  increments: { sent: number; kept: number };
  /** Rounds of three concurrent `updateOne({ _id, version: 1 }, { $set: { version: 2 } })`. */
  versionGuard: { rounds: number; roundsWithSeveralWinners: number; mostWinners: number };
  /** Rounds of a concurrent `$unset: { a }` and `$set: { b: 2 }` on `{ a: 1, b: 1 }`. */
  unsetAndSet: { rounds: number; roundsWrong: number };
}

interface Probe {
  _id: string;
  n?: number;
  version?: number;
  writer?: number;
  a?: number;
  b?: number;
}

const INCREMENTS = 200;
const IN_FLIGHT = 10;
const ROUNDS = 20;

export async function measureLostWrites(db: mongo.Db): Promise<LostWrites> {
  const collection = db.collection<Probe>('concurrency');

  await collection.insertOne({ _id: 'counter', n: 0 });
  let sent = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (sent < INCREMENTS) {
        sent += 1;
        await collection.updateOne({ _id: 'counter' }, { $inc: { n: 1 } });
      }
    }),
  );
  const counter = await collection.findOne({ _id: 'counter' });

  let roundsWithSeveralWinners = 0;
  let mostWinners = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    await collection.replaceOne({ _id: 'guarded' }, { version: 1 }, { upsert: true });
    const results = await Promise.all(
      [0, 1, 2].map((writer) =>
        collection.updateOne({ _id: 'guarded', version: 1 }, { $set: { version: 2, writer } }),
      ),
    );
    const winners = results.reduce((sum, result) => sum + result.modifiedCount, 0);
    if (winners > 1) roundsWithSeveralWinners += 1;
    mostWinners = Math.max(mostWinners, winners);
  }

  let roundsWrong = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    await collection.replaceOne({ _id: 'pair' }, { a: 1, b: 1 }, { upsert: true });
    await Promise.all([
      collection.updateOne({ _id: 'pair' }, { $unset: { a: '' } }),
      collection.updateOne({ _id: 'pair' }, { $set: { b: 2 } }),
    ]);
    const pair = await collection.findOne({ _id: 'pair' });
    if (!pair || 'a' in pair || pair.b !== 2) roundsWrong += 1;
  }

  return {
    increments: { sent: INCREMENTS, kept: Number(counter?.n ?? 0) },
    versionGuard: { rounds: ROUNDS, roundsWithSeveralWinners, mostWinners },
    unsetAndSet: { rounds: ROUNDS, roundsWrong },
  };
}

/**
 * FerretDB v1 on PostgreSQL holds a pooled connection for the query of an update while it waits for
 * another to write: as many concurrent updates as the pool has connections (16 in infra/local) wait
 * for each other forever. Sends `concurrent` updates of distinct documents at once and reports how
 * long they took, or that they had not finished after `timeoutMs` (the server is then stuck for good:
 * run this last, and only on a server of the benchmark's own).
 */
export async function probeDeadlock(
  db: mongo.Db,
  concurrent = 200,
  timeoutMs = 10_000,
): Promise<{ concurrent: number; finishedMs?: number; timeoutMs: number }> {
  const collection = db.collection<Probe>('deadlock');
  await collection.insertMany(Array.from({ length: concurrent }, (_, i) => ({ _id: `d${i}`, n: 0 })));
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    Promise.all(
      Array.from({ length: concurrent }, (_, i) =>
        collection.updateOne({ _id: `d${i}` }, { $inc: { n: 1 } }),
      ),
    ).then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
  ]);
  clearTimeout(timer);
  return { concurrent, timeoutMs, ...(finished ? { finishedMs: Date.now() - started } : {}) };
}
