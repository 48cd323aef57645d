import { mongo, Schema } from 'mongoose';
import { dropDatabase, testDatabase, waitFor } from '@dangvien/testing';
import { createDatabase } from '../src';
import type { Storage } from '../src';

/**
 * What serves a findOne, read from the server's own EXPLAIN of the query it runs — on FerretDB the
 * SQL statement behind the find (PostgreSQL's or SQLite's plan), on MongoDB the winning plan.
 */
interface PlanSummary {
  /** Which storage produced the plan, told by its shape alone (not by asking the server). */
  storage: Storage;
  /** Fields whose index the plan reads; on PostgreSQL only the mirror's GIN indexes count. */
  indexedFields: string[];
  /** The plan reads the whole collection. */
  scans: boolean;
  /** FerretDB: the filter was handed to the storage at all (dotted fields never are). */
  pushedDown?: boolean;
}

type PlanNode = Record<string, unknown>;

function walk(node: unknown, children: string[], visit: (node: PlanNode) => void): void {
  if (typeof node !== 'object' || node === null) return;
  visit(node as PlanNode);
  for (const key of children) {
    const child = (node as PlanNode)[key];
    for (const next of Array.isArray(child) ? child : [child]) walk(next, children, visit);
  }
}

function summarise(explain: mongo.Document): PlanSummary {
  const planner = explain.queryPlanner as PlanNode;
  if (planner.winningPlan) {
    const summary: PlanSummary = { storage: 'mongodb', indexedFields: [], scans: false };
    walk(planner.winningPlan, ['inputStage', 'inputStages'], (node) => {
      if (node.stage === 'COLLSCAN') summary.scans = true;
      if (node.stage === 'IDHACK') summary.indexedFields.push('_id');
      if (typeof node.keyPattern === 'object' && node.keyPattern !== null) {
        summary.indexedFields.push(...Object.keys(node.keyPattern));
      }
    });
    return summary;
  }
  const plan = planner.Plan;
  if (Array.isArray(plan)) {
    // SQLite's EXPLAIN QUERY PLAN: rows like "id=2 parent=0 notused=0 detail=SCAN m_e80c2f78".
    const details = plan.map(String);
    return {
      storage: 'sqlite',
      indexedFields: details.flatMap((d) => (/USING (?:COVERING )?INDEX/.test(d) ? ['(sqlite index)'] : [])),
      scans: details.some((d) => /detail=SCAN /.test(d)),
      pushedDown: explain.filterPushdown as boolean,
    };
  }
  const summary: PlanSummary = {
    storage: 'postgresql',
    indexedFields: [],
    scans: false,
    pushedDown: explain.filterPushdown as boolean,
  };
  walk(plan, ['Plans'], (node) => {
    if (node['Node Type'] === 'Seq Scan') summary.scans = true;
    const index = node['Index Name'];
    const field = /-> '([^']+)'::text/.exec(String(node['Index Cond'] ?? ''))?.[1];
    if (typeof index === 'string' && index.startsWith('dvgin_') && field) summary.indexedFields.push(field);
  });
  return summary;
}

