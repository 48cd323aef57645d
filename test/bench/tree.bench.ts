import mongoose from 'mongoose';
import { env, parseEnvironment, withDatabase, z } from '@dangvien/config';
import { toGlobalId } from '@dangvien/graphql';
import { kafkaCredentialsShape } from '@dangvien/kafka';
import { createLogger } from '@dangvien/logger';
import type { OrganisationRecord } from '../../services/organisations/src/domain/history';
import { versionAt } from '../../services/organisations/src/domain/history';
import { readEnvironment } from '../../services/organisations/src/environment';
import { createModels } from '../../services/organisations/src/model/organisation';
import type { Models, OrganisationDocument } from '../../services/organisations/src/model/organisation';
import { createRepository, toOrganisationRecord } from '../../services/organisations/src/model/repository';
import { createOrganisationsService } from '../../services/organisations/src/service';
import { TreeIndex } from '../../services/organisations/src/tree/tree-index';
import { createFixture, DAY_BEFORE_REFORM, REFORM_DATE } from './fixture';
import type { Fixture } from './fixture';
import { countCommands, formatTable, measure } from './measure';
import type { CommandCounter, Measurement } from './measure';

/**
 * The issue's target: on a tree of Thái Nguyên's size a subtree, ancestors or as-of read costs at
 * most one database round trip, never one per level, with p99 under 20 ms. Measured in one run
 * against two baselines on the same database:
 *   A. the level-by-level walk a service without an index would do (one query per level);
 *   B. one read of the whole collection, the subtree computed in JS.
 */
const TARGET_P99_MS = 20;

const settingsSchema = z.object({
  /** Any MongoDB-compatible server; the default is the local FerretDB of infra/local. */
  MONGO_URL: env.mongoUrl().default('mongodb://127.0.0.1:27017/?directConnection=true'),
  KAFKA_BROKERS: env.brokers(),
  // The broker's credentials (`set -a; source .local/kafka/sasl.env`: the admin), passed to the service.
  ...kafkaCredentialsShape,
  BENCH_ITERATIONS: z.coerce.number().int().min(10).default(200),
  /**
   * The database baselines take up to seconds per call on FerretDB (it reads every document for every
   * query), so they are timed fewer times; with 30 calls their p99 is their slowest call.
   */
  BENCH_BASELINE_ITERATIONS: z.coerce.number().int().min(5).default(30),
  /** Also time `organisationTree` through the organisations subgraph (needs Kafka). */
  BENCH_GRAPHQL: env.boolean(true),
  /** Keeps the benchmark database for a look afterwards. */
  BENCH_KEEP_DATABASE: env.boolean(false),
});

const WITHOUT_OUTBOX = { outbox: 0 } as const;

