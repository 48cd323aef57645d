import { EVENT_TYPES, fromKafkaRecord, TOPICS, validateEventData } from '@dangvien/contracts';
import type { AnyEventEnvelope } from '@dangvien/contracts';
import { createTestKafka, dropDatabase, readTopicMessages, waitFor } from '@dangvien/testing';
import { planMerge } from '../src/domain/reorganisation';
import { graphql, startTestService } from './helpers';

const ORGANISATION_FIELDS = 'id code name level status parent { code }';
const PAYLOAD = `organisation { ${ORGANISATION_FIELDS} } userErrors { code field message }`;

interface Payload {
  organisation: {
    id: string;
    code: string;
    name: string;
    level: string;
    status: string;
    parent: { code: string } | null;
  } | null;
  userErrors: { code: string; field: string[] | null; message: string }[];
}

describe('organisations subgraph with dated history (real database and broker)', () => {
  const { service, database, mongoUrl } = startTestService({ name: 'orgs_int' });
  const P = `T${Date.now().toString(36).toUpperCase()}`;
  const ids: Record<string, string> = {};

  async function mutate(
    name: string,
    input: Record<string, unknown>,
    fields = PAYLOAD,
  ): Promise<Payload & Record<string, unknown>> {
    const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
    const response = await graphql<Record<string, Payload>>(
      service.url,
      `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${fields} } }`,
      { input },
    );
    expect(response.errors).toBeUndefined();
    return response.data![name] as Payload & Record<string, unknown>;
  }

  async function create(
    key: string,
    level: string,
    parent: string | null,
    extra: Record<string, unknown> = {},
  ) {
    const payload = await mutate('createOrganisation', {
      code: `${P}.${key}`,
      name: `Tổ chức ${key}`,
      level,
      sector: level === 'PROVINCE' ? 'STATE_AGENCY' : 'RESIDENTIAL',
      parentId: parent ? ids[parent] : null,
      effectiveDate: '2020-01-01',
      ...extra,
    });
    if (payload.organisation) ids[key] = payload.organisation.id;
    return payload;
  }

  async function tree(rootKey: string, asOf: string): Promise<string[]> {
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
      { id: ids[rootKey], asOf },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.organisationTree.nodes.map(
      (n) => `${'  '.repeat(n.depth)}${n.organisation.code.slice(P.length + 1) || P}`,
    );
  }

  // Sorted: natural order is no order (on PostgreSQL an update moves the row to the end of a scan).
  async function stored() {
    const project = { outbox: 0, outboxPending: 0 };
    return {
      organisations: await service.repository.organisationCollection
        .find({}, { projection: project, sort: { _id: 1 } })
        .toArray(),
      localities: await service.repository.localityCollection
        .find({}, { projection: project, sort: { _id: 1 } })
        .toArray(),
    };
  }

  beforeAll(async () => {
    await service.start();
    for (const [key, level, parent] of [
      ['P', 'PROVINCE', null],
      ['D', 'DISTRICT', 'P'],
      ['A', 'COMMUNE', 'D'],
      ['B', 'COMMUNE', 'D'],
      ['A1', 'CELL', 'A'],
      ['A2', 'CELL', 'A'],
      ['B1', 'CELL', 'B'],
    ] as const) {
      expect((await create(key, level, parent)).userErrors).toEqual([]);
    }
    const village = await mutate(
      'registerLocality',
      {
        code: `${P}.VA`,
        name: 'Xóm Đồng Cả',
        kind: 'HAMLET',
        communeId: ids.A,
        cellIds: [ids.A1],
        effectiveDate: '2020-01-01',
      },
      'locality { id cells { code } } userErrors { code message }',
    );
    expect(village.userErrors).toEqual([]);
    ids.VA = (village.locality as { id: string }).id;
  });

  afterAll(async () => {
    await service.stop();
    await dropDatabase(mongoUrl);
  });

  it('refuses bad input with the rule that forbids it, and changes nothing', async () => {
    const before = await stored();
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
    ];
    for (const [code, name, input] of cases) {
      const fields =
        name === 'mergeOrganisations'
          ? 'organisation { id } userErrors { code }'
          : name === 'registerLocality'
            ? 'locality { id } userErrors { code }'
            : 'organisation { id } userErrors { code }';
      const payload = await mutate(name, input, fields);
      expect({ name, codes: payload.userErrors.map((e) => e.code) }).toEqual({ name, codes: [code] });
    }
    expect(await stored()).toEqual(before);
  });

  it('answers the tree as of any date after a dated move and a merge', async () => {
    const moved = await mutate('moveOrganisation', {
      id: ids.B1,
      parentId: ids.A,
      effectiveDate: '2024-01-01',
      decision: { number: '12-QĐ/HU', date: '2023-12-20' },
    });
    expect(moved.userErrors).toEqual([]);
    const merged = await mutate(
      'mergeOrganisations',
      {
        sourceIds: [ids.A, ids.B],
        target: {
          create: {
            code: `${P}.AB`,
            name: 'Đảng bộ xã Đại Từ',
            level: 'COMMUNE',
            sector: 'RESIDENTIAL',
            parentId: ids.D,
          },
        },
        effectiveDate: '2025-01-01',
        decision: { number: '345-QĐ/TU', date: '2024-12-15', issuedBy: 'Tỉnh ủy' },
      },
      'organisation { id code predecessors { code } } created { code } reorganisationId userErrors { code message }',
    );
    expect(merged.userErrors).toEqual([]);
    ids.AB = (merged.organisation as { id: string }).id;

    expect(await tree('P', '2023-12-31')).toEqual([
      'P',
      '  D',
      '    A',
      '      A1',
      '      A2',
      '    B',
      '      B1',
    ]);
    expect(await tree('P', '2024-01-01')).toEqual([
      'P',
      '  D',
      '    A',
      '      A1',
      '      A2',
      '      B1',
      '    B',
    ]);
    expect(await tree('P', '2024-12-31')).toEqual([
      'P',
      '  D',
      '    A',
      '      A1',
      '      A2',
      '      B1',
      '    B',
    ]);
    expect(await tree('P', '2025-01-01')).toEqual(['P', '  D', '    AB', '      A1', '      A2', '      B1']);

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

    const lineage = await graphql<{
      organisation: {
        status: string;
        validUntil: string;
        successors: { code: string }[];
        history: { change: string; from: string; to: string | null }[];
      };
    }>(
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
    const subjects = new Set(
      (await service.repository.organisationCollection.find({ code: { $regex: `^${P}` } }).toArray()).map(
        (d) => String(d._id),
      ),
    );
    const expected =
      8 /* created */ +
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
      organisationId: ids.AB ? expect.any(String) : '',
      mergedIds: expect.arrayContaining([expect.any(String), expect.any(String)]),
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
    await waitFor(async () => (await service.relay.pendingCount()) === 0, { timeoutMs: 10_000 });
  });

  it('splits a commune, saying where each cell and village goes, and re-levels a cell', async () => {
    expect((await create('S', 'COMMUNE', 'D')).userErrors).toEqual([]);
    expect((await create('S1', 'CELL', 'S')).userErrors).toEqual([]);
    expect((await create('S2', 'GRASSROOTS_CELL', 'S')).userErrors).toEqual([]);
    const village = await mutate(
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
    const leavesOneBehind = await mutate(
      'splitOrganisation',
      { id: ids.S, units: [unit('SN', [ids.S1!], [villageId])], effectiveDate: '2025-02-01' },
      'organisation { id } userErrors { code }',
    );
    expect(leavesOneBehind.userErrors.map((e) => e.code)).toEqual(['SPLIT_LEAVES_CHILDREN_BEHIND']);
    const split = await mutate(
      'splitOrganisation',
      {
        id: ids.S,
        units: [unit('SN', [ids.S1!], [villageId]), unit('SS', [ids.S2!], [])],
        effectiveDate: '2025-02-01',
        decision: { number: '77-QĐ/TU', date: '2025-01-20' },
      },
      'organisation { status successors { code } } created { code children { nodes { code } } localities { code cells { code } } } userErrors { code message }',
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
        localities: [{ code: `${P}.VS`, cells: [{ code: `${P}.S1` }] }],
      },
      { code: `${P}.SS`, children: { nodes: [{ code: `${P}.S2` }] }, localities: [] },
    ]);
    const relevelled = await mutate(
      'relevelOrganisation',
      {
        id: ids.S2,
        level: 'GRASSROOTS_COMMITTEE',
        effectiveDate: '2025-03-01',
      },
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

  it('resolves entity references from other subgraphs in one batch, null for a foreign id', async () => {
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
    // FerretDB v1 can lose concurrent updates of one document; the service serialises its writes.
    const names = Array.from({ length: 12 }, (_, i) => `Chi bộ lần ${i + 1}`);
    const results = await Promise.all(
      names.map((name, i) =>
        mutate('renameOrganisation', {
          id: ids.A1,
          name,
          effectiveDate: `2026-01-${String(i + 10).padStart(2, '0')}`,
        }),
      ),
    );
    expect(results.flatMap((r) => r.userErrors)).toEqual([]);
    await waitFor(async () => (await service.relay.pendingCount()) === 0, { timeoutMs: 20_000 });
    const doc = await service.repository.organisationCollection.findOne({ code: `${P}.A1` });
    const renames = (doc!.versions as { change: string; name: string }[]).filter(
      (v) => v.change === 'RENAMED',
    );
    expect(renames.map((v) => v.name)).toEqual(names);
    expect(doc!.outbox).toEqual({});
  });

  it('a second replica on the same database sees the first one’s writes through the topic', async () => {
    const { service: replica } = startTestService({ database });
    await replica.start();
    try {
      expect(replica.index.organisationByCode(`${P}.AB`, '2025-01-01')).not.toBeNull();
      const created = await mutate('createOrganisation', {
        code: `${P}.AB.C9`,
        name: 'Chi bộ mới',
        level: 'CELL',
        sector: 'RESIDENTIAL',
        parentId: ids.AB,
        effectiveDate: '2025-02-01',
      });
      expect(created.userErrors).toEqual([]);
      await waitFor(() => replica.index.organisationByCode(`${P}.AB.C9`, '2025-02-01') !== null, {
        timeoutMs: 15_000,
      });
      const ab = replica.index.organisationByCode(`${P}.AB`, '2025-02-01')!;
      expect(replica.index.children(ab.record.id, '2025-02-01').map((c) => c.record.code)).toContain(
        `${P}.AB.C9`,
      );
    } finally {
      await replica.stop();
    }
  });

  it('finishes, at start-up, a merge that a stopped process recorded but did not apply', async () => {
    expect((await create('X', 'COMMUNE', 'D')).userErrors).toEqual([]);
    expect((await create('Y', 'COMMUNE', 'D')).userErrors).toEqual([]);
    const localId = (key: string) => service.index.organisationByCode(`${P}.${key}`, '2025-03-01')!.record.id;
    const [x, y] = [localId('X'), localId('Y')];
    const plan = planMerge(service.index, {
      reorganisationId: '00000000-0000-4000-8000-000000000001',
      sourceIds: [x],
      target: { existingId: y },
      effectiveDate: '2025-03-01',
      decision: null,
    });
    // What a process that died right after recording the plan leaves behind.
    await service.repository.recordReorganisation({ ...plan, id: `${plan.id}` }, new Date());
    const { service: restarted } = startTestService({ database });
    await restarted.start();
    try {
      expect(restarted.index.organisation(x, '2025-03-01')?.state.status).toBe('DISSOLVED');
      expect(restarted.index.organisation(y, '2025-03-01')?.record.predecessorIds).toContain(x);
      // Applying it again (another restart) changes nothing.
      expect(await restarted.commands.resumePending()).toBe(0);
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
