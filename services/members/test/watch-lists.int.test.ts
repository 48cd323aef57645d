import { addDays, addMonths, addYears, todayInVietnam } from '@dangvien/domain';
import { gql, mutate, organisationProducer, person, publishTree, startTestService } from './helpers';
import type { TestTree } from './helpers';

const today = todayInVietnam();

type Page<T> = {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  totalCount: number;
};

const ON_ORGANISATION = (variables: string, field: string, selection: string) => /* GraphQL */ `
  query ($id: ID!, $args: Int, $after: String, ${variables}) {
    _entities(representations: [{ __typename: "Organisation", id: $id }]) {
      ... on Organisation {
        list: ${field} {
          nodes { ${selection} }
          pageInfo { hasNextPage hasPreviousPage endCursor }
          totalCount
        }
      }
    }
  }
`;
const PENDING = ON_ORGANISATION(
  '$overdueOnly: Boolean, $asOf: Date',
  'pendingTransfers(first: $args, after: $after, overdueOnly: $overdueOnly, asOf: $asOf)',
  'member { id } deadline overdue',
);
const DUE = ON_ORGANISATION(
  '$from: Date!, $to: Date!',
  'membersDueBadge(first: $args, after: $after, from: $from, to: $to)',
  'member { id } years reachedOn',
);