/** Baselines: what answering from the database would cost. Each returns how many it found. */
function createDatabaseReads(models: Models) {
  const active = (doc: OrganisationDocument, asOf: string) => {
    const state = versionAt(toOrganisationRecord(doc), asOf);
    return state?.status === 'ACTIVE' ? state : null;
  };

  /** The active subtree from a map of children, as the index does it. */
  function subtreeFrom(docs: OrganisationDocument[], rootId: string, asOf: string): number {
    const children = new Map<string, string[]>();
    for (const doc of docs) {
      const parentId = active(doc, asOf)?.parentId;
      if (parentId) children.set(parentId, [...(children.get(parentId) ?? []), doc._id]);
    }
    let found = 0;
    const visit = (id: string) => {
      for (const child of children.get(id) ?? []) {
        found += 1;
        visit(child);
      }
    };
    visit(rootId);
    return found;
  }

  return {
    /** A: one query per level, children of the whole frontier at once. */
    async walkSubtree(rootId: string, asOf: string): Promise<number> {
      let frontier = [rootId];
      let found = 0;
      while (frontier.length > 0) {
        const parents = new Set(frontier);
        const docs = await models.organisations
          .find({ 'versions.parentId': { $in: frontier } }, WITHOUT_OUTBOX)
          .lean<OrganisationDocument[]>();
        frontier = docs.filter((doc) => parents.has(active(doc, asOf)?.parentId ?? '')).map((doc) => doc._id);
        found += frontier.length;
      }
      return found;
    },

    /** A: one query per level up, by `_id`. */
    async walkAncestors(id: string, asOf: string): Promise<number> {
      const seen = new Set([id]);
      let doc = await models.organisations.findById(id, WITHOUT_OUTBOX).lean<OrganisationDocument>();
      let found = 0;
      for (
        let parentId = doc && versionAt(toOrganisationRecord(doc), asOf)?.parentId;
        parentId && !seen.has(parentId);
      ) {
        seen.add(parentId);
        doc = await models.organisations.findById(parentId, WITHOUT_OUTBOX).lean<OrganisationDocument>();
        if (!doc) break;
        found += 1;
        parentId = versionAt(toOrganisationRecord(doc), asOf)?.parentId;
      }
      return found;
    },

    /** B: the whole collection in one query. */
    async readAllSubtree(rootId: string, asOf: string): Promise<number> {
      const docs = await models.organisations.find({}, WITHOUT_OUTBOX).lean<OrganisationDocument[]>();
      return subtreeFrom(docs, rootId, asOf);
    },

    async readAllAncestors(id: string, asOf: string): Promise<number> {
      const docs = await models.organisations.find({}, WITHOUT_OUTBOX).lean<OrganisationDocument[]>();
      const byId = new Map<string, OrganisationRecord>(
        docs.map((doc) => [doc._id, toOrganisationRecord(doc)]),
      );
      let found = 0;
      const seen = new Set([id]);
      for (let parentId = versionAt(byId.get(id)!, asOf)?.parentId; parentId && !seen.has(parentId);) {
        seen.add(parentId);
        const record = byId.get(parentId);
        if (!record) break;
        found += 1;
        parentId = versionAt(record, asOf)?.parentId;
      }
      return found;
    },
  };
}

async function loadIndex(repository: ReturnType<typeof createRepository>): Promise<TreeIndex> {
  const index = new TreeIndex();
  const loaded = await repository.loadAll();
  for (const record of loaded.organisations) index.upsertOrganisation(record);
  for (const record of loaded.localities) index.upsertLocality(record);
  return index;
}

/**
 * The subgraph opens its own connection, without command monitoring; the driver only reports
 * commands when asked at connect time. So, for the construction only, every connection mongoose
 * opens is asked to: the requests' round trips are then counted like the baselines'.
 */
function withCommandMonitoring<T>(create: () => T): T {
  const createConnection = mongoose.createConnection;
  const open = createConnection.bind(mongoose) as (
    uri: string,
    options?: mongoose.ConnectOptions,
  ) => mongoose.Connection;
  mongoose.createConnection = ((uri: string, options: mongoose.ConnectOptions = {}) =>
    open(uri, { ...options, monitorCommands: true })) as typeof createConnection;
  try {
    return create();
  } finally {
    mongoose.createConnection = createConnection;
  }
}

/** Waits until start-up's background reads (the outbox relay's first sweep) are over, at most 30 s. */
async function untilQuiet(counter: CommandCounter, quietMs = 2_000): Promise<void> {
  const deadline = Date.now() + 30_000;
  let seen = counter.snapshot().roundTrips;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const now = counter.snapshot().roundTrips;
    if (now === seen) return;
    seen = now;
  }
}

