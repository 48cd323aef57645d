import { dropDatabase, testDatabase } from '@dangvien/testing';
import { createBatchedReads, createDatabase, isDuplicateKey } from '../src';

describe('database: engine detection, batched reads and duplicate keys (real database)', () => {
  const target = testDatabase('db_batched');
  const database = createDatabase({ url: target.url, name: target.name });

  beforeAll(() => database.connect());
  afterAll(async () => {
    await database.close();
    await dropDatabase(target.url);
  });

  it('reads the same documents by id and by an array field with either strategy', async () => {
    const collection = database.connection.db!.collection('people');
    await collection.insertMany(
      Array.from({ length: 30 }, (_, i) => ({
        _id: `p${i}`,
        group: `g${i % 3}`,
        tags: [`t${i % 5}`, 'all'],
      })) as never,
    );
    for (const engine of ['mongodb', 'ferretdb'] as const) {
      const reads = createBatchedReads({ engine, concurrency: 4, chunkSize: 7 });
      const ids = (await reads.byIds(collection, ['p1', 'p2', 'p2', 'p29', 'missing']))
        .map((d) => d._id)
        .sort();
      expect({ engine, ids }).toEqual({ engine, ids: ['p1', 'p2', 'p29'] });
      const grouped = await reads.byField(collection, 'group', ['g0', 'g1']);
      expect({ engine, count: grouped.length }).toEqual({ engine, count: 20 });
      // One document matching two values of an array field comes back once.
      const tagged = await reads.byField(collection, 'tags', ['t0', 'all'], { projection: { _id: 1 } });
      expect({ engine, count: tagged.length, keys: Object.keys(tagged[0]!) }).toEqual({
        engine,
        count: 30,
        keys: ['_id'],
      });
    }
    expect(['mongodb', 'ferretdb']).toContain(database.engine);
  });

  it('recognises a duplicate key from a single insert and from a bulk write', async () => {
    const collection = database.connection.db!.collection('unique_things');
    await collection.insertOne({ _id: 'a' } as never);
    const single = await collection.insertOne({ _id: 'a' } as never).catch((e: unknown) => e);
    expect(isDuplicateKey(single)).toBe(true);
    const bulk = await collection
      .bulkWrite([{ insertOne: { document: { _id: 'a' } as never } }], { ordered: false })
      .catch((e: unknown) => e);
    expect(isDuplicateKey(bulk)).toBe(true);
    expect(isDuplicateKey(new Error('other'))).toBe(false);
  });
});
