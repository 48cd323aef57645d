import { EVENT_TYPES, fromKafkaRecord, TOPICS, validateEventData } from '@dangvien/contracts';
import { createTestKafka, dropDatabase, readTopicMessages } from '@dangvien/testing';
import { graphql, startTestService } from './helpers';

const CREATE = `mutation ($input: CreateOrganisationInput!) {
  createOrganisation(input: $input) { organisation { id code path: ancestors { code } } userErrors { code field message } }
}`;
const MOVE = `mutation ($input: MoveOrganisationInput!) {
  moveOrganisation(input: $input) { organisation { id ancestors { code } } userErrors { code field message } }
}`;
const RENAME = `mutation ($input: RenameOrganisationInput!) {
  renameOrganisation(input: $input) { organisation { name } userErrors { code field } }
}`;
const DISSOLVE = `mutation ($input: DissolveOrganisationInput!) {
  dissolveOrganisation(input: $input) { organisation { status dissolutionReason } userErrors { code field } }
}`;

interface Payload {
  organisation: { id: string; code: string } | null;
  userErrors: { code: string; field: string[] | null; message: string }[];
}

describe('organisations subgraph (real database and broker)', () => {
  const { service, mongoUrl } = startTestService({ database: 'orgs_int' });
  const prefix = `T${Date.now().toString(36).toUpperCase()}`;
  const ids: Record<string, string> = {};

  async function create(key: string, level: string, parent: string | null, sector = 'RESIDENTIAL'): Promise<Payload> {
    const response = await graphql<{ createOrganisation: Payload }>(service.url, CREATE, {
      input: { code: `${prefix}.${key}`, name: `Tổ chức ${key}`, level, sector, parentId: parent ? ids[parent] : null },
    });
    expect(response.errors).toBeUndefined();
    const payload = response.data!.createOrganisation;
    if (payload.organisation) ids[key] = payload.organisation.id;
    return payload;
  }

  async function storedState() {
    // The relay may still be emptying outboxes meanwhile: compare the state, not the outbox.
    return service.repository.collection.find({}, { projection: { outbox: 0, outboxPending: 0 } }).toArray();
  }

  beforeAll(async () => {
    await service.start();
    expect((await create('P', 'PROVINCE', null, 'STATE_AGENCY')).userErrors).toEqual([]);
    expect((await create('A', 'COMMUNE', 'P')).userErrors).toEqual([]);
    expect((await create('B', 'COMMUNE', 'P')).userErrors).toEqual([]);
    expect((await create('G', 'GRASSROOTS_COMMITTEE', 'A', 'SCHOOL')).userErrors).toEqual([]);
    expect((await create('I', 'INTERMEDIATE', 'G', 'SCHOOL')).userErrors).toEqual([]);
    expect((await create('C', 'CELL', 'I', 'SCHOOL')).userErrors).toEqual([]);
  });

  afterAll(async () => {
    await service.stop();
    await dropDatabase(mongoUrl);
  });

  it('answers the subtree in one query, ancestors root first', async () => {
    const response = await graphql<{
      organisation: { descendants: { totalCount: number; nodes: { code: string; depth: number }[] } };
    }>(
      service.url,
      `query ($id: ID!) { organisation(id: $id) { descendants(first: 50) { totalCount nodes { code depth } } } }`,
      { id: ids.A },
    );
    expect(response.data!.organisation.descendants.nodes).toEqual([
      { code: `${prefix}.C`, depth: 4 },
      { code: `${prefix}.G`, depth: 2 },
      { code: `${prefix}.I`, depth: 3 },
    ]);
    expect(response.data!.organisation.descendants.totalCount).toBe(3);
  });

  it('pages with cursors', async () => {
    const page = async (after: string | null) =>
      (
        await graphql<{ organisations: { nodes: { code: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
          service.url,
          `query ($after: String, $under: ID) { organisations(first: 2, after: $after, filter: { under: $under }) {
             nodes { code } pageInfo { hasNextPage endCursor } } }`,
          { after, under: ids.P },
        )
      ).data!.organisations;
    const first = await page(null);
    const second = await page(first.pageInfo.endCursor);
    const third = await page(second.pageInfo.endCursor);
    expect([...first.nodes, ...second.nodes, ...third.nodes].map((n) => n.code)).toEqual(
      ['A', 'B', 'C', 'G', 'I'].map((k) => `${prefix}.${k}`),
    );
    expect([first.pageInfo.hasNextPage, second.pageInfo.hasNextPage, third.pageInfo.hasNextPage]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('refuses bad input with the rule that forbids it, and changes nothing', async () => {
    const before = await storedState();
    const cases: [string, () => Promise<Payload>, string][] = [
      ['cell under the province', () => create('X1', 'CELL', 'P'), 'LEVEL_NOT_ALLOWED_UNDER_PARENT'],
      ['duplicate code', () => create('A', 'COMMUNE', 'P'), 'CODE_TAKEN'],
      [
        'unknown parent',
        async () =>
          (
            await graphql<{ createOrganisation: Payload }>(service.url, CREATE, {
              input: { code: `${prefix}.X2`, name: 'x', level: 'CELL', sector: 'RESIDENTIAL', parentId: 'bm90LWFuLWlk' },
            })
          ).data!.createOrganisation,
        'PARENT_NOT_FOUND',
      ],
      [
        'move into its own subtree',
        async () =>
          (await graphql<{ moveOrganisation: Payload }>(service.url, MOVE, { input: { id: ids.G, parentId: ids.I } }))
            .data!.moveOrganisation,
        'MOVE_WOULD_CREATE_CYCLE',
      ],
      [
        'dissolve with active children',
        async () =>
          (await graphql<{ dissolveOrganisation: Payload }>(service.url, DISSOLVE, { input: { id: ids.G } })).data!
            .dissolveOrganisation,
        'ORGANISATION_HAS_ACTIVE_CHILDREN',
      ],
      [
        'empty name',
        async () =>
          (await graphql<{ renameOrganisation: Payload }>(service.url, RENAME, { input: { id: ids.B, name: '  ' } }))
            .data!.renameOrganisation,
        'NAME_REQUIRED',
      ],
    ];
    for (const [label, run, code] of cases) {
      const payload = await run();
      expect({ label, organisation: payload.organisation, codes: payload.userErrors.map((e) => e.code) }).toEqual({
        label,
        organisation: null,
        codes: [code],
      });
    }
    expect(await storedState()).toEqual(before);
  });

  it('a query with a bad cursor gets BAD_USER_INPUT naming the rule', async () => {
    const response = await graphql(service.url, `{ organisations(after: "garbage!") { nodes { code } } }`);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'INVALID_CURSOR' });
  });

  it('moves a whole subtree: every descendant follows', async () => {
    const moved = await graphql<{ moveOrganisation: Payload }>(service.url, MOVE, { input: { id: ids.G, parentId: ids.B } });
    expect(moved.data!.moveOrganisation.userErrors).toEqual([]);
    const response = await graphql<{ organisation: { ancestors: { code: string }[] } }>(
      service.url,
      `query ($id: ID!) { organisation(id: $id) { ancestors { code } } }`,
      { id: ids.C },
    );
    expect(response.data!.organisation.ancestors.map((a) => a.code)).toEqual(
      ['P', 'B', 'G', 'I'].map((k) => `${prefix}.${k}`),
    );
    const underA = await graphql<{ organisation: { descendants: { totalCount: number } } }>(
      service.url,
      `query ($id: ID!) { organisation(id: $id) { descendants { totalCount } } }`,
      { id: ids.A },
    );
    expect(underA.data!.organisation.descendants.totalCount).toBe(0);
  });

  it('renames and dissolves, and publishes every change as a valid CloudEvent', async () => {
    const renamed = await graphql<{ renameOrganisation: { organisation: { name: string } } }>(service.url, RENAME, {
      input: { id: ids.C, name: 'Chi bộ Khoa Toán' },
    });
    expect(renamed.data!.renameOrganisation.organisation.name).toBe('Chi bộ Khoa Toán');
    const dissolved = await graphql<{ dissolveOrganisation: { organisation: { status: string; dissolutionReason: string } } }>(
      service.url,
      DISSOLVE,
      { input: { id: ids.C, reason: 'sáp nhập' } },
    );
    expect(dissolved.data!.dissolveOrganisation.organisation).toEqual({ status: 'DISSOLVED', dissolutionReason: 'sáp nhập' });

    const subjects = new Set(
      (await service.repository.collection.find({ code: { $regex: `^${prefix}\\.` } }).toArray()).map((d) => String(d._id)),
    );
    const kafka = createTestKafka('organisations-int-reader');
    const records = await readTopicMessages(kafka, TOPICS.organisations, {
      // 6 created, 1 moved, 1 renamed, 1 dissolved, spread over the topic's partitions
      until: (all) => all.filter((m) => subjects.has(m.key ?? '')).length >= 9,
      timeoutMs: 20_000,
    });
    const events = records.filter((m) => subjects.has(m.key?.toString() ?? '')).map((m) => fromKafkaRecord(m));
    for (const event of events) {
      expect(validateEventData(event.type, event.data)).toEqual({ valid: true });
      expect(event.subject).toBe((event.data as { organisationId: string }).organisationId);
    }
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === EVENT_TYPES.OrganisationCreated)).toHaveLength(6);
    expect(types).toEqual(
      expect.arrayContaining([EVENT_TYPES.OrganisationMoved, EVENT_TYPES.OrganisationRenamed, EVENT_TYPES.OrganisationDissolved]),
    );
    // Events of one organisation arrive in the order they happened.
    const ofC = events.filter((e) => e.subject === events.find((x) => x.type === EVENT_TYPES.OrganisationDissolved)!.subject);
    expect(ofC.map((e) => e.sequence)).toEqual([...ofC.map((e) => e.sequence)].sort((a, b) => a - b));
    expect(await service.relay.pendingCount()).toBe(0);
  });

  it('repairs subtree paths left behind by an interrupted move', async () => {
    const [iDoc] = await service.repository.collection.find({ code: `${prefix}.I` }).toArray();
    await service.repository.collection.updateOne({ _id: iDoc!._id }, { $set: { path: ['stale'] } });
    expect(await service.repository.repairPaths()).toBeGreaterThanOrEqual(1);
    const [fixed] = await service.repository.collection.find({ code: `${prefix}.I` }).toArray();
    expect(fixed!.path).toHaveLength(3);
  });
});