/** `organisationTree` end to end through the subgraph's HTTP endpoint, on the benchmark database. */
async function measureGraphQL(
  settings: z.infer<typeof settingsSchema>,
  database: string,
  fixture: Fixture,
  iterations: number,
): Promise<Measurement[]> {
  const service = withCommandMonitoring(() =>
    createOrganisationsService(
      readEnvironment({
        NODE_ENV: 'production',
        LOG_LEVEL: 'fatal',
        PORT: '0',
        MONGO_URL: settings.MONGO_URL,
        MONGO_DB: database,
        KAFKA_BROKERS: settings.KAFKA_BROKERS.join(','),
        KAFKA_SASL_MECHANISM: settings.KAFKA_SASL_MECHANISM,
        KAFKA_USERNAME: settings.KAFKA_USERNAME,
        KAFKA_PASSWORD: settings.KAFKA_PASSWORD,
        KAFKA_CLIENT_ID: `bench-${database}`,
        SEED_DEMO: 'false',
        OUTBOX_SWEEP_INTERVAL_MS: '3600000',
      }),
      // Kafka's start-up chatter would break up the table; a failed start still throws.
      { logger: createLogger({ name: 'bench-organisations', level: 'fatal' }) },
    ),
  );
  const counter: CommandCounter = countCommands(service.runtime.database.connection);
  await service.start();
  try {
    const before = counter.snapshot().roundTrips;
    await service.runtime.database.connection.db!.admin().command({ ping: 1 });
    if (counter.snapshot().roundTrips === before) {
      throw new Error("the subgraph's database commands cannot be counted");
    }
    await untilQuiet(counter);
    const query = `query Tree($rootId: ID!, $asOf: Date) {
      organisationTree(rootId: $rootId, asOf: $asOf) { size nodes { depth organisation { id code name level } } }
    }`;
    const post = (rootId: string) => async () => {
      const response = await fetch(service.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query,
          variables: { rootId: toGlobalId('Organisation', rootId), asOf: REFORM_DATE },
        }),
      });
      const body = (await response.json()) as {
        data?: { organisationTree: { size: number } };
        errors?: unknown[];
      };
      if (!body.data?.organisationTree)
        throw new Error(`organisationTree failed: ${JSON.stringify(body.errors)}`);
      return body.data.organisationTree.size - 1;
    };
    return [
      await measure(
        counter,
        { name: 'GraphQL organisationTree(commune), HTTP', group: 'subtree(commune)' },
        iterations,
        post(fixture.mergingCommuneId),
      ),
      await measure(
        counter,
        { name: 'GraphQL organisationTree(province), HTTP', group: 'subtree(province)' },
        Math.min(iterations, 50),
        post(fixture.provinceId),
      ),
    ];
  } finally {
    await service.stop();
  }
}