describe('queries on indexed fields are served by an index on every engine (EXPLAIN of a findOne)', () => {
  const target = testDatabase('db_index_plans');
  const database = createDatabase({ url: target.url, name: target.name });
  const memberSchema = new Schema({
    _id: String,
    card: String,
    organisationId: String,
    sex: String,
    ancestorIds: [String],
    versions: [{ _id: false, parentId: String }],
    note: String,
    outboxPending: Number,
    outboxDue: Boolean,
  });
  // Declared the way every service declares indexes: on the mongoose schema, created at start.
  memberSchema.index({ card: 1 }, { unique: true });
  memberSchema.index({ organisationId: 1, sex: 1 });
  memberSchema.index({ ancestorIds: 1 });
  memberSchema.index({ 'versions.parentId': 1 });
  // As every service declares them for the outbox relay (packages/kafka/src/outbox.ts).
  memberSchema.index({ outboxPending: 1 });
  memberSchema.index({ outboxDue: 1 }, { sparse: true });
  const Member = database.connection.model('Member', memberSchema, 'members');

  const explain = async (filter: mongo.Document): Promise<PlanSummary> =>
    summarise(
      await database.connection.db!.command({
        explain: { find: 'members', filter, limit: 1 },
        verbosity: 'queryPlanner',
      }),
    );

  beforeAll(async () => {
    await database.connect();
    await database.createIndexes();
    // Enough documents that reading an index is cheaper than reading the table for any planner.
    await Member.collection.insertMany(
      Array.from({ length: 3_000 }, (_, i) => ({
        _id: `m${i}`,
        card: `TN-${i}`,
        organisationId: `o${i % 100}`,
        sex: i % 2 ? 'F' : 'M',
        ancestorIds: ['tn', `c${i % 10}`, `o${i % 100}`],
        versions: [{ parentId: `o${i % 100}` }],
        note: `note ${i}`,
        // A few documents with events still to relay, as the outbox leaves them.
        ...(i % 500 === 0 ? { outboxPending: 1, outboxDue: true } : { outboxPending: 0 }),
      })) as never,
    );
  });
  afterAll(async () => {
    await database.close();
    await dropDatabase(target.url);
  });

  it('the plan comes from the storage the database reports', async () => {
    expect((await explain({ _id: 'm1' })).storage).toBe(database.server.storage);
  });

  it('equality on _id, on an indexed field, on a compound index and on an array field uses the index', async () => {
    const storage = database.server.storage;
    if (storage === 'sqlite') {
      // FerretDB's SQLite storage hands only { _id } alone to SQLite, where no index matches the
      // expression it filters on: every one of these reads the whole collection.
      expect(await explain({ _id: 'm1' })).toMatchObject({
        pushedDown: true,
        scans: true,
        indexedFields: [],
      });
      expect(await explain({ card: 'TN-1' })).toMatchObject({ pushedDown: false, scans: true });
      expect(await explain({ ancestorIds: 'c3' })).toMatchObject({ pushedDown: false, scans: true });
      return;
    }
    // On PostgreSQL the mirror's GIN indexes appear within a round of the mirror (250 ms) after
    // createIndexes; waiting covers the few rounds a loaded machine may take.
    const byCard = await waitFor(() => explain({ card: 'TN-1' }), {
      until: (plan) => plan.indexedFields.includes('card'),
      description: 'an index on card in the plan',
    });
    expect(byCard).toMatchObject({ scans: false, indexedFields: ['card'] });
    expect(await explain({ _id: 'm1' })).toMatchObject({ scans: false, indexedFields: ['_id'] });
    // A compound index serves its fields: MongoDB with the one index, PostgreSQL with one GIN index
    // per field that the planner combines (or one of them, when the other is barely selective).
    const compound = await explain({ organisationId: 'o5', sex: 'F' });
    expect(compound.scans).toBe(false);
    expect(compound.indexedFields).toContain('organisationId');
    // Array membership, the shape of a subtree read ({ ancestorIds: unitId }).
    expect(await explain({ ancestorIds: 'c3' })).toMatchObject({
      scans: false,
      indexedFields: ['ancestorIds'],
    });
  });

  it("the relay's periodic sweep (the due flag, an equality) uses the index; the count's range scans on FerretDB", async () => {
    const storage = database.server.storage;
    const range = await explain({ outboxPending: { $gt: 0 } });
    if (storage === 'sqlite') {
      expect(await explain({ outboxDue: true })).toMatchObject({ pushedDown: false, scans: true });
      return;
    }
    const due = await waitFor(() => explain({ outboxDue: true }), {
      until: (plan) => plan.indexedFields.includes('outboxDue'),
      description: 'an index on outboxDue in the plan',
    });
    expect(due).toMatchObject({ scans: false, indexedFields: ['outboxDue'] });
    if (database.server.engine === 'mongodb') expect(range).toMatchObject({ scans: false });
    else expect(range).toMatchObject({ pushedDown: false, scans: true });
  });

  it('shapes outside equality on top-level indexed fields scan on FerretDB', async () => {
    const unindexed = await explain({ note: 'note 7' });
    expect(unindexed.scans).toBe(true);
    const dotted = await explain({ 'versions.parentId': 'o5' });
    // A `$in` holding null is never handed over, even by the patched build (null matches a missing field).
    const withNull = await explain({ card: { $in: ['TN-1', null] } });
    if (database.server.engine === 'mongodb') {
      expect(dotted).toMatchObject({ scans: false, indexedFields: ['versions.parentId'] });
      expect(withNull).toMatchObject({ scans: false, indexedFields: ['card'] });
    } else {
      // Never handed to the storage: FerretDB reads and decodes every document to filter them.
      expect(dotted).toMatchObject({ pushedDown: false, scans: true });
      expect(withNull).toMatchObject({ pushedDown: false, scans: true });
    }
  });

  it("`$in` of plain values uses the indexes on MongoDB and on infra/local's FerretDB (patch in-pushdown)", async () => {
    const { server } = database;
    const inIds = await explain({ _id: { $in: ['m1', 'm2'] } });
    const inArray = await explain({ ancestorIds: { $in: ['o5', 'o7'] } });
    if (server.storage === 'sqlite' || !server.patches.includes('in-pushdown')) {
      expect(server.engine).toBe('ferretdb');
      expect(inIds).toMatchObject({ pushedDown: false, scans: true });
      return;
    }
    expect(inIds).toMatchObject({ scans: false });
    expect(inIds.indexedFields).toContain('_id');
    expect(inArray).toMatchObject({ scans: false });
    expect(inArray.indexedFields).toContain('ancestorIds');
  });

  it('`$in` finds what it should on every engine: ids, array members, numbers of either type, with null', async () => {
    const ids = async (filter: mongo.Document) =>
      (await Member.collection.find(filter, { projection: { _id: 1 } }).toArray()).map((d) => d._id).sort();
    expect(await ids({ _id: { $in: ['m1', 'm2', 'absent'] } })).toEqual(['m1', 'm2']);
    expect(await ids({ ancestorIds: { $in: ['o5', 'o6'] }, sex: 'F' })).toHaveLength(30);
    // Stored as 32-bit integers; a double of the same value is the same number.
    expect(await ids({ outboxPending: { $in: [new mongo.Double(1), 7] } })).toEqual(
      ['m0', 'm1000', 'm1500', 'm2000', 'm2500', 'm500'].sort(),
    );
    expect(await ids({ card: { $in: ['TN-1', null] } })).toEqual(['m1']);
    expect(await ids({ note: { $in: [] } })).toEqual([]);
  });

  it('an index created later is served within a second, and its mirror goes when it is dropped', async () => {
    const members = Member.collection;
    await members.createIndex({ note: 1 });
    const created = Date.now();
    const storage = database.server.storage;
    if (storage === 'sqlite') {
      // Nothing to mirror on SQLite: the filter still never reaches the storage.
      expect(await explain({ note: 'note 7' })).toMatchObject({ pushedDown: false, scans: true });
    } else {
      await waitFor(() => explain({ note: 'note 7' }), {
        until: (plan) => plan.indexedFields.includes('note') && !plan.scans,
        intervalMs: 25,
        timeoutMs: 5_000,
        description: 'an index on note in the plan',
      });
      // The mirror reads FerretDB's metadata every 250 ms; the margin above a second is for a
      // loaded two-core machine, not for a slower design.
      expect(Date.now() - created).toBeLessThan(1_500);
    }

    await members.dropIndex('note_1');
    await waitFor(() => explain({ note: 'note 7' }), {
      until: (plan) => plan.scans && !plan.indexedFields.includes('note'),
      description: 'the index on note gone from the plan',
    });
    // The other fields keep theirs.
    expect((await explain({ card: 'TN-2' })).indexedFields).toEqual(storage === 'sqlite' ? [] : ['card']);
  });
});
