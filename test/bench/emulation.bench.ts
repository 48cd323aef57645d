/**
 * Ranking a province of Thái Nguyên's size (issue 11): 1 province, 100 communes, 6 organisations
 * directly under it, 586 grassroots committees, 3,000 cells, 1,500 villages with heads, 30 members per
 * cell (90,000), each cell's members classified for 2025 (3,000 sheets), one inspection per grassroots
 * committee. Written in the stored shape of the emulation service's projection, then timed:
 *   A (baseline) the one indexed read of the province's tree records (`loadUnder`), what every read of
 *     a province starts with;
 *   the whole `emulationRanking` computation of 2025 (every read, and 2023–2025 scored: previous ranks
 *     and runs of excellent years need the years before), as the query runs it;
 *   scoring one year in memory from inputs already read (`scoreYear`).
 *
 *   npm run bench -- emulation        BENCH_EMULATION_ITERATIONS=5 (default)
 */
import mongoose from 'mongoose';
import { createBatchedReads, detectEngine, detectServer } from '@dangvien/db';
import type { OrganisationLevel } from '@dangvien/contracts';
import type { Contribution } from '../../services/emulation/src/domain/membership';
import type { LocalityFact, TreeFact } from '../../services/emulation/src/domain/facts';
import { scoreYear } from '../../services/emulation/src/domain/year-scores';
import { createCollections } from '../../services/emulation/src/model/collections';
import { createMemberStore } from '../../services/emulation/src/model/member-store';
import { createReviewStore } from '../../services/emulation/src/model/review-store';
import { createTreeStore } from '../../services/emulation/src/model/tree-store';
import { createProvinceYears } from '../../services/emulation/src/queries/province-year';
import { createPlanStore } from '../../services/emulation/src/model/plan-store';
import { createProjectionVersion } from '../../services/emulation/src/model/projection-version';
import { countCommands, formatTable, measure } from './measure';
import type { Measurement } from './measure';

