import { toGlobalId } from '@dangvien/graphql';
import { dropDatabase, graphql, waitFor } from '@dangvien/testing';
import { createPublisher, memberEvents, mutate, PERSON, startTestService, treeEvents } from './helpers';

const org = (id: string) => toGlobalId('Organisation', id);
const member = (id: string) => toGlobalId('Member', id);

interface Page<T> {
  totalCount: number;
  nodes: T[];
  edges: { cursor: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}

const PAGE = 'totalCount edges { cursor } pageInfo { hasNextPage hasPreviousPage endCursor }';

/**
 * The lists recruitment computes whole (plans of a subtree, a plan's children, warnings, deadlines)
 * paged as cursor connections, against the real database and broker: every page in the order the
 * field documents, resumed after the cursor, the last page saying so, and cursors of another list
 * refused. The tree, the cell's members, the plans and the candidates are the test's own.
 */
describe('recruitment connections (real database and broker)', () => {
  const test = startTestService({ name: 'recruitment_connections' });
  const { service } = test;
  let publisher: Awaited<ReturnType<typeof createPublisher>>;
  const tree = treeEvents();
  const cellMembers = Array.from({ length: 9 }, () => memberEvents(tree.ids.A, '2010-01-01', '2011-01-01'));
  let url = '';
  const plans: Record<'P' | 'C' | 'A' | 'G', string> = { P: '', C: '', A: '', G: '' };
  const candidates: string[] = [];

  /** Every page of the connection `path` picks from `query`'s answer, `first` at a time. */
  async function pages<T>(path: (data: Record<string, unknown>) => Page<T>, query: string, first: number) {
    const all: Page<T>[] = [];
    let after: string | null = null;
    do {
      const response = await graphql<Record<string, unknown>>(url, query, { first, after });
      expect(response.errors).toBeUndefined();
      const page: Page<T> = path(response.data!);
      all.push(page);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after !== null && all.length < 10);
    return all;
  }

  /** Checks what every page says of the list: its length, where it stands, where it resumes. */
  function expectPaged<T>(all: Page<T>[], sizes: number[]) {
    expect(all.map((p) => p.nodes.length)).toEqual(sizes);
    const total = sizes.reduce((sum, n) => sum + n, 0);
    all.forEach((page, i) => {
      expect(page.totalCount).toBe(total);
      expect(page.pageInfo.hasPreviousPage).toBe(i > 0);
      expect(page.pageInfo.hasNextPage).toBe(i < all.length - 1);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
    });
    return all.flatMap((p) => p.nodes);
  }

  async function setPlan(unit: keyof typeof plans, setBy: string, quota: number) {
    const payload = await mutate(
      url,
      'setAdmissionPlan',
      {
        organisationId: org(tree.ids[unit]),
        year: 2025,
        setByOrganisationId: org(setBy),
        quota,
        targets: [],
        effectiveDate: '2025-01-15',
      },
      'admissionPlan { id }',
    );
    expect(payload.userErrors).toEqual([]);
    plans[unit] = (payload.admissionPlan as { id: string }).id;
  }

  /** A candidate of cell A taken to the cell's resolution on `votedOn` (the decision's deadline starts). */
  async function resolvedCandidate(n: number, votedOn: string) {
    const listed = await mutate(url, 'listCandidate', {
      organisationId: org(tree.ids.A),
      sourceCategory: 'YOUNG_GRADUATE_LOCAL',
      listedOn: '2024-09-01',
      inUnitSince: '2019-01-01',
      person: { ...PERSON, fullName: `Ứng viên ${n}` },
    });
    expect(listed.userErrors).toEqual([]);
    const candidateId = (listed.candidate as { id: string }).id;
    const step = (date: string, extra: object = {}) => ({ candidateId, date, actor: 'Chi bộ A', ...extra });
    const introducers = [cellMembers[2 * n]!.id, cellMembers[2 * n + 1]!.id].map(member);
    const steps: [string, object][] = [
      ['recordCertificate', step('2024-10-15', { number: `GCN-${n}` })],
      ['recordApplication', step('2024-11-01')],
      ['recordPersonalHistory', step('2024-11-15')],
      ['recordIntroduction', step('2025-03-10', { kind: 'TWO_MEMBERS', memberIds: introducers })],
      ['recordVerification', step('2025-04-01', { reference: `KL-${n}` })],
      ['recordCellResolution', step(votedOn, { present: 9, votesFor: 9, votesAgainst: 0 })],
    ];
    for (const [name, input] of steps) {
      expect((await mutate(url, name, input as Record<string, unknown>)).userErrors).toEqual([]);
    }
    candidates.push(candidateId);
  }

  beforeAll(async () => {
    publisher = await createPublisher();
    await service.start();
    url = service.url;
    await publisher.publish([...tree.events, ...cellMembers.flatMap((m) => m.events)]);
    const { repository } = test.parts;
    await waitFor(
      async () =>
        (await repository.membersOf(tree.ids.A)).length === 9 &&
        (await repository.locality(tree.ids.V)) !== null &&
        (await repository.organisations([tree.ids.P, tree.ids.C, tree.ids.A, tree.ids.G])).length === 4,
      { timeoutMs: 30_000 },
    );
    await setPlan('P', tree.ids.P, 20);
    await setPlan('C', tree.ids.P, 10);
    await setPlan('A', tree.ids.C, 4);
    await setPlan('G', tree.ids.C, 3);
    // Voted a week apart, recorded out of order: the deadlines list by due date, not by creation.
    await resolvedCandidate(0, '2025-04-22');
    await resolvedCandidate(1, '2025-04-08');
    await resolvedCandidate(2, '2025-04-15');
  }, 120_000);

  afterAll(async () => {
    await publisher?.stop();
    await service.stop();
    await dropDatabase(test.database.url);
  });

  it('pages admissionPlans top down: by depth, then unit code', async () => {
    const query = `query ($first: Int, $after: String) {
      admissionPlans(under: "${org(tree.ids.P)}", year: 2025, first: $first, after: $after) { ${PAGE} nodes { id } }
    }`;
    const all = await pages<{ id: string }>((d) => d.admissionPlans as never, query, 3);
    // P (province), C (commune), then the cells A and G by code.
    expect(expectPaged(all, [3, 1]).map((p) => p.id)).toEqual([plans.P, plans.C, plans.A, plans.G]);
  });

  it('pages a plan’s children', async () => {
    const query = `query ($first: Int, $after: String) {
      admissionPlan(organisationId: "${org(tree.ids.C)}", year: 2025, asOf: "2025-06-30") {
        childrenQuota
        children(first: $first, after: $after) { ${PAGE} nodes { id quota } }
      }
    }`;
    const all = await pages<{ id: string; quota: number }>(
      (d) => (d.admissionPlan as { children: never }).children,
      query,
      1,
    );
    expect(expectPaged(all, [1, 1])).toEqual([
      { id: plans.A, quota: 4 },
      { id: plans.G, quota: 3 },
    ]);
  });

  it('pages recruitmentWarnings, on Query and on the Organisation entity, by code then id', async () => {
    const codes = '[PLAN_BEHIND_PACE, VILLAGE_HEAD_NOT_MEMBER, LOCALITY_WITHOUT_ADMISSION]';
    const fields = `${PAGE} nodes { id code subjectId }`;
    type Row = { id: string; code: string; subjectId: string };
    const onQuery = await pages<Row>(
      (d) => d.recruitmentWarnings as never,
      `query ($first: Int, $after: String) {
        recruitmentWarnings(under: "${org(tree.ids.C)}", asOf: "2025-11-28", codes: ${codes}, first: $first, after: $after) { ${fields} }
      }`,
      2,
    );
    const warnings = expectPaged(onQuery, [2, 2, 1]);
    // No admission by late November in the year's three plans below C; the village has none and
    // a head who is not a member.
    expect(warnings.map((w) => w.code)).toEqual([
      'LOCALITY_WITHOUT_ADMISSION',
      'PLAN_BEHIND_PACE',
      'PLAN_BEHIND_PACE',
      'PLAN_BEHIND_PACE',
      'VILLAGE_HEAD_NOT_MEMBER',
    ]);
    const behind = warnings.filter((w) => w.code === 'PLAN_BEHIND_PACE');
    expect(behind.map((w) => w.subjectId).sort()).toEqual([plans.C, plans.A, plans.G].sort());
    expect(behind.map((w) => w.id)).toEqual(behind.map((w) => w.id).sort());

    // The entity field pages the same warnings (every code) the same way.
    const everything = await pages<Row>(
      (d) => (d._entities as { recruitmentWarnings: never }[])[0]!.recruitmentWarnings,
      `query ($first: Int, $after: String) {
        _entities(representations: [{ __typename: "Organisation", id: "${org(tree.ids.C)}" }]) {
          ... on Organisation { recruitmentWarnings(asOf: "2025-11-28", first: $first, after: $after) { ${fields} } }
        }
      }`,
      4,
    );
    const total = everything[0]!.totalCount;
    const sizes = Array.from({ length: Math.ceil(total / 4) }, (_, i) => Math.min(4, total - 4 * i));
    const entity = expectPaged(everything, sizes);
    expect(entity.filter((w) => warnings.some((m) => m.id === w.id))).toEqual(warnings);
    // The candidates' decisions were due in July: passed, and listed under their code.
    expect(
      entity
        .filter((w) => w.code === 'DEADLINE_PASSED')
        .map((w) => w.subjectId)
        .sort(),
    ).toEqual([...candidates].sort());
    const positions = entity.map((w) => `${w.code} ${w.id}`);
    expect(positions).toEqual([...positions].sort());
  });

  it('pages recruitmentDeadlines soonest due first', async () => {
    const query = `query ($first: Int, $after: String) {
      recruitmentDeadlines(under: "${org(tree.ids.C)}", asOf: "2025-04-22", statuses: [OPEN, DUE_SOON, PASSED], first: $first, after: $after) {
        ${PAGE} nodes { candidate { id } deadline { kind from dueOn status } }
      }
    }`;
    type Row = { candidate: { id: string }; deadline: { kind: string; from: string; dueOn: string } };
    const rows = expectPaged(await pages<Row>((d) => d.recruitmentDeadlines as never, query, 2), [2, 1]);
    expect(rows.map((r) => [r.candidate.id, r.deadline.kind, r.deadline.from])).toEqual([
      [candidates[1], 'ADMISSION_DECISION', '2025-04-08'],
      [candidates[2], 'ADMISSION_DECISION', '2025-04-15'],
      [candidates[0], 'ADMISSION_DECISION', '2025-04-22'],
    ]);
    expect(rows.map((r) => r.deadline.dueOn)).toEqual(rows.map((r) => r.deadline.dueOn).sort());
  });

  it('refuses a page size out of range and a cursor another list issued', async () => {
    const deadlines = await graphql<{ recruitmentDeadlines: { pageInfo: { endCursor: string } } }>(
      url,
      `query { recruitmentDeadlines(under: "${org(tree.ids.C)}", asOf: "2025-04-22", statuses: [OPEN], first: 1) { pageInfo { endCursor } } }`,
    );
    const foreign = deadlines.data!.recruitmentDeadlines.pageInfo.endCursor;
    const refused = async (field: string) => {
      const response = await graphql(url, `query { ${field} { totalCount } }`);
      expect(response.data ?? null).toBeNull();
      return response.errors?.[0]?.extensions;
    };
    const under = `under: "${org(tree.ids.P)}"`;
    expect(await refused(`admissionPlans(${under}, year: 2025, after: "${foreign}")`)).toMatchObject({
      code: 'BAD_USER_INPUT',
      rule: 'INVALID_CURSOR',
    });
    expect(await refused(`recruitmentWarnings(${under}, after: "not a cursor")`)).toMatchObject({
      code: 'BAD_USER_INPUT',
      rule: 'INVALID_CURSOR',
    });
    expect(await refused(`recruitmentDeadlines(${under}, first: 101)`)).toMatchObject({
      code: 'BAD_USER_INPUT',
      rule: 'INVALID_PAGE_SIZE',
    });
  });
});