export async function main(): Promise<number> {
  const settings = parseEnvironment(settingsSchema, process.env);
  const iterations = settings.BENCH_ITERATIONS;
  const database = `dangvien_bench_${Date.now().toString(36)}`;
  const connection = mongoose.createConnection(withDatabase(settings.MONGO_URL, database), {
    monitorCommands: true,
    autoIndex: false,
    serverSelectionTimeoutMS: 10_000,
  });
  const counter = countCommands(connection);
  await connection.asPromise();
  const server = new URL(settings.MONGO_URL.replace(/^mongodb(\+srv)?:/, 'http:')).host;
  try {
    const fixture = createFixture();
    const models = createModels(connection);
    const insertStart = process.hrtime.bigint();
    await models.organisations.collection.insertMany(fixture.organisations as never[], { ordered: false });
    await models.localities.collection.insertMany(fixture.localities as never[], { ordered: false });
    const insertMs = Number(process.hrtime.bigint() - insertStart) / 1e6;
    const build = await connection.db!.admin().command({ buildInfo: 1 });
    const engine =
      build.ferretdbVersion === undefined
        ? `MongoDB ${build.version}`
        : `FerretDB ${build.ferretdbVersion}, as MongoDB ${build.version}`;
    console.log(`Tree benchmark on ${server} (${engine}), database ${database}`);
    console.log(
      `Fixture: ${Object.entries(fixture.counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    const baselineIterations = Math.min(settings.BENCH_BASELINE_ITERATIONS, iterations);
    console.log(
      `Inserted with insertMany in ${insertMs.toFixed(0)} ms. Timed calls after a warm-up: ${iterations} per index ` +
        `operation, ${baselineIterations} per database read (A, B) and index load.\n`,
    );

    // Only loadAll is timed: it writes nothing and reads with plain finds.
    const repository = createRepository(models, {
      outbox: {
        insert: () => Promise.reject(new Error('read-only')),
        update: () => Promise.reject(new Error('read-only')),
        insertMany: () => Promise.reject(new Error('read-only')),
      },
      reads: () => {
        throw new Error('not used by loadAll');
      },
    });
    const reads = createDatabaseReads(models);
    const { provinceId, mergingCommuneId: communeId, deepCellId: cellId } = fixture;
    const rows: Measurement[] = [];
    const run = async (name: string, group: string, fn: () => Promise<number> | number, baseline = false) =>
      rows.push(await measure(counter, { name, group, baseline }, iterations, fn));
    const runDatabase = async (name: string, group: string, fn: () => Promise<number>, baseline = false) =>
      rows.push(await measure(counter, { name, group, baseline }, baselineIterations, fn, 2));

    await runDatabase(
      'load TreeIndex (repository.loadAll, once at start)',
      'load',
      async () => (await loadIndex(repository)).size.organisations,
    );
    const index = await loadIndex(repository);

    await runDatabase(
      'A walk level by level: subtree(province)',
      'subtree(province)',
      () => reads.walkSubtree(provinceId, REFORM_DATE),
      true,
    );
    await runDatabase('B one find({}) + JS: subtree(province)', 'subtree(province)', () =>
      reads.readAllSubtree(provinceId, REFORM_DATE),
    );
    await run(
      'index.subtree(province)',
      'subtree(province)',
      () => index.subtree(provinceId, REFORM_DATE).length,
    );

    await runDatabase(
      'A walk level by level: subtree(commune)',
      'subtree(commune)',
      () => reads.walkSubtree(communeId, REFORM_DATE),
      true,
    );
    await runDatabase('B one find({}) + JS: subtree(commune)', 'subtree(commune)', () =>
      reads.readAllSubtree(communeId, REFORM_DATE),
    );
    await run(
      'index.subtree(commune)',
      'subtree(commune)',
      () => index.subtree(communeId, REFORM_DATE).length,
    );
    await run(
      `index.subtree(commune) as of ${DAY_BEFORE_REFORM}`,
      'subtree(commune)',
      () => index.subtree(communeId, DAY_BEFORE_REFORM).length,
    );

    await runDatabase(
      'A walk level by level: ancestors(cell)',
      'ancestors(cell)',
      () => reads.walkAncestors(cellId, REFORM_DATE),
      true,
    );
    await runDatabase('B one find({}) + JS: ancestors(cell)', 'ancestors(cell)', () =>
      reads.readAllAncestors(cellId, REFORM_DATE),
    );
    await run('index.ancestors(cell)', 'ancestors(cell)', () => index.ancestors(cellId, REFORM_DATE).length);

    await run(
      `index.subtree(province) as of ${DAY_BEFORE_REFORM}`,
      'subtree(province)',
      () => index.subtree(provinceId, DAY_BEFORE_REFORM).length,
    );
    await run(
      'index.listLocalities(province, withoutCell)',
      'localities',
      () => index.listLocalities({ under: provinceId, withoutCell: true }, REFORM_DATE).length,
    );
    await run(
      'index.headMembership(province)',
      'localities',
      () => index.headMembership(provinceId, REFORM_DATE).localities,
    );

    if (settings.BENCH_GRAPHQL) rows.push(...(await measureGraphQL(settings, database, fixture, iterations)));

    console.log(formatTable(rows));
    for (const row of rows.filter((r) => r.operation.startsWith('GraphQL') && r.commands)) {
      console.log(`Commands seen while timing ${row.operation} (${row.samples} requests): ${row.commands}`);
    }
    const before = index.subtree(communeId, DAY_BEFORE_REFORM).length;
    const after = index.subtree(communeId, REFORM_DATE).length;
    console.log(
      `\nAs of: the merging commune has ${before} organisations below it on ${DAY_BEFORE_REFORM}, ${after} on ${REFORM_DATE}.`,
    );

    const subtrees = rows.filter((r) => r.operation.startsWith('index.subtree'));
    const worst = subtrees.reduce((a, b) => (b.p99 > a.p99 ? b : a));
    const pass = subtrees.every((r) => r.p99 < TARGET_P99_MS && r.roundTrips <= 1);
    console.log(
      `${pass ? 'PASS' : 'FAIL'}: subtree p99 < ${TARGET_P99_MS} ms with ≤ 1 round trip ` +
        `(worst: ${worst.operation} p99 ${worst.p99.toFixed(3)} ms, ${worst.roundTrips} round trips per query)`,
    );
    return pass ? 0 : 1;
  } finally {
    if (!settings.BENCH_KEEP_DATABASE) await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}
