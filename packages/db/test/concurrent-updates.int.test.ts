import mongoose from 'mongoose';
import { dropDatabase, testDatabase } from '@dangvien/testing';

/**
 * Updates of one document are atomic against each other on every engine the suite runs on: MongoDB
 * makes them so; FerretDB v1 does not (it reads, modifies and writes back, and on PostgreSQL enough
 * concurrent updates deadlock its pool), so infra/local's FerretDB lets one read–modify–write
 * command through at a time (infra/local/ferretdb/gate.go). Without that gate these tests fail:
 * 200 concurrent `$inc` keep a few dozen, and on PostgreSQL they never finish.
 */
describe('concurrent updates of one document (real database)', () => {
  const target = testDatabase('db_concurrent_updates');
  // A pool as large as the burst, so that the updates really reach the server at the same time.
  const connection = mongoose.createConnection(target.url, { maxPoolSize: 200 });
  type Probe = { _id: string; n?: number; version?: number; a?: number; b?: number; writer?: number };
  const probes = () => connection.db!.collection<Probe>('probes');

  beforeAll(() => connection.asPromise());
  afterAll(async () => {
    await connection.close();
    await dropDatabase(target.url);
  });

  it('keeps every one of 200 concurrent $inc, and all of them finish', async () => {
    await probes().insertOne({ _id: 'counter', n: 0 });
    const results = await Promise.all(
      Array.from({ length: 200 }, () => probes().updateOne({ _id: 'counter' }, { $inc: { n: 1 } })),
    );
    expect(results.every((result) => result.modifiedCount === 1)).toBe(true);
    expect((await probes().findOne({ _id: 'counter' }))?.n).toBe(200);
  });

  it('lets exactly one of three version-guarded writers win, round after round', async () => {
    const winners: number[] = [];
    for (let round = 0; round < 10; round += 1) {
      await probes().replaceOne({ _id: 'guarded' }, { version: 1 }, { upsert: true });
      const results = await Promise.all(
        [0, 1, 2].map((writer) =>
          probes().updateOne({ _id: 'guarded', version: 1 }, { $set: { version: 2, writer } }),
        ),
      );
      winners.push(results.reduce((sum, result) => sum + result.modifiedCount, 0));
    }
    expect(winners).toEqual(Array(10).fill(1));
  });

  it('loses neither of a concurrent $unset and $set', async () => {
    const outcomes: Probe[] = [];
    for (let round = 0; round < 10; round += 1) {
      await probes().replaceOne({ _id: 'pair' }, { a: 1, b: 1 }, { upsert: true });
      await Promise.all([
        probes().updateOne({ _id: 'pair' }, { $unset: { a: '' } }),
        probes().updateOne({ _id: 'pair' }, { $set: { b: 2 } }),
      ]);
      outcomes.push((await probes().findOne({ _id: 'pair' }))!);
    }
    expect(outcomes).toEqual(Array(10).fill({ _id: 'pair', b: 2 }));
  });
});