const MONGO_URL =
  process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.MONGO_PORT ?? 27017}/?directConnection=true`;
const ITERATIONS = Number(process.env.BENCH_EMULATION_ITERATIONS ?? 5);
const MEMBERS_PER_CELL = 30;

interface Unit {
  id: string;
  code: string;
  level: OrganisationLevel;
  parentId: string | null;
  path: string[];
}

function buildTree(): Unit[] {
  const units: Unit[] = [];
  const add = (code: string, level: OrganisationLevel, parent: Unit | null): Unit => {
    const unit = {
      id: `bench-${code}`,
      code,
      level,
      parentId: parent?.id ?? null,
      path: parent ? [...parent.path, parent.id] : [],
    };
    units.push(unit);
    return unit;
  };
  const province = add('TN', 'PROVINCE', null);
  const communes = Array.from({ length: 100 }, (_, i) => add(`TN.X${i}`, 'COMMUNE', province));
  const direct = Array.from({ length: 6 }, (_, i) => add(`TN.D${i}`, 'DIRECTLY_UNDER', province));
  // 586 grassroots committees: one under each commune, the other 486 under the 6 directly-under bodies.
  const grassroots = [
    ...communes.map((c, i) => add(`${c.code}.G${i}`, 'GRASSROOTS_COMMITTEE', c)),
    ...Array.from({ length: 486 }, (_, i) =>
      add(`${direct[i % 6]!.code}.G${i}`, 'GRASSROOTS_COMMITTEE', direct[i % 6]!),
    ),
  ];
  // 3,000 cells: 15 residential cells per commune, 1,500 in the grassroots committees.
  communes.forEach((c) => Array.from({ length: 15 }, (_, i) => add(`${c.code}.C${i}`, 'CELL', c)));
  Array.from({ length: 1500 }, (_, i) =>
    add(`${grassroots[i % 586]!.code}.C${i}`, 'CELL', grassroots[i % 586]!),
  );
  return units;
}

export async function main(): Promise<number> {
  const database = `dangvien_bench_emulation_${Date.now().toString(36)}`;
  const connection = mongoose.createConnection(MONGO_URL, {
    dbName: database,
    monitorCommands: true,
    autoIndex: false,
  });
  const counter = countCommands(connection);
  await connection.asPromise();
  try {
    const reads = createBatchedReads({
      engine: await detectEngine(connection.db!),
      storage: (await detectServer(connection.db!)).storage,
    });
    const collections = createCollections(connection);
    for (const model of Object.values(connection.models)) await model.createIndexes();
    const units = buildTree();
    const root = units[0]!.id;
    const cells = units.filter((u) => u.level === 'CELL');
    const residential = cells.filter((c) => units.find((u) => u.id === c.parentId)!.level === 'COMMUNE');
    const fact = (u: Unit): TreeFact => ({
      e: `e-${u.id}`,
      s: 1,
      d: '2020-01-01',
      k: 'CREATED',
      code: u.code,
      name: u.code,
      level: u.level,
      sector: 'RESIDENTIAL',
      parentId: u.parentId,
      predecessorIds: [],
    });
    const started = performance.now();
    await collections.tree.insertMany(
      units.map((u) => ({
        _id: u.id,
        version: 1,
        facts: JSON.stringify([fact(u)]),
        ancestorIds: u.path,
        isRoot: u.parentId === null,
        communeEver: u.level === 'COMMUNE',
      })) as never[],
    );
    // Members: 30 per cell since 2020; one admission per cell in 2024 and in 2025, one expulsion in 2025 per 10 cells.
    const orgMembers = cells.map((cell, c) => {
      const members: Record<string, Contribution> = {};
      for (let m = 0; m < MEMBERS_PER_CELL; m += 1)
        members[`${cell.id}-m${m}`] = {
          iv: [['2020-03-01', null]],
          adm: [['2020-03-01', null]],
          pr: [],
          exp: [],
        };
      members[`${cell.id}-a24`] = {
        iv: [['2024-04-01', null]],
        adm: [['2024-04-01', '2024-04-15']],
        pr: [['2025-04-15', 'OFFICIAL', '2025-04-15']],
        exp: [],
      };
      members[`${cell.id}-a25`] = {
        iv: [['2025-04-01', null]],
        adm: [['2025-04-01', '2025-04-15']],
        pr: [['2026-04-15', null, null]],
        exp: [],
      };
      if (c % 10 === 0)
        members[`${cell.id}-m0`] = {
          iv: [['2020-03-01', '2025-06-01']],
          adm: [['2020-03-01', null]],
          pr: [],
          exp: ['2025-06-01'],
        };
      return {
        _id: cell.id,
        version: 1,
        members: JSON.stringify(members),
        ancestorIds: [...cell.path, cell.id],
      };
    });
    for (let i = 0; i < orgMembers.length; i += 500)
      await collections.orgMembers.insertMany(orgMembers.slice(i, i + 500) as never[]);
    const localities = residential.map((cell, i) => {
      const facts: LocalityFact[] = [
        {
          e: `l-${i}`,
          s: 1,
          d: '2020-01-01',
          k: 'REGISTERED',
          code: `V${i}`,
          name: `Xóm ${i}`,
          kind: 'VILLAGE',
          communeId: cell.parentId!,
        },
        { e: `c-${i}`, s: 2, d: '2020-01-01', k: 'COVERAGE', cellIds: [cell.id] },
        {
          e: `h-${i}`,
          s: 3,
          d: '2021-01-01',
          k: 'HEAD',
          name: `Head ${i}`,
          memberId: i % 3 === 0 ? null : `${cell.id}-m1`,
          end: null,
        },
      ];
      return { _id: `loc-${i}`, version: 1, facts: JSON.stringify(facts), communeIds: [cell.parentId!] };
    });
    await collections.locality.insertMany(localities as never[]);
    const sheets = cells.map((cell) => {
      const tuples = Object.fromEntries(
        Array.from({ length: MEMBERS_PER_CELL }, (_, m) => [
          `2025:MEMBER:${cell.id}-m${m}`,
          {
            s: `${cell.id}-m${m}`,
            o: cell.id,
            l: m < 2 ? 'EXCELLENT' : m < 25 ? 'GOOD' : 'COMPLETED',
            x: m === 0,
            p: 80,
            r: 1,
          },
        ]),
      );
      return {
        _id: `2025:MEMBER:${cell.id}`,
        version: 1,
        periodId: '2025',
        periodKind: 'YEAR',
        year: 2025,
        subjectKind: 'MEMBER',
        scopeId: cell.id,
        rootId: root,
        decisions: JSON.stringify(tuples),
        sequence: 30,
        outbox: {},
        outboxPending: 0,
      };
    });
    for (let i = 0; i < sheets.length; i += 500)
      await collections.sheet.insertMany(sheets.slice(i, i + 500) as never[]);
    // A 2025 admission plan per grassroots committee (quota 3, two structure targets), counted once.
    const planDocs = units
      .filter((u) => u.level === 'GRASSROOTS_COMMITTEE')
      .map((g, i) => ({
        _id: `plan-${i}`,
        version: 1,
        organisationId: g.id,
        year: 2025,
        facts: JSON.stringify([
          {
            e: `pa-${i}`,
            s: 1,
            d: '2025-01-15',
            k: 'ADOPTED',
            revision: 1,
            quota: 3,
            targets: { WOMEN: 1, UNDER_30: 1 },
          },
          { e: `pp-${i}`, s: 2, d: '2025-06-01', k: 'PROGRESS', admitted: { WOMEN: i % 2, UNDER_30: 1 } },
        ]),
        ancestorIds: [...g.path, g.id],
      }));
    await collections.plan.insertMany(planDocs as never[]);
    await collections.inspection.insertMany(
      units
        .filter((u) => u.level === 'GRASSROOTS_COMMITTEE')
        .map((g, i) => ({
          _id: `insp-${i}`,
          version: 1,
          organisationId: g.id,
          rootId: root,
          year: 2025,
          kind: 'INSPECTION',
          status: 'COMPLETED',
          plannedOn: '2025-03-01',
          completedOn: '2025-04-01',
          data: '{}',
        })) as never[],
    );
    const build = await connection.db!.admin().command({ buildInfo: 1 });
    const engine =
      build.ferretdbVersion === undefined ? `MongoDB ${build.version}` : `FerretDB ${build.ferretdbVersion}`;
    console.log(`Emulation ranking benchmark on ${engine}, database ${database}`);
    console.log(
      `Fixture: ${units.length} organisations (586 grassroots, ${cells.length} cells), ${localities.length} villages, ${cells.length * (MEMBERS_PER_CELL + 2)} members, ${sheets.length} classification sheets; written in ${(performance.now() - started).toFixed(0)} ms\n`,
    );

    const trees = createTreeStore({
      tree: collections.tree,
      localities: collections.locality,
      orgMembers: collections.orgMembers,
      plans: collections.plan,
      reads: () => reads,
    });
    const members = createMemberStore({
      members: collections.member,
      orgMembers: collections.orgMembers,
      tree: collections.tree,
      reads: () => reads,
    });
    const store = createReviewStore({
      periods: collections.period,
      reviews: collections.review,
      sheets: collections.sheet,
      inspections: collections.inspection,
      reads: () => reads,
    });
    const plans = createPlanStore({ plans: collections.plan, tree: collections.tree, reads: () => reads });
    const years = createProvinceYears({ trees, members, plans, store });
    const version = createProjectionVersion(collections.projectionState);
    await version.touch();
    const kept = createProvinceYears({ trees, members, plans, store, version });
    const rows: Measurement[] = [];
    const run = async (name: string, fn: () => Promise<number> | number, baseline = false) =>
      rows.push(await measure(counter, { name, group: 'province', baseline }, ITERATIONS, fn, 2));

    await run('A: read the province (loadUnder)', async () => (await trees.loadUnder(root)).length, true);
    await run(
      'read its members (contributionsUnder)',
      async () => (await members.contributionsUnder(root)).size,
    );
    await run('read its classification sheets (sheetsIn)', async () => (await store.sheetsIn(root)).length);
    await run(
      'read its villages (localitiesOf, 100 communes)',
      async () =>
        (await trees.localitiesOf(units.filter((u) => u.level === 'COMMUNE').map((u) => u.id))).length,
    );
    await run(
      'emulationRanking 2025 (all reads, 2023–2025 scored)',
      async () => (await years.year(root, 2025)).rows.length,
    );
    await run(
      'emulationRanking 2025 again, nothing changed (kept while the version holds)',
      async () => (await kept.year(root, 2025)).rows.length,
    );
    const records = await trees.loadUnder(root);
    const inputs = {
      year: 2025,
      rootId: root,
      records: new Map(records.map((r) => [r.id, r])),
      contributions: await members.contributionsUnder(root),
      localities: await trees.localitiesOf(units.filter((u) => u.level === 'COMMUNE').map((u) => u.id)),
      memberDecisions: [],
      inspections: [],
      plans: new Map(),
      localityYears: 3,
    };
    const none = { organisations: new Map(), members: new Map() };
    await run(
      'scoreYear 2025 in memory (inputs read)',
      () => scoreYear(inputs, none, { rows: new Map(), streaks: null }).rows.length,
    );
    console.log(formatTable(rows).replace('vs walk (p50)', 'vs A (p50)'));
    return 0;
  } finally {
    await connection.dropDatabase();
    await connection.close();
  }
}
