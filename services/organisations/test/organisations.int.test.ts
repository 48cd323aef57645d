import { EVENT_TYPES, fromKafkaRecord, TOPICS, validateEventData } from '@dangvien/contracts';
import type { AnyEventEnvelope } from '@dangvien/contracts';
import { randomUUID } from 'node:crypto';
import { fromGlobalId } from '@dangvien/graphql';
import { createTestKafka, dropDatabase, readTopicMessages, waitFor } from '@dangvien/testing';
import { REFRESHER_GROUP_PREFIX } from '../src/tree/refresher';
import { createTree, graphql, mutate, startTestService } from './helpers';

/** The id a global id carries (the index, the database and events use it). */
const raw = (globalId: string | undefined): string => fromGlobalId(globalId!)!.id;

const PAYLOAD =
  'organisation { id code name level status parent { code } } userErrors { code field message }';
const REORGANISED =
  'organisation { id code } created { code } reorganisationId reorganisation { id status steps problem { step steps subjectCode code message } } userErrors { code message }';

describe('organisations subgraph with dated history (real database and broker)', () => {
  const { service, parts, mongoUrl } = startTestService({ name: 'orgs_int' });
  const run = (name: string, input: Record<string, unknown>, fields = PAYLOAD) =>
    mutate(service.url, name, input, fields);

  async function tree(prefix: string, rootId: string, asOf: string): Promise<string[]> {
    const response = await graphql<{
      organisationTree: { nodes: { depth: number; organisation: { code: string } }[] };
    }>(
      service.url,
      `
        query ($id: ID!, $asOf: Date) {
          organisationTree(rootId: $id, asOf: $asOf) {
            nodes {
              depth
              organisation {
                code
              }
            }
          }
        }
      `,
      { id: rootId, asOf },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.organisationTree.nodes.map(
      (n) => `${'  '.repeat(n.depth)}${n.organisation.code.slice(prefix.length + 1)}`,
    );
  }

  // Sorted: natural order is no order (on PostgreSQL an update moves the row to the end of a scan).
  async function stored(prefix: string) {
    const project = { projection: { outbox: 0, outboxPending: 0, outboxDue: 0 }, sort: { _id: 1 } } as const;
    const mine = { code: { $regex: `^${prefix}` } };
    return {
      organisations: await parts.repository.organisationCollection.find(mine, project).toArray(),
      localities: await parts.repository.localityCollection.find(mine, project).toArray(),
    };
  }

  /** A moved cell (B1 → A on 2024-01-01) and a merge of A and B into a new commune AB on 2025-01-01. */
  async function moveAndMerge(prefix: string, ids: Record<string, string>) {
    const moved = await run('moveOrganisation', {
      id: ids.B1,
      parentId: ids.A,
      effectiveDate: '2024-01-01',
      decision: { number: '12-QĐ/HU', date: '2023-12-20' },
    });
    expect(moved.userErrors).toEqual([]);
    const merged = await run(
      'mergeOrganisations',
      {
        sourceIds: [ids.A, ids.B],
        target: {
          create: {
            code: `${prefix}.AB`,
            name: 'Đảng bộ xã Đại Từ',
            level: 'COMMUNE',
            sector: 'RESIDENTIAL',
            parentId: ids.D,
          },
        },
        effectiveDate: '2025-01-01',
        decision: { number: '345-QĐ/TU', date: '2024-12-15', issuedBy: 'Tỉnh ủy' },
      },
      REORGANISED,
    );
    expect(merged.userErrors).toEqual([]);
    expect(merged.reorganisation).toMatchObject({ status: 'APPLIED', problem: null });
    return merged.organisation!.id;
  }

  beforeAll(() => service.start());

  afterAll(async () => {
    await service.stop();
    await dropDatabase(mongoUrl);
  });

  it('refuses bad input with the rule that forbids it, and changes nothing', async () => {
    const { ids, prefix: P } = await createTree(service.url);
    const before = await stored(P);
    const cases: [string, string, Record<string, unknown>][] = [
      [
        'LEVEL_NOT_ALLOWED_UNDER_PARENT',
        'createOrganisation',
        { code: `${P}.X`, name: 'x', level: 'CELL', sector: 'RESIDENTIAL', parentId: ids.P },
      ],
      [
        'CODE_TAKEN',
        'createOrganisation',
        { code: `${P}.A`, name: 'x', level: 'COMMUNE', sector: 'RESIDENTIAL', parentId: ids.D },
      ],
      [
        'PARENT_NOT_FOUND',
        'createOrganisation',
        { code: `${P}.Y`, name: 'x', level: 'CELL', sector: 'RESIDENTIAL', parentId: 'bm9wZTpub3Bl' },
      ],
      [
        'MOVE_WOULD_CREATE_CYCLE',
        'moveOrganisation',
        { id: ids.D, parentId: ids.A, effectiveDate: '2021-01-01' },
      ],
      [
        'EFFECTIVE_DATE_BEFORE_CREATION',
        'renameOrganisation',
        { id: ids.A, name: 'Tên mới', effectiveDate: '2019-12-31' },
      ],
      [
        'MERGE_INTO_ITSELF',
        'mergeOrganisations',
        { sourceIds: [ids.A, ids.B], target: { existingId: ids.A } },
      ],
      [
        'ORGANISATION_HAS_ACTIVE_CHILDREN',
        'dissolveOrganisation',
        { id: ids.A, effectiveDate: '2021-01-01' },
      ],
      [
        'LOCALITY_NEEDS_COMMUNE',
        'registerLocality',
        { code: `${P}.VX`, name: 'x', kind: 'VILLAGE', communeId: ids.A1 },
      ],
      [
        'ENTERPRISE_REQUIRED',
        'createOrganisation',
        {
          code: `${P}.E`,
          name: 'x',
          level: 'GRASSROOTS_CELL',
          sector: 'PRIVATE_ENTERPRISE',
          parentId: ids.A,
        },
      ],
      [
        'NO_RULE_SET_IN_FORCE',
        'createOrganisation',
        {
          code: `${P}.OLD`,
          name: 'x',
          level: 'PROVINCE',
          sector: 'STATE_AGENCY',
          effectiveDate: '1929-01-01',
        },
      ],
    ];
    for (const [code, name, input] of cases) {
      const fields =
        name === 'registerLocality'
          ? 'locality { id } userErrors { code }'
          : 'organisation { id } userErrors { code }';
      const payload = await run(name, input, fields);
      expect({ name, codes: payload.userErrors.map((e) => e.code) }).toEqual({ name, codes: [code] });
    }
    expect(await stored(P)).toEqual(before);
    // A refused merge records no reorganisation either.
    expect(
      (await parts.repository.reorganisationsIn(['PENDING', 'CONFLICT', 'APPLIED'])).filter((r) =>
        JSON.stringify(r.request).includes(raw(ids.A)),
      ),
    ).toEqual([]);
  });

  it('answers the tree as of any date after a dated move and a merge', async () => {
    const { ids, prefix: P } = await createTree(service.url);
    await moveAndMerge(P, ids);
    expect(await tree(P, ids.P!, '2023-12-31')).toEqual([
      'P',
      '  D',
      '    A',
      '      A1',
      '      A2',
      '    B',
      '      B1',
    ]);
    expect(await tree(P, ids.P!, '2024-01-01')).toEqual([
      'P',
      '  D',
      '    A',
      '      A1',
      '      A2',
      '      B1',
      '    B',
    ]);
    expect(await tree(P, ids.P!, '2024-12-31')).toEqual([
      'P',
      '  D',
      '    A',
      '      A1',
      '      A2',
      '      B1',
      '    B',
    ]);
    expect(await tree(P, ids.P!, '2025-01-01')).toEqual([
      'P',
      '  D',
      '    AB',
      '      A1',
      '      A2',
      '      B1',
    ]);

    const village = await graphql<{
      before: { commune: { code: string } };
      after: { commune: { code: string }; cells: { code: string }[] };
    }>(
      service.url,
      `
        query ($id: ID!) {
          before: locality(id: $id, asOf: "2024-12-31") {
            commune {
              code
            }
          }
          after: locality(id: $id, asOf: "2025-01-01") {
            commune {
              code
            }
            cells {
              code
            }
          }
        }
      `,
      { id: ids.VA },
    );
    expect(village.data).toEqual({
      before: { commune: { code: `${P}.A` } },
      after: { commune: { code: `${P}.AB` }, cells: [{ code: `${P}.A1` }] },
    });

    const lineage = await graphql<{ organisation: Record<string, unknown> }>(
      service.url,
      `
        query ($id: ID!) {
          organisation(id: $id, asOf: "2025-06-01") {
            status
            validUntil
            successors {
              code
            }
            history {
              change
              from
              to
            }
          }
        }
      `,
      { id: ids.A },
    );
    expect(lineage.data!.organisation).toEqual({
      status: 'DISSOLVED',
      validUntil: '2024-12-31',
      successors: [{ code: `${P}.AB` }],
      history: [
        { change: 'CREATED', from: '2020-01-01', to: '2024-12-31' },
        { change: 'MERGED_INTO', from: '2025-01-01', to: null },
      ],
    });
  });

  it('publishes every change with its effective date and lineage, valid against its schema', async () => {
    const { ids, prefix: P } = await createTree(service.url);
    await moveAndMerge(P, ids);
    const subjects = new Set((await stored(P)).organisations.map((d) => String(d._id)));
    const expected =
      7 /* created */ +
      1 /* AB created */ +
      1 /* moved */ +
      3 /* B1, A2, A1 moved by the merge */ +
      2 /* dissolved */ +
      1; /* merged */
    const records = await readTopicMessages(
      createTestKafka('organisations-int-reader'),
      TOPICS.organisations,
      {
        until: (all) => all.filter((m) => subjects.has(m.key ?? '')).length >= expected,
        timeoutMs: 30_000,
      },
    );
    const events: AnyEventEnvelope[] = records
      .filter((m) => subjects.has(m.key ?? ''))
      .map((m) => fromKafkaRecord(m));
    expect(events).toHaveLength(expected);
    for (const event of events) expect(validateEventData(event.type, event.data)).toEqual({ valid: true });
    const mergedEvent = events.find((e) => e.type === EVENT_TYPES.OrganisationsMerged);
    expect(mergedEvent?.data).toMatchObject({
      mergedIds: [raw(ids.A), raw(ids.B)],
      targetCreated: true,
      effectiveDate: '2025-01-01',
      decision: { number: '345-QĐ/TU', date: '2024-12-15', issuedBy: 'Tỉnh ủy' },
    });
    const dissolved = events.filter((e) => e.type === EVENT_TYPES.OrganisationDissolved);
    expect(dissolved.map((e) => e.data)).toEqual([
      expect.objectContaining({
        cause: 'MERGED',
        successorIds: [mergedEvent!.subject],
        effectiveDate: '2025-01-01',
      }),
      expect.objectContaining({
        cause: 'MERGED',
        successorIds: [mergedEvent!.subject],
        effectiveDate: '2025-01-01',
      }),
    ]);
    // The events of one command carry its one clock reading.
    const mergeTimes = new Set(
      events.filter((e) => e.data && 'reorganisationId' in e.data).map((e) => e.time),
    );
    expect(mergeTimes.size).toBe(1);
  });

  it('splits a commune, saying where each cell and village goes, and re-levels a cell', async () => {
    const { ids, prefix: P, create } = await createTree(service.url);
    await create('S', 'COMMUNE', 'D');
    await create('S1', 'CELL', 'S');
    await create('S2', 'GRASSROOTS_CELL', 'S');
    const village = await run(
      'registerLocality',
      {
        code: `${P}.VS`,
        name: 'Thôn Khe Mo',
        kind: 'VILLAGE',
        communeId: ids.S,
        cellIds: [ids.S1],
        effectiveDate: '2020-01-01',
      },
      'locality { id } userErrors { code message }',
    );
    const villageId = (village.locality as { id: string }).id;
    const unit = (code: string, childIds: string[], localityIds: string[]) => ({
      code: `${P}.${code}`,
      name: `Đảng bộ xã ${code}`,
      level: 'COMMUNE',
      sector: 'RESIDENTIAL',
      childIds,
      localityIds,
    });
    const leavesOneBehind = await run(
      'splitOrganisation',
      { id: ids.S, units: [unit('SN', [ids.S1!], [villageId])], effectiveDate: '2025-02-01' },
      'organisation { id } reorganisation { id } userErrors { code }',
    );
    expect(leavesOneBehind.userErrors.map((e) => e.code)).toEqual(['SPLIT_LEAVES_CHILDREN_BEHIND']);
    expect(leavesOneBehind.reorganisation).toBeNull();
    const split = await run(
      'splitOrganisation',
      {
        id: ids.S,
        units: [unit('SN', [ids.S1!], [villageId]), unit('SS', [ids.S2!], [])],
        effectiveDate: '2025-02-01',
        decision: { number: '77-QĐ/TU', date: '2025-01-20' },
      },
      'organisation { status successors { code } } created { code children { nodes { code } } localities { nodes { code cells { code } } } } userErrors { code message }',
    );
    expect(split.userErrors).toEqual([]);
    expect(split.organisation).toEqual({
      status: 'DISSOLVED',
      successors: [{ code: `${P}.SN` }, { code: `${P}.SS` }],
    });
    expect(split.created).toEqual([
      {
        code: `${P}.SN`,
        children: { nodes: [{ code: `${P}.S1` }] },
        localities: { nodes: [{ code: `${P}.VS`, cells: [{ code: `${P}.S1` }] }] },
      },
      { code: `${P}.SS`, children: { nodes: [{ code: `${P}.S2` }] }, localities: { nodes: [] } },
    ]);
    const relevelled = await run(
      'relevelOrganisation',
      { id: ids.S2, level: 'GRASSROOTS_COMMITTEE', effectiveDate: '2025-03-01' },
      'organisation { level history { change from } } userErrors { code }',
    );
    expect(relevelled.organisation).toEqual({
      level: 'GRASSROOTS_COMMITTEE',
      history: [
        { change: 'CREATED', from: '2020-01-01' },
        { change: 'MOVED', from: '2025-02-01' },
        { change: 'RELEVELED', from: '2025-03-01' },
      ],
    });
  });

  it('pages a commune’s localities by code and the reorganisations oldest first', async () => {
    const { ids, prefix: P, create } = await createTree(service.url);
    await create('L', 'COMMUNE', 'D');
    for (const code of ['V3', 'V1', 'V2']) {
      const registered = await run(
        'registerLocality',
        {
          code: `${P}.${code}`,
          name: `Thôn ${code}`,
          kind: 'VILLAGE',
          communeId: ids.L,
          effectiveDate: '2020-01-01',
        },
        'locality { id } userErrors { code message }',
      );
      expect(registered.userErrors).toEqual([]);
    }
    type Page<T> = {
      nodes: T[];
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
      totalCount: number;
    };
    const localities = async (after: string | null) => {
      const response = await graphql<{ organisation: { localities: Page<{ code: string }> } }>(
        service.url,
        `
          query ($id: ID!, $after: String) {
            organisation(id: $id) {
              localities(first: 2, after: $after) {
                nodes {
                  code
                }
                pageInfo {
                  hasNextPage
                  hasPreviousPage
                  endCursor
                }
                totalCount
              }
            }
          }
        `,
        { id: ids.L, after },
      );
      expect(response.errors).toBeUndefined();
      return response.data!.organisation.localities;
    };
    const first = await localities(null);
    expect(first).toMatchObject({
      nodes: [{ code: `${P}.V1` }, { code: `${P}.V2` }],
      pageInfo: { hasNextPage: true, hasPreviousPage: false },
      totalCount: 3,
    });
    expect(await localities(first.pageInfo.endCursor)).toMatchObject({
      nodes: [{ code: `${P}.V3` }],
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
      totalCount: 3,
    });

    type Listed = { id: string; createdAt: string };
    const applied = async (): Promise<Listed[]> => {
      const all: Listed[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const response: { data?: { reorganisations: Page<Listed> } | null; errors?: unknown } =
          await graphql<{
            reorganisations: Page<Listed>;
          }>(
            service.url,
            `
              query ($after: String) {
                reorganisations(status: [APPLIED], first: 1, after: $after) {
                  nodes {
                    id
                    createdAt
                  }
                  pageInfo {
                    hasNextPage
                    hasPreviousPage
                    endCursor
                  }
                  totalCount
                }
              }
            `,
            { after },
          );
        expect(response.errors).toBeUndefined();
        const page = response.data!.reorganisations;
        expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
        all.push(...page.nodes);
        pages += 1;
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        // Every page counts the whole list; the last one says there is no next page.
        if (after === null) expect(page.totalCount).toBe(all.length);
      } while (after !== null && pages < 100);
      expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
      expect(all.map((r) => r.createdAt)).toEqual(all.map((r) => r.createdAt).sort());
      return all;
    };
    const before = new Set((await applied()).map((r) => r.id));
    await moveAndMerge(P, ids);
    const second = await createTree(service.url);
    await moveAndMerge(second.prefix, second.ids);
    const after = await applied();
    expect(after.length).toBe(before.size + 2);
    expect(after.slice(0, -2).map((r) => r.id)).toEqual([...before]);
    expect(after.slice(-2).every((r) => !before.has(r.id))).toBe(true);
  });

  it('resolves entity references from other subgraphs in one batch, null for a foreign id', async () => {
    const { ids, prefix: P } = await createTree(service.url);
    const response = await graphql<{ _entities: ({ code: string } | null)[] }>(
      service.url,
      `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Organisation {
              code
            }
          }
        }
      `,
      {
        r: [
          { __typename: 'Organisation', id: ids.P },
          { __typename: 'Organisation', id: 'bm90LWFuLWlk' },
          { __typename: 'Organisation', id: ids.D },
        ],
      },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toEqual([{ code: `${P}.P` }, null, { code: `${P}.D` }]);
  });

  it('loses no write when the outbox relay cleans up the document being changed', async () => {
    const { ids, prefix: P } = await createTree(service.url);
    // FerretDB v1 can lose concurrent updates of one document; the service serialises its writes.
    const names = Array.from({ length: 12 }, (_, i) => `Chi bộ lần ${i + 1}`);
    const results = await Promise.all(
      names.map((name, i) =>
        run('renameOrganisation', {
          id: ids.A1,
          name,
          effectiveDate: `2026-01-${String(i + 10).padStart(2, '0')}`,
        }),
      ),
    );
    expect(results.flatMap((r) => r.userErrors)).toEqual([]);
    await service.relay.idle();
    const doc = await parts.repository.organisationCollection.findOne({ code: `${P}.A1` });
    const renames = (doc!.versions as { change: string; name: string }[]).filter(
      (v) => v.change === 'RENAMED',
    );
    expect(renames.map((v) => v.name)).toEqual(names);
    expect(doc!.outbox).toEqual({});
    expect(doc!.outboxPending).toBe(0);
  });

  it('a second replica on the same database sees the first one’s writes through the topic', async () => {
    const { ids, prefix: P } = await createTree(service.url);
    const { service: replica } = startTestService({
      database: { name: service.runtime.config.MONGO_DB, url: mongoUrl },
    });
    await replica.start();
    try {
      expect(replica.parts.index.organisationByCode(`${P}.A`, '2025-01-01')).not.toBeNull();
      const created = await run('createOrganisation', {
        code: `${P}.A.C9`,
        name: 'Chi bộ mới',
        level: 'CELL',
        sector: 'RESIDENTIAL',
        parentId: ids.A,
        effectiveDate: '2025-02-01',
      });
      expect(created.userErrors).toEqual([]);
      await waitFor(() => replica.parts.index.organisationByCode(`${P}.A.C9`, '2025-02-01') !== null, {
        timeoutMs: 15_000,
      });
      expect(replica.parts.index.children(raw(ids.A), '2025-02-01').map((c) => c.record.code)).toContain(
        `${P}.A.C9`,
      );
    } finally {
      await replica.stop();
    }
  });

  it('leaves no consumer group behind: its refresher’s goes when it stops, a crashed one’s at the next start', async () => {
    const kafka = createTestKafka('orgs-groups');
    const admin = kafka.admin();
    await admin.connect();
    try {
      const groupOf = async (groupId: string) => (await admin.describeGroups([groupId])).groups[0]!.state;
      // What a replica that crashed leaves: a refresher group with no member.
      const crashed = `${REFRESHER_GROUP_PREFIX}${randomUUID()}`;
      const left = kafka.consumer({ groupId: crashed });
      await left.connect();
      await left.subscribe({ topics: [TOPICS.organisations] });
      await left.run({ eachMessage: async () => undefined });
      await waitFor(async () => (await groupOf(crashed)) === 'Stable', { timeoutMs: 20_000 });
      await left.disconnect();
      expect(await groupOf(crashed)).toBe('Empty');

      const { service: replica } = startTestService({
        database: { name: service.runtime.config.MONGO_DB, url: mongoUrl },
      });
      await replica.start();
      const own = replica.parts.refresher.groupId;
      expect(await groupOf(crashed)).toBe('Dead');
      expect(await groupOf(own)).toBe('Stable');
      await replica.stop();
      expect(await groupOf(own)).toBe('Dead');
    } finally {
      await admin.disconnect();
    }
  });
});

describe('a merge or split that cannot be completed (real database and broker)', () => {
  /** What the fault hook does at a step; set per test. */
  let atStep: (step: number) => Promise<void> = async () => undefined;
  const { service, parts, database, mongoUrl } = startTestService({
    name: 'orgs_reorg',
    faults: { beforeStep: (_id, step) => atStep(step) },
  });
  // Another replica of the service, writing to the same database while the first is between steps.
  const { service: other } = startTestService({ database });
  const run = (name: string, input: Record<string, unknown>, fields = PAYLOAD) =>
    mutate(service.url, name, input, fields);

  beforeAll(async () => {
    await service.start();
    await other.start();
  });

  afterEach(() => {
    atStep = async () => undefined;
  });

  afterAll(async () => {
    await other.stop();
    await service.stop();
    await dropDatabase(mongoUrl);
  });

  /** The test's tree with a commune C next to A and B, merged into on 2025-01-01. */
  async function treeWithTarget() {
    const built = await createTree(service.url);
    await built.create('C', 'COMMUNE', 'D');
    return built;
  }

  const merge = (ids: Record<string, string>) =>
    run(
      'mergeOrganisations',
      { sourceIds: [ids.A, ids.B], target: { existingId: ids.C }, effectiveDate: '2025-01-01' },
      REORGANISED,
    );

  it('returns the step refused and the plan in CONFLICT; a retry plans the rest again and completes it', async () => {
    const { ids, prefix: P } = await treeWithTarget();
    // Merging A and B into C: A1, A2 move (steps 1, 2), A is dissolved, B1 moves, B is dissolved...
    // Before step 2 another replica renames A2, so the version step 2 read is gone.
    atStep = async (step) => {
      if (step !== 2) return;
      const renamed = await mutate(
        other.url,
        'renameOrganisation',
        { id: ids.A2, name: 'Chi bộ A2 mới', effectiveDate: '2024-06-01' },
        PAYLOAD,
      );
      expect(renamed.userErrors).toEqual([]);
    };
    const merged = await merge(ids);
    expect(merged.organisation).toBeNull();
    expect(merged.userErrors.map((e) => e.code)).toEqual(['REORGANISATION_INCOMPLETE']);
    expect(merged.reorganisation).toMatchObject({
      status: 'CONFLICT',
      problem: { step: 2, subjectCode: `${P}.A2`, code: 'CONCURRENT_MODIFICATION' },
    });
    const id = merged.reorganisationId as string;
    // Half applied: A1 moved, A2 not; listed among the reorganisations needing attention.
    expect(parts.index.organisation(raw(ids.A1), '2025-01-01')?.state.parentId).toBe(raw(ids.C));
    expect(parts.index.organisation(raw(ids.A2), '2025-01-01')?.state.parentId).toBe(raw(ids.A));
    const listed = await graphql<{
      reorganisations: { nodes: { id: string; status: string; problem: { step: number } }[] };
    }>(service.url, '{ reorganisations(first: 100) { nodes { id status problem { step } } } }');
    expect(listed.data!.reorganisations.nodes).toContainEqual({
      id,
      status: 'CONFLICT',
      problem: { step: 2 },
    });

    atStep = async () => undefined;
    const retried = await run('retryReorganisation', { id }, REORGANISED);
    expect(retried.userErrors).toEqual([]);
    expect(retried.reorganisation).toMatchObject({ id, status: 'APPLIED', problem: null });
    const asOf = '2025-01-01';
    expect(
      parts.index
        .children(raw(ids.C), asOf)
        .map((c) => c.record.code)
        .sort(),
    ).toEqual([`${P}.A1`, `${P}.A2`, `${P}.B1`].sort());
    expect(parts.index.organisation(raw(ids.A2), asOf)?.state.name).toBe('Chi bộ A2 mới');
    expect(parts.index.organisation(raw(ids.A), asOf)?.state.status).toBe('DISSOLVED');
    expect(parts.index.locality(raw(ids.VA), asOf)?.state.communeId).toBe(raw(ids.C));
    // A1 moved once: the retry left the applied step out.
    const a1 = parts.index.organisationRecord(raw(ids.A1))!;
    expect(a1.versions.filter((v) => v.reorganisationId === id)).toHaveLength(1);
    const again = await run('retryReorganisation', { id }, REORGANISED);
    expect(again.userErrors.map((e) => e.code)).toEqual(['REORGANISATION_FINISHED']);
  });

  it('stays in CONFLICT with the new rule while the cause remains, and can be abandoned', async () => {
    const { ids, prefix: P } = await treeWithTarget();
    // Before step 2 another replica renames B from a date after the merge: B can no longer be
    // dissolved on the merge date (its history would be rewritten), now or on any retry.
    atStep = async (step) => {
      if (step !== 2) return;
      const renamed = await mutate(
        other.url,
        'renameOrganisation',
        { id: ids.B, name: 'Xã B mới', effectiveDate: '2025-06-01' },
        PAYLOAD,
      );
      expect(renamed.userErrors).toEqual([]);
    };
    const merged = await merge(ids);
    const id = merged.reorganisationId as string;
    // Steps: A1, A2 moved, A dissolved, B1 moved, B dissolved (5), C absorbs, VA moves.
    expect(merged.reorganisation).toMatchObject({
      status: 'CONFLICT',
      steps: 7,
      problem: { step: 5, steps: 7, subjectCode: `${P}.B`, code: 'CONCURRENT_MODIFICATION' },
    });
    atStep = async () => undefined;
    const retried = await run('retryReorganisation', { id }, REORGANISED);
    expect(retried.userErrors.map((e) => e.code)).toEqual(['REORGANISATION_INCOMPLETE']);
    expect(retried.reorganisation).toMatchObject({
      status: 'CONFLICT',
      problem: { step: null, code: 'EFFECTIVE_DATE_BEFORE_LAST_CHANGE' },
    });
    const abandonFields = 'reorganisation { status abandonReason } userErrors { code }';
    const noReason = await run('abandonReorganisation', { id, reason: ' ' }, abandonFields);
    expect(noReason.userErrors.map((e) => e.code)).toEqual(['REASON_REQUIRED']);
    const abandoned = await run(
      'abandonReorganisation',
      { id, reason: 'B was renamed from after the merge date' },
      abandonFields,
    );
    expect(abandoned).toEqual({
      reorganisation: { status: 'ABANDONED', abandonReason: 'B was renamed from after the merge date' },
      userErrors: [],
    });
    expect(
      (await parts.repository.reorganisationsIn(['PENDING', 'CONFLICT'])).map((r) => r.id),
    ).not.toContain(id);
  });

  it('a process stopped between steps leaves the plan PENDING; the next start finishes it, each step once', async () => {
    const { ids } = await treeWithTarget();
    // The process "dies" before step 3: steps 1 and 2 are written, the rest is not.
    atStep = async (step) => {
      if (step === 3) throw new Error('process stopped');
    };
    const response = await graphql(
      service.url,
      `
        mutation ($input: MergeOrganisationsInput!) {
          mergeOrganisations(input: $input) {
            reorganisationId
          }
        }
      `,
      { input: { sourceIds: [ids.A, ids.B], target: { existingId: ids.C }, effectiveDate: '2025-01-01' } },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const [pending] = (await parts.repository.reorganisationsIn(['PENDING'])).filter((r) =>
      JSON.stringify(r.request).includes(raw(ids.A)),
    );
    expect(pending).toBeDefined();
    const movedBefore = [raw(ids.A1), raw(ids.A2)];
    const versionsBefore = (await parts.repository.loadByIds(movedBefore)).organisations.map(
      (r) => r.version,
    );

    const { service: restarted } = startTestService({ database });
    await restarted.start();
    try {
      expect((await restarted.parts.repository.reorganisation(pending!.id))?.status).toBe('APPLIED');
      const index = restarted.parts.index;
      expect(
        index
          .children(raw(ids.C), '2025-01-01')
          .map((c) => c.record.id)
          .sort(),
      ).toEqual([raw(ids.A1), raw(ids.A2), raw(ids.B1)].sort());
      // Steps 1 and 2 (A1, A2 moved) were not applied again.
      expect(movedBefore.map((id) => index.organisationRecord(id)!.version)).toEqual(versionsBefore);
      // Nothing is left to do: planning it again finds no step.
      expect(await restarted.parts.commands.resumePending()).toEqual([]);
    } finally {
      await restarted.stop();
    }
  });
});

describe('the demo tree on first start', () => {
  const { service, mongoUrl } = startTestService({ name: 'orgs_seed', seed: true });

  afterAll(async () => {
    await service.stop();
    await dropDatabase(mongoUrl);
  });

  it('is created through the public API with villages, cells and heads', async () => {
    await service.start();
    const response = await graphql<{
      organisationByCode: { descendants: { totalCount: number } };
      localities: { totalCount: number };
      uncovered: { nodes: { code: string }[] };
    }>(
      service.url,
      `
        {
          organisationByCode(code: "TN", asOf: "2025-07-01") {
            descendants {
              totalCount
            }
          }
          localities(asOf: "2025-07-01") {
            totalCount
          }
          uncovered: localities(filter: { withoutCell: true }, asOf: "2025-07-01") {
            nodes {
              code
            }
          }
        }
      `,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.organisationByCode.descendants.totalCount).toBe(18);
    expect(response.data!.localities.totalCount).toBe(8);
    expect(response.data!.uncovered.nodes).toEqual([{ code: 'L.DTU.KHE' }]);
  });
});
