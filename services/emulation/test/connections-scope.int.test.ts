import mongoose from 'mongoose';
import type { Kafka, Producer } from 'kafkajs';
import { createLogger } from '@dangvien/logger';
import { localIdOf } from '@dangvien/graphql';
import { dropDatabase } from '@dangvien/testing';
import { createSuccessors } from '../src/model/successors';
import type { EmulationService } from '../src/service';
import type { startTestService } from './helpers';
import { caughtUp, Events, gql, memberGid, ok, orgGid, publish, startWithBroker } from './helpers';

// The lists of the emulation subgraph as cursor connections (paged through), and the scope of a
// committee whose unit was merged into another: it follows the unit into its successor.

const PAGE = 'totalCount pageInfo { hasNextPage hasPreviousPage endCursor }';
const PERIODS = `query ($first: Int, $after: String) { reviewPeriods(first: $first, after: $after) {
  ${PAGE} edges { cursor node { id } } nodes { id } } }`;
const ORG_REVIEWS = `query ($id: ID!, $first: Int, $after: String) { e: _entities(representations: [{ __typename: "Organisation", id: $id }]) {
  ... on Organisation { reviews(first: $first, after: $after) { ${PAGE} nodes { period { id } } } } } }`;
const MEMBER_REVIEWS = `query ($id: ID!, $first: Int, $after: String) { e: _entities(representations: [{ __typename: "Member", id: $id }]) {
  ... on Member { reviews(first: $first, after: $after) { ${PAGE} nodes { period { id } proposal { level } } } } } }`;
const AWARDS = `query ($p: ID!, $first: Int, $after: String) { awardCandidates(year: 2025, organisationId: $p, first: $first, after: $after) {
  ${PAGE} nodes { award member { id } } } }`;
const UNINSPECTED = `query ($p: ID!, $first: Int, $after: String) { uninspectedUnits(organisationId: $p, asOf: "2025-05-31", first: $first, after: $after) {
  ${PAGE} edges { node { id } } nodes { id } } }`;
const STEP = (name: string) => `mutation ($input: RecordReviewStepInput!) { ${name}(input: $input) {
  review { id proposal { level } } userErrors { code } } }`;
const DECIDE = `mutation ($input: DecideClassificationsInput!) { decideClassifications(input: $input) {
  reviews { id } userErrors { code } } }`;

const GOOD = {
  scores: { commonCriteria: 25, taskResults: 50 },
  tasks: { total: 10, completed: 10, onTime: 10, exceeded: 0 },
};
const EXCELLENT = {
  scores: { commonCriteria: 30, taskResults: 65 },
  tasks: { total: 10, completed: 10, onTime: 10, exceeded: 3 },
};

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}

/** Every page of a connection, `first` at a time: the nodes in order, and each page's info. */
async function pages<N>(read: (after: string | null) => Promise<Page & { nodes: N[] }>) {
  const all: N[] = [];
  const infos: Page[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await read(after);
    all.push(...page.nodes);
    infos.push({ totalCount: page.totalCount, pageInfo: page.pageInfo });
    if (!page.pageInfo.hasNextPage) return { all, infos };
    after = page.pageInfo.endCursor;
  }
}