describe('an organisation’s watch lists are cursor connections (real database and broker)', () => {
  const { service, parts, drop } = startTestService({ name: 'members_watch_lists' });
  let kafka: Awaited<ReturnType<typeof organisationProducer>>;

  beforeAll(async () => {
    kafka = await organisationProducer();
    await service.start();
  }, 60_000);
  afterAll(async () => {
    await service.stop();
    await kafka.stop();
    await drop();
  });

  const ok = async (name: string, input: Record<string, unknown>) => {
    const payload = await mutate(service.url, name, input);
    expect({ name, errors: payload.userErrors }).toEqual({ name, errors: [] });
    return payload.member!.id;
  };
  const register = (tree: TestTree, cell: string, decisionDate: string) =>
    ok('registerMember', {
      person: person({ dateOfBirth: '1940-05-05', youthUnionEntryDate: null }),
      organisationId: tree.global(cell),
      decisionDate,
      ceremonyDate: addDays(decisionDate, 10),
      officialDate: addMonths(addDays(decisionDate, 10), 12),
    });
  const read = async <T>(query: string, id: string, variables: Record<string, unknown>) => {
    const response = await gql<{ _entities: { list: Page<T> }[] }>(service.url, query, {
      id,
      ...(query === DUE ? { from: today, to: today } : {}),
      ...variables,
    });
    expect(response.errors).toBeUndefined();
    return response.data!._entities[0]!.list;
  };
  /** Every page of a list, `size` at a time, checking each page's flags and count. */
  const allPages = async <T>(query: string, id: string, size: number, variables = {}) => {
    const pages: Page<T>[] = [];
    let after: string | null = null;
    do {
      const page: Page<T> = await read<T>(query, id, { ...variables, args: size, after });
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      pages.push(page);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after !== null && pages.length < 20);
    for (const page of pages) expect(page.totalCount).toBe(pages.flatMap((p) => p.nodes).length);
    return pages;
  };

  it('pages pending transfers from or to a subtree by deadline, overdue ones by asOf', async () => {
    const tree = await publishTree(kafka.producer, parts);
    const since = addYears(today, -6);
    const letter = async (cell: string, to: string, issuedOn: string) => {
      const id = await register(tree, cell, since);
      await ok('issueTransferLetter', { id, toOrganisationId: tree.global(to), kind: 'PERMANENT', issuedOn });
      return id;
    };
    // Deadlines 30 days after issue: today - 10, today, today + 10, today + 25; one towards C1.
    const late = await letter('A1', 'B1', addDays(today, -40));
    const dueToday = await letter('B1', 'A2', addDays(today, -30));
    const soon = await letter('A1', 'A2', addDays(today, -20));
    const later = await letter('A2', 'B1', addDays(today, -5));

    const pages = await allPages<{ member: { id: string }; deadline: string }>(PENDING, tree.global('C1'), 3);
    expect(pages.map((p) => p.nodes.map((n) => n.member.id))).toEqual([[late, dueToday, soon], [later]]);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, false]);
    expect(pages[0]!.nodes.map((n) => n.deadline)).toEqual([-10, 0, 10].map((d) => addDays(today, d)));
    // From the province, a letter with both sides inside is listed once.
    const province = await allPages<{ member: { id: string } }>(PENDING, tree.global('P'), 2);
    expect(province.flatMap((p) => p.nodes.map((n) => n.member.id))).toEqual([late, dueToday, soon, later]);
    // C2 (above B1) is one side of three of them: B1 sends dueToday's and receives late's and later's.
    const c2 = await allPages<{ member: { id: string } }>(PENDING, tree.global('C2'), 20);
    expect(c2.flatMap((p) => p.nodes.map((n) => n.member.id))).toEqual([late, dueToday, later]);

    const overdue = await allPages<{ member: { id: string }; overdue: boolean }>(
      PENDING,
      tree.global('C1'),
      1,
      { overdueOnly: true },
    );
    expect(overdue.flatMap((p) => p.nodes)).toEqual([
      { member: { id: late }, deadline: addDays(today, -10), overdue: true },
    ]);
    const overdueLater = await allPages<{ member: { id: string } }>(PENDING, tree.global('C1'), 2, {
      overdueOnly: true,
      asOf: addDays(today, 11),
    });
    expect(overdueLater.map((p) => p.nodes.map((n) => n.member.id))).toEqual([[late, dueToday], [soon]]);
  }, 120_000);

  it('pages the badge milestones of a subtree in a period by the day reached, awarded ones left out', async () => {
    const tree = await publishTree(kafka.producer, parts);
    // Decided `years` before the day: the Party age reaches `years` on that day.
    const reaching = async (cell: string, days: number, years = 30) => {
      const decided = addYears(addDays(today, days), -years);
      const id = await register(tree, cell, decided);
      return { id, reachedOn: addMonths(decided, years * 12), years };
    };
    const awarded = await reaching('A1', -30);
    await ok('awardBadge', { id: awarded.id, years: 30, awardedOn: today });
    const past = await reaching('A2', -20);
    const first = await reaching('A1', 10);
    const second = await reaching('A1', 40);
    const forty = await reaching('A2', 70, 40);
    const last = await reaching('A1', 100);
    await reaching('A1', 130); // after the period
    await reaching('B1', 15); // elsewhere
    const period = { from: addDays(today, -60), to: addDays(today, 120) };

    const pages = await allPages<{ member: { id: string }; years: number; reachedOn: string }>(
      DUE,
      tree.global('C1'),
      2,
      period,
    );
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(pages.flatMap((p) => p.nodes)).toEqual(
      [past, first, second, forty, last].map((m) => ({
        member: { id: m.id },
        years: m.years,
        reachedOn: m.reachedOn,
      })),
    );
    expect(pages[0]!.totalCount).toBe(5);
    const part = await read<{ member: { id: string } }>(DUE, tree.global('C1'), {
      from: addDays(today, 5),
      to: addDays(today, 45),
    });
    expect(part).toMatchObject({
      nodes: [{ member: { id: first.id } }, { member: { id: second.id } }],
      totalCount: 2,
      pageInfo: { hasNextPage: false },
    });
  }, 120_000);

  it('refuses a page size out of bounds and a cursor it did not issue, or issued for another list', async () => {
    const tree = await publishTree(kafka.producer, parts);
    const codes = async (query: string, variables: Record<string, unknown>) => {
      const period = query === DUE ? { from: today, to: today } : {};
      const response = await gql(service.url, query, { id: tree.global('C1'), ...period, ...variables });
      return (response.errors ?? []).map(
        (e) => (e.extensions as { code?: string } | undefined)?.code ?? e.message,
      );
    };
    const badgeCursor = Buffer.from(JSON.stringify([today, 'x'])).toString('base64url');
    const letterCursor = Buffer.from(JSON.stringify(`${today} x`)).toString('base64url');
    expect(await codes(PENDING, { args: 101 })).toEqual(['BAD_USER_INPUT']);
    expect(await codes(PENDING, { after: 'not-a-cursor' })).toEqual(['BAD_USER_INPUT']);
    expect(await codes(PENDING, { after: badgeCursor })).toEqual(['BAD_USER_INPUT']);
    expect(await codes(DUE, { after: letterCursor })).toEqual(['BAD_USER_INPUT']);
    expect(await codes(DUE, { args: 0 })).toEqual(['BAD_USER_INPUT']);
  }, 60_000);
});
