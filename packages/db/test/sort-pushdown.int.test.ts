import { mongo } from 'mongoose';
import { dropDatabase, testDatabase } from '@dangvien/testing';
import { createDatabase } from '../src';

/**
 * A page sorted on one field: `find(filter).sort({key: 1}).limit(n)`. infra/local's FerretDB (patch
 * sort-pushdown) hands the sort and the limit to PostgreSQL and keeps the rows only when they are
 * right (strings throughout, every row passing the whole filter); otherwise it reads the query again
 * whole. Each page is compared with the same query read whole and cut in the client, which no
 * engine pushes down, so the engine's own ordering is the reference.
 */
describe('a page sorted on one field is the same page as the whole sorted read (every engine)', () => {
  const target = testDatabase('db_sort_pushdown');
  const database = createDatabase({ url: target.url, name: target.name });
  const collection = () => database.connection.db!.collection('pages');

  beforeAll(async () => {
    await database.connect();
    const key = (i: number) => `k${String((i * 7_919) % 1_000).padStart(4, '0')}`;
    await collection().insertMany([
      ...Array.from({ length: 600 }, (_, i) => ({
        _id: `p${i}` as never,
        group: i % 3 === 0 ? 'a' : 'b',
        key: key(i),
        tags: i % 50 === 0 ? ['z-tag', 'b-tag'] : 'c-tag',
        note: { n: `note ${i}` },
      })),
      // Values of other types under the key, in a group of their own: BSON orders the missing
      // field, then numbers, before every string, an array by its least element, and ObjectIds
      // after every string.
      { _id: 'x-missing' as never, group: 'mixed' },
      { _id: 'x-number' as never, group: 'mixed', key: 42 },
      { _id: 'x-array' as never, group: 'mixed', key: ['k9', 'k0'] },
      { _id: 'x-oid' as never, group: 'mixed', key: new mongo.ObjectId('65a000000000000000000001') },
      { _id: 'x-string-1' as never, group: 'mixed', key: 'k5' },
      { _id: 'x-string-2' as never, group: 'mixed', key: 'k1' },
      // Strings that only a byte-wise comparison orders right: capitals, accents, an empty string.
      ...['Ánh', 'anh', 'Anh', 'ănh', '', 'b', 'Z'].map((key, i) => ({
        _id: `s${i}` as never,
        group: 'bytes',
        key,
      })),
    ]);
  });
  afterAll(async () => {
    await database.close();
    await dropDatabase(target.url);
  });

  const ids = (docs: mongo.Document[]) => docs.map((d) => String(d._id));
  async function both(filter: mongo.Document, limit: number) {
    const page = await collection().find(filter).sort({ key: 1 }).limit(limit).toArray();
    const whole = await collection().find(filter).sort({ key: 1 }).toArray();
    return { page: ids(page), whole: ids(whole).slice(0, limit) };
  }
  const pushed = () => database.server.patches.includes('sort-pushdown');

  it('pages of strings, and the next page of a keyset, match the whole read', async () => {
    for (const limit of [1, 7, 150, 250]) {
      const { page, whole } = await both({ group: 'b' }, limit);
      expect(page).toHaveLength(limit);
      expect(page).toEqual(whole);
    }
    const first = await collection().find({ group: 'a' }).sort({ key: 1 }).limit(10).toArray();
    const last = String(first.at(-1)!.key);
    const next = await both({ group: 'a', key: { $gt: last } }, 10);
    expect(next.page).toEqual(next.whole);
    expect(next.page).not.toContain(String(first.at(-1)!._id));
    const upTo = await both({ group: 'a', key: { $lte: last } }, 20);
    expect(upTo.page).toEqual(ids(first));
    expect(upTo.page).toEqual(upTo.whole);
  });

  it('strings order by their bytes, as MongoDB orders them', async () => {
    const { page, whole } = await both({ group: 'bytes' }, 5);
    expect(page).toEqual(whole);
    const keys = (await collection().find({ group: 'bytes' }).sort({ key: 1 }).limit(7).toArray()).map(
      (d) => d.key as string,
    );
    expect(keys).toEqual(['', 'Anh', 'Z', 'anh', 'b', 'Ánh', 'ănh']);
  });

  it('values that are not strings, or rows the storage cannot filter, give the whole read’s page', async () => {
    for (const limit of [1, 2, 3, 6]) {
      const mixed = await both({ group: 'mixed' }, limit);
      expect(mixed.page).toEqual(mixed.whole);
    }
    expect((await both({ group: 'mixed' }, 3)).page).toEqual(['x-missing', 'x-number', 'x-array']);
    // A dotted field is never handed to the storage: the rows it selects are filtered again.
    const dotted = await both({ group: 'b', 'note.n': { $in: ['note 5', 'note 7', 'note 599'] } }, 2);
    expect(dotted.page).toEqual(dotted.whole);
    expect(dotted.page).toHaveLength(2);
    // A range over strings matches an array by its elements; the storage selects every array.
    const arrays = await both({ tags: { $gt: 'y' } }, 4);
    expect(arrays.page).toEqual(arrays.whole);
    expect(arrays.page).toHaveLength(4);
  });

  it('the explain says what is pushed down: an ascending sort with a limit, not a descending one', async () => {
    const explain = async (sort: mongo.Document) =>
      (await database.connection.db!.command({
        explain: { find: 'pages', filter: { group: 'b' }, sort, limit: 5 },
        verbosity: 'queryPlanner',
      })) as { sortPushdown?: boolean; limitPushdown?: boolean };
    const down = await collection().find({ group: 'b' }).sort({ key: -1 }).limit(5).toArray();
    const whole = await collection().find({ group: 'b' }).sort({ key: -1 }).toArray();
    expect(ids(down)).toEqual(ids(whole).slice(0, 5));
    const ascending = await explain({ key: 1 });
    const descending = await explain({ key: -1 });
    if (database.server.engine === 'mongodb') {
      expect(ascending).not.toHaveProperty('sortPushdown');
    } else if (!pushed() || database.server.storage !== 'postgresql') {
      expect(ascending).toMatchObject({ sortPushdown: false, limitPushdown: false });
    } else {
      expect(ascending).toMatchObject({ sortPushdown: true, limitPushdown: true });
      expect(descending).toMatchObject({ sortPushdown: false, limitPushdown: false });
    }
  });
});
