import mongoose from 'mongoose';
import type { mongo } from 'mongoose';
import { dropDatabase, testDatabase } from '@dangvien/testing';
import { createBatchedReads, createDatabase, isDuplicateKey } from '../src';
import type { BatchedReadsConfig } from '../src';

/** The find filters a connection sends; `sorted()` in a stable order, since lookups run concurrently. */
function recordFinds(connection: mongoose.Connection) {
  const filters: mongo.Document[] = [];
  connection.getClient().on('commandStarted', (event) => {
    if (event.commandName === 'find') filters.push(event.command.filter as mongo.Document);
  });
  return {
    clear: () => void filters.splice(0),
    sorted: () => filters.map((filter) => JSON.stringify(filter)).sort(),
  };
}
const sorted = (filters: mongo.Document[]) => filters.map((filter) => JSON.stringify(filter)).sort();

describe('database: engine detection, batched reads and duplicate keys (real database)', () => {
  const target = testDatabase('db_batched');
  const database = createDatabase({ url: target.url, name: target.name });
  // A second connection that reports its commands, to see what each strategy sends.
  const monitored = mongoose.createConnection(target.url, { monitorCommands: true });
  const sent = recordFinds(monitored);

  beforeAll(async () => {
    await Promise.all([database.connect(), monitored.asPromise()]);
    await monitored.db!.collection('people').insertMany(
      Array.from({ length: 30 }, (_, i) => ({
        _id: `p${i}`,
        group: `g${i % 3}`,
        tags: [`t${i % 5}`, 'all'],
      })) as never,
    );
  });
  afterAll(async () => {
    await Promise.all([database.close(), monitored.close()]);
    await dropDatabase(target.url);
  });

  // Every strategy is a valid query on every engine: each one is run here against the real server,
  // whichever it is, and must return the same documents.
  const configs: BatchedReadsConfig[] = [
    { engine: 'mongodb', storage: 'mongodb', chunkSize: 2 },
    { engine: 'ferretdb', storage: 'postgresql', concurrency: 3 },
    { engine: 'ferretdb', storage: 'postgresql', patches: ['in-pushdown'], chunkSize: 2 },
    { engine: 'ferretdb', storage: 'sqlite', concurrency: 3, chunkSize: 2 },
  ];

  it.each(configs)('reads by id and by an array field: $engine on $storage', async (config) => {
    const reads = createBatchedReads(config);
    const people = monitored.db!.collection('people');

    sent.clear();
    const ids = (await reads.byIds(people, ['p1', 'p2', 'p2', 'p29', 'missing'])).map((d) => d._id).sort();
    expect(ids).toEqual(['p1', 'p2', 'p29']);
    // Each id once: one equality query per id, or $in chunks of two.
    expect(sent.sorted()).toEqual(
      sorted(
        reads.strategyFor('_id') === 'equality'
          ? [{ _id: 'p1' }, { _id: 'p2' }, { _id: 'p29' }, { _id: 'missing' }]
          : [{ _id: { $in: ['p1', 'p2'] } }, { _id: { $in: ['p29', 'missing'] } }],
      ),
    );

    sent.clear();
    const grouped = await reads.byField(people, 'group', ['g0', 'g1']);
    expect(grouped).toHaveLength(20);
    expect(sent.sorted()).toEqual(
      sorted(
        reads.strategyFor('group') === 'equality'
          ? [{ group: 'g0' }, { group: 'g1' }]
          : [{ group: { $in: ['g0', 'g1'] } }],
      ),
    );

    // One document matching two values of an array field (or two chunks) comes back once.
    const tagged = await reads.byField(people, 'tags', ['t0', 'all', 't1'], { projection: { _id: 1 } });
    expect({ count: tagged.length, keys: Object.keys(tagged[0]!) }).toEqual({ count: 30, keys: ['_id'] });
    expect(await reads.byIds(people, [])).toEqual([]);
  });

  it('chooses the strategy from the server: equality lookups on a stock FerretDB with PostgreSQL, else $in', () => {
    const { server, reads } = database;
    expect(reads.engine).toBe(server.engine);
    expect(reads.storage).toBe(server.storage);
    if (server.engine === 'mongodb') {
      expect(server).toMatchObject({ storage: 'mongodb', description: expect.stringMatching(/^MongoDB \d/) });
      expect([reads.strategyFor('_id'), reads.strategyFor('group')]).toEqual(['in', 'in']);
    } else {
      expect(server.description).toMatch(/^FerretDB 1\.\d+\.\d+ on (PostgreSQL|SQLite) \d/);
      // On SQLite every lookup is a scan anyway: one $in scans once instead of once per value. On
      // PostgreSQL infra/local's build pushes `$in` down (patch in-pushdown); a stock one does not.
      const expected =
        server.storage === 'postgresql' && !server.patches.includes('in-pushdown') ? 'equality' : 'in';
      expect([reads.strategyFor('_id'), reads.strategyFor('group')]).toEqual([expected, expected]);
    }
  });

  it('refuses a configuration that cannot work', () => {
    expect(() => createBatchedReads({ engine: 'ferretdb', concurrency: 0 })).toThrow(RangeError);
    expect(() => createBatchedReads({ engine: 'mongodb', chunkSize: 1.5 })).toThrow(/chunkSize/);
    expect(() => createBatchedReads({ engine: 'ferretdb', storage: 'mongodb' })).toThrow(
      /postgresql or sqlite/,
    );
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
