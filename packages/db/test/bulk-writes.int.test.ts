import mongoose from 'mongoose';
import type { mongo } from 'mongoose';
import { dropDatabase, testDatabase } from '@dangvien/testing';
import { isDuplicateKey } from '../src';

/**
 * One bulk write of many updates behaves as on MongoDB on every engine the suite runs on. FerretDB
 * v1.24 did not (infra/local/ferretdb/patches/msg_update.go fixes both): it kept each statement's
 * query open until the whole `update` command ended, so 16 updates of existing documents took its
 * whole PostgreSQL pool and hung the server; and it stopped at the first failing statement even
 * when unordered, reporting it as statement 0, so the updates after a duplicate key were lost
 * without an error saying so. The outbox relay, the processed-event markers and the bulk
 * projections all send such commands.
 */
describe('bulk writes of updates (real database)', () => {
  const target = testDatabase('db_bulk_writes');
  const connection = mongoose.createConnection(target.url);
  const collection = (name: string) =>
    connection.db!.collection<{ _id: string; n?: number; sequence?: number }>(name);

  beforeAll(() => connection.asPromise());
  afterAll(async () => {
    await connection.close();
    await dropDatabase(target.url);
  });

  it('finishes one bulkWrite of 200 updates of existing documents, each applied once', async () => {
    const probes = collection('many');
    const ids = Array.from({ length: 200 }, (_, i) => `bulk-${i}`);
    await probes.insertMany(ids.map((_id) => ({ _id, n: 0 })));
    const update = () =>
      probes.bulkWrite(
        ids.map((_id) => ({ updateOne: { filter: { _id }, update: { $inc: { n: 1 } } } })),
        { ordered: false },
      );
    expect((await update()).modifiedCount).toBe(200);
    expect((await update()).modifiedCount).toBe(200);
    const stored = await probes.find({ _id: { $in: ids } }).toArray();
    expect(stored.map((probe) => probe.n)).toEqual(Array(200).fill(2));
  }, 30_000);

  // The shape of a sequence-guarded projection: an upsert of a member already at a later sequence
  // fails with a duplicate key (the guard does not match, the insert collides) and must not take the
  // others down with it.
  const guarded = (
    _id: string,
    sequence: number,
  ): mongo.AnyBulkWriteOperation<{ _id: string; sequence?: number }> => ({
    updateOne: { filter: { _id, sequence: { $lt: sequence } }, update: { $set: { sequence } }, upsert: true },
  });

  async function failure(run: () => Promise<unknown>): Promise<{ indexes: number[] }> {
    try {
      await run();
    } catch (error) {
      expect(isDuplicateKey(error)).toBe(true);
      return { indexes: (error as { writeErrors: { index: number }[] }).writeErrors.map((e) => e.index) };
    }
    throw new Error('expected a duplicate key');
  }

  it('unordered: applies every update but the failing one, and says which one failed', async () => {
    const probes = collection('unordered');
    await probes.insertOne({ _id: 'ahead', sequence: 5 });
    const { indexes } = await failure(() =>
      probes.bulkWrite([guarded('new-1', 1), guarded('ahead', 3), guarded('new-2', 1)], { ordered: false }),
    );
    expect(indexes).toEqual([1]);
    expect(await probes.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'ahead', sequence: 5 },
      { _id: 'new-1', sequence: 1 },
      { _id: 'new-2', sequence: 1 },
    ]);
  });

  it('ordered: stops at the failing update, and says which one it was', async () => {
    const probes = collection('ordered');
    await probes.insertOne({ _id: 'ahead', sequence: 5 });
    const { indexes } = await failure(() =>
      probes.bulkWrite([guarded('new-1', 1), guarded('ahead', 3), guarded('new-2', 1)], { ordered: true }),
    );
    expect(indexes).toEqual([1]);
    expect(await probes.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'ahead', sequence: 5 },
      { _id: 'new-1', sequence: 1 },
    ]);
  });
});