describe('emulation connections, and the scope through a merger (real broker and database)', () => {
  let kafka: Kafka;
  let producer: Producer;
  let live: ReturnType<typeof startTestService>;
  let service: EmulationService;
  let url: string;
  const events = new Events();
  const prefix = `C${Date.now().toString(36).toUpperCase()}`;
  const ids: Record<string, string> = {};
  let s1: string[] = [];
  const officer = (organisationId: string) => ({
    subject: `officer-${organisationId}`,
    role: 'COMMITTEE_OFFICER',
    organisationId,
    memberId: null,
    scopes: [],
  });
  const step = async (
    name: 'recordSelfAssessment' | 'recordProposal',
    input: Record<string, unknown>,
    identity?: object,
  ) => {
    const result = await gql<Record<string, { review: unknown; userErrors: { code: string }[] }>>(
      url,
      STEP(name),
      { input },
      identity,
    );
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data![name]!;
  };
  const memberReviews = (memberId: string, identity?: object, variables: object = {}) =>
    gql<{ e: { reviews: Page & { nodes: { period: { id: string }; proposal: unknown }[] } }[] }>(
      url,
      MEMBER_REVIEWS,
      { id: memberGid(memberId), ...variables },
      identity,
    );
  const reviewsAsAdmin = async () => {
    const connection = await mongoose.createConnection(live.database.url).asPromise();
    try {
      return await connection.db!.collection('reviews').find({}).sort({ _id: 1 }).toArray();
    } finally {
      await connection.close();
    }
  };

  beforeAll(async () => {
    ({ kafka, producer, live, service, url } = await startWithBroker('emulation-connections-test'));

    // Province P; communes M (merged into S on 1 June 2025, in the last test), S and U; cells S1 (13
    // members) and U1.
    ids.P = events.organisation(prefix, 'PROVINCE', null);
    for (const c of ['M', 'S', 'U']) ids[c] = events.organisation(`${prefix}.${c}`, 'COMMUNE', ids.P);
    ids.S1 = events.organisation(`${prefix}.S1`, 'CELL', ids.S!);
    ids.U1 = events.organisation(`${prefix}.U1`, 'CELL', ids.U!);
    s1 = events.members(ids.S1, 13);
    events.members(ids.U1, 5);
    await publish(producer, events.all);
    await caughtUp(kafka, service);

    for (const input of [
      { kind: 'YEAR', year: 2024 },
      { kind: 'QUARTER', year: 2025, quarter: 1 },
      { kind: 'YEAR', year: 2025 },
    ]) {
      const opened = await ok<{ openReviewPeriod: { userErrors: unknown[] } }>(
        url,
        'mutation ($input: OpenReviewPeriodInput!) { openReviewPeriod(input: $input) { period { id } userErrors { code } } }',
        { input },
      );
      expect(opened.openReviewPeriod.userErrors).toEqual([]);
    }
    // The cell S1 and its first member assess themselves in all three periods.
    for (const periodId of ['2024', '2025-Q1', '2025']) {
      for (const [subjectKind, subjectId] of [
        ['ORGANISATION', orgGid(ids.S1)],
        ['MEMBER', memberGid(s1[0]!)],
      ]) {
        const done = await step('recordSelfAssessment', { periodId, subjectKind, subjectId, ...GOOD });
        expect(done.userErrors).toEqual([]);
      }
    }
    // 2025: the other twelve members of S1 assess themselves; ten proposed GOOD and two EXCELLENT
    // are decided below (20% of 10 GOOD allows 2), the first one's proposal is left to the officers.
    for (const [i, m] of s1.slice(1).entries()) {
      const body = i < 2 ? EXCELLENT : GOOD;
      const input = { periodId: '2025', subjectKind: 'MEMBER', subjectId: memberGid(m), ...body };
      expect((await step('recordSelfAssessment', input)).userErrors).toEqual([]);
      expect((await step('recordProposal', input)).userErrors).toEqual([]);
    }
    // An inspection of U in 2025: U is not uninspected.
    const planned = await ok<{ planInspection: { inspection: { id: string } } }>(
      url,
      `mutation ($input: PlanInspectionInput!) { planInspection(input: $input) { inspection { id } } }`,
      {
        input: {
          organisationId: orgGid(ids.U!),
          kind: 'INSPECTION',
          plannedOn: '2025-03-01',
          topic: 'Admissions',
          conductedBy: 'UBKT',
        },
      },
    );
    await ok(
      url,
      `mutation ($input: CompleteInspectionInput!) { completeInspection(input: $input) { userErrors { code } } }`,
      {
        input: {
          id: planned.planInspection.inspection.id,
          completedOn: '2025-04-01',
          findings: [],
          conclusion: 'Done',
        },
      },
    );
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await producer?.disconnect();
    if (live) await dropDatabase(live.database.url);
  });

  it('pages the review periods, newest last day first', async () => {
    const read = async (after: string | null) =>
      (
        await ok<{ reviewPeriods: Page & { nodes: { id: string }[]; edges: { cursor: string }[] } }>(
          url,
          PERIODS,
          { first: 2, after },
        )
      ).reviewPeriods;
    const { all, infos } = await pages(read);
    // The year 2025 (ends 31 Dec), its first quarter, then 2024.
    expect(all.map((p) => localIdOf(p.id, 'ReviewPeriod'))).toEqual(['2025', '2025-Q1', '2024']);
    const first = await read(null);
    expect(first.edges.map((e) => e.cursor).at(-1)).toBe(first.pageInfo.endCursor);
    expect(infos).toEqual([
      { totalCount: 3, pageInfo: expect.objectContaining({ hasNextPage: true, hasPreviousPage: false }) },
      { totalCount: 3, pageInfo: expect.objectContaining({ hasNextPage: false, hasPreviousPage: true }) },
    ]);
    const tooMany = await gql(url, PERIODS, { first: 101 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("pages a unit's and a member's reviews from the database, newest period first", async () => {
    const unit = await pages(async (after) => {
      const data = await ok<{ e: { reviews: Page & { nodes: { period: { id: string } }[] } }[] }>(
        url,
        ORG_REVIEWS,
        { id: orgGid(ids.S1!), first: 2, after },
      );
      return data.e[0]!.reviews;
    });
    const member = await pages(async (after) => {
      const result = await memberReviews(s1[0]!, undefined, { first: 2, after });
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data!.e[0]!.reviews;
    });
    for (const { all, infos } of [unit, member]) {
      expect(all.map((r) => localIdOf(r.period.id, 'ReviewPeriod'))).toEqual(['2025', '2025-Q1', '2024']);
      expect(infos).toEqual([
        { totalCount: 3, pageInfo: expect.objectContaining({ hasNextPage: true, hasPreviousPage: false }) },
        { totalCount: 3, pageInfo: expect.objectContaining({ hasNextPage: false, hasPreviousPage: true }) },
      ]);
    }
    const forged = await gql(url, ORG_REVIEWS, {
      id: orgGid(ids.S1!),
      after: Buffer.from('42').toString('base64url'),
    });
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pages the award candidates and the uninspected units, computed whole', async () => {
    const decided = await ok<{ decideClassifications: { userErrors: unknown[] } }>(url, DECIDE, {
      input: {
        periodId: '2025',
        subjectKind: 'MEMBER',
        decisions: s1
          .slice(1)
          .map((m, i) =>
            i < 2
              ? { subjectId: memberGid(m), ...EXCELLENT, exemplary: true }
              : { subjectId: memberGid(m), ...GOOD },
          ),
      },
    });
    expect(decided.decideClassifications.userErrors).toEqual([]);
    const awards = await pages(async (after) => {
      const data = await ok<{
        awardCandidates: Page & { nodes: { award: string; member: { id: string } }[] };
      }>(url, AWARDS, { p: orgGid(ids.P!), first: 1, after });
      return data.awardCandidates;
    });
    expect(awards.all.map((a) => [a.award, a.member.id])).toEqual(
      [s1[1]!, s1[2]!].sort().map((m) => ['CERTIFICATE_OF_MERIT', memberGid(m)]),
    );
    expect(awards.infos.map((i) => [i.totalCount, i.pageInfo.hasNextPage])).toEqual([
      [2, true],
      [2, false],
    ]);

    // As of 31 May 2025 (before M's merger, whenever it arrives), never inspected since 2020 (12
    // months at most): M, S, S1 and U1, by code; U was inspected on 1 April.
    const units = await pages(async (after) => {
      const data = await ok<{ uninspectedUnits: Page & { nodes: { id: string }[] } }>(url, UNINSPECTED, {
        p: orgGid(ids.P!),
        first: 2,
        after,
      });
      return data.uninspectedUnits;
    });
    expect(units.all.map((u) => u.id)).toEqual([ids.M!, ids.S!, ids.S1!, ids.U1!].map(orgGid));
    expect(units.infos.map((i) => [i.totalCount, i.pageInfo.hasNextPage])).toEqual([
      [4, true],
      [4, false],
    ]);
  });

  it("follows a merger: M's officer reads and records on the successor's member reviews, U's is refused", async () => {
    const target = s1[0]!;
    const proposal = { periodId: '2025', subjectKind: 'MEMBER', subjectId: memberGid(target), ...GOOD };
    const m = officer(ids.M!);
    const u = officer(ids.U!);
    // Before the merger, M's officer has no reach into S: refused, nothing written.
    const before = await reviewsAsAdmin();
    expect((await memberReviews(target, m)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await step('recordProposal', proposal, m)).userErrors).toEqual([{ code: 'NOT_AUTHORISED' }]);
    expect(await reviewsAsAdmin()).toEqual(before);

    const merger = new Events();
    merger.merged([ids.M!], ids.S!, '2025-06-01');
    await publish(producer, merger.all);
    await caughtUp(kafka, service);
    expect(service.parts.successors.of(ids.M!)).toEqual([ids.S]);

    // U's officer: still no reach into S (read refused, proposal refused, nothing written).
    expect((await memberReviews(target, u)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await step('recordProposal', proposal, u)).userErrors).toEqual([{ code: 'NOT_AUTHORISED' }]);
    expect(await reviewsAsAdmin()).toEqual(before);

    // M's officer: S's subtree through the merger (its cell S1 was never under M).
    const read = await memberReviews(target, m);
    expect(read.errors).toBeUndefined();
    expect(read.data!.e[0]!.reviews.totalCount).toBe(3);
    const recorded = await step('recordProposal', proposal, m);
    expect(recorded).toEqual({
      review: expect.objectContaining({ proposal: { level: 'GOOD' } }),
      userErrors: [],
    });
    const again = await memberReviews(target, m, { first: 1 });
    expect(again.data!.e[0]!.reviews.nodes).toEqual([
      { period: expect.anything(), proposal: { level: 'GOOD' } },
    ]);

    // A new process loads the same map from the tree records (as at a start).
    const connection = await mongoose.createConnection(live.database.url).asPromise();
    try {
      const loaded = createSuccessors({
        tree: connection.db!.collection('tree_records') as never,
        refreshMs: 60_000,
        logger: createLogger({ name: 'successors-test', level: 'fatal' }),
      });
      await loaded.load();
      expect([loaded.of(ids.M!), loaded.of(ids.S!), loaded.of(ids.U!)]).toEqual([[ids.S], [], []]);
    } finally {
      await connection.close();
    }
  });
});
