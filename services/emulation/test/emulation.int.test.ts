import mongoose from 'mongoose';
import type { Kafka, Producer } from 'kafkajs';
import { TOPICS } from '@dangvien/contracts';
import type { EmulationRankingPublishedV1, EventEnvelope } from '@dangvien/contracts';
import { dropDatabase, readTopicMessages, testDatabase } from '@dangvien/testing';
import { membersConsumer, treeConsumer } from '../src/projection/consumers';
import type { EmulationService } from '../src/service';
import {
  caughtUp,
  Events,
  gql,
  memberGid,
  ok,
  orgGid,
  publish,
  startTestService,
  startWithBroker,
} from './helpers';

const RESULT = `organisation { id } score rank provinceRank previousRank rankChange classification exemplary
  breakdown { criterion applicable raw numerator denominator target points maxPoints }`;
const RANKING = `query ($year: Int!, $parentId: ID, $provinceId: ID, $level: OrganisationLevel, $first: Int, $after: String) {
  emulationRanking(year: $year, parentId: $parentId, provinceId: $provinceId, level: $level, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { ${RESULT} } } }`;
const AWARDS = `query ($year: Int!, $id: ID!) { awardCandidates(year: $year, organisationId: $id) {
  totalCount pageInfo { hasNextPage hasPreviousPage }
  nodes { award subjectKind member { id } organisation { id } grantingOrganisation { id } basisYears } } }`;
const STEP = (name: string) => `mutation ($input: RecordReviewStepInput!) { ${name}(input: $input) {
  review { id decision { level } } userErrors { code field message legalReference } } }`;
const DECIDE = `mutation ($input: DecideClassificationsInput!) { decideClassifications(input: $input) {
  reviews { id decision { level score exemplary revision } } userErrors { code field message legalReference } } }`;
const PLAN = `mutation ($input: PlanInspectionInput!) { planInspection(input: $input) { inspection { id status } userErrors { code } } }`;
const COMPLETE = `mutation ($input: CompleteInspectionInput!) { completeInspection(input: $input) { inspection { id status } userErrors { code } } }`;

const GOOD = {
  scores: { commonCriteria: 25, taskResults: 50 },
  tasks: { total: 10, completed: 10, onTime: 10, exceeded: 0 },
};
const EXCELLENT = {
  scores: { commonCriteria: 30, taskResults: 65 },
  tasks: { total: 10, completed: 10, onTime: 10, exceeded: 3 },
};

interface Row {
  organisation: { id: string };
  score: number | null;
  rank: number | null;
  previousRank: number | null;
  rankChange: number | null;
  classification: string | null;
  breakdown: {
    criterion: string;
    applicable: boolean;
    raw: number | null;
    points: number;
    maxPoints: number;
  }[];
}

/** The projection and the decisions, as stored (everything a read is computed from). */
async function snapshot(url: string) {
  const connection = await mongoose.createConnection(url).asPromise();
  try {
    const out: Record<string, unknown[]> = {};
    for (const name of [
      'tree_records',
      'locality_records',
      'member_records',
      'org_members',
      'plan_records',
      'late_facts',
      'classification_sheets',
      'reviews',
    ]) {
      const docs = await connection.db!.collection(name).find({}).toArray();
      out[name] = docs
        .map(({ version: _v, updatedAt: _u, outbox: _o, outboxPending: _p, outboxDue: _d, ...rest }) =>
          // ancestorIds is a set (grown by $addToSet in arrival order): compared as one.
          Array.isArray(rest.ancestorIds)
            ? { ...rest, ancestorIds: [...(rest.ancestorIds as string[])].sort() }
            : rest,
        )
        .sort((a, b) => String(a._id).localeCompare(String(b._id)));
    }
    return out;
  } finally {
    await connection.close();
  }
}

describe('emulation (real broker and database)', () => {
  let kafka: Kafka;
  let producer: Producer;
  let live: ReturnType<typeof startTestService>;
  let service: EmulationService;
  let url: string;
  const events = new Events();
  const prefix = `E${Date.now().toString(36).toUpperCase()}`;
  const ids: Record<string, string> = {};
  let a1Members: string[] = [];
  let bMember = '';

  const step = async (name: 'recordSelfAssessment' | 'recordProposal', input: Record<string, unknown>) => {
    const data = await ok<Record<string, { userErrors: unknown[] }>>(url, STEP(name), { input });
    expect(data[name]!.userErrors).toEqual([]);
  };
  const prepared = async (subjectKind: 'MEMBER' | 'ORGANISATION', subjectId: string, body: object) => {
    for (const name of ['recordSelfAssessment', 'recordProposal'] as const) {
      await step(name, { periodId: '2025', subjectKind, subjectId, ...body });
    }
  };
  const inspect = async (organisationId: string, plannedOn: string, completedOn: string | null) => {
    const planned = await ok<{ planInspection: { inspection: { id: string } } }>(url, PLAN, {
      input: {
        organisationId: orgGid(organisationId),
        kind: 'INSPECTION',
        plannedOn,
        topic: 'Admissions',
        conductedBy: 'UBKT',
      },
    });
    if (!completedOn) return;
    const done = await ok<{ completeInspection: { userErrors: unknown[] } }>(url, COMPLETE, {
      input: {
        id: planned.planInspection.inspection.id,
        completedOn,
        findings: [{ severity: 'NOTE', text: 'In order' }],
        conclusion: 'Done',
      },
    });
    expect(done.completeInspection.userErrors).toEqual([]);
  };
  const ranking = async (variables: Record<string, unknown>) =>
    (
      await ok<{
        emulationRanking: {
          totalCount: number;
          nodes: Row[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      }>(url, RANKING, variables)
    ).emulationRanking;

  beforeAll(async () => {
    ({ kafka, producer, live, service, url } = await startWithBroker('emulation-int-test'));

    // Province P; communes A, B, X (peers); cells A1, A2, B1, X1. Members since 2020 unless said.
    ids.P = events.organisation(prefix, 'PROVINCE', null);
    for (const c of ['A', 'B', 'X']) ids[c] = events.organisation(`${prefix}.${c}`, 'COMMUNE', ids.P);
    for (const [cell, parent] of [
      ['A1', 'A'],
      ['A2', 'A'],
      ['B1', 'B'],
      ['X1', 'X'],
    ] as const) {
      ids[cell] = events.organisation(`${prefix}.${cell}`, 'CELL', ids[parent]!);
    }
    a1Members = events.members(ids.A1!, 19);
    events.members(ids.A2!, 20);
    const b1 = events.members(ids.B1!, 20);
    events.members(ids.X1!, 10);
    // A: one admission in 2024 (probation ends and is recognised in 2025), one in 2025.
    const probationer = events.admitted(ids.A1!, '2024-01-20', '2024-02-01');
    events.recognised(probationer, ids.A1!, '2025-02-01');
    events.admitted(ids.A1!, '2025-03-01', '2025-03-10');
    // X: one admission in 2024. B: one member expelled in 2025.
    events.admitted(ids.X1!, '2024-05-01');
    bMember = b1[0]!;
    events.expelled(bMember, ids.B1!, '2025-06-01');
    await publish(producer, events.all);
    await caughtUp(kafka, service);

    for (const year of [2024, 2025]) {
      const opened = await ok<{ openReviewPeriod: { userErrors: unknown[] } }>(
        url,
        'mutation ($input: OpenReviewPeriodInput!) { openReviewPeriod(input: $input) { period { id } userErrors { code } } }',
        { input: { kind: 'YEAR', year } },
      );
      expect(opened.openReviewPeriod.userErrors).toEqual([]);
    }
    await inspect(ids.X!, '2024-03-01', '2024-04-01');
    await inspect(ids.A!, '2025-03-01', '2025-04-01');
    await inspect(ids.B!, '2025-03-01', '2025-05-01');
    await inspect(ids.X!, '2025-03-01', '2025-06-01');
    await inspect(ids.X!, '2025-09-01', null);

    // Six members of A1 reviewed: five GOOD, one EXCELLENT and exemplary (20% of 5 allows 1).
    for (const [i, m] of a1Members.slice(0, 6).entries())
      await prepared('MEMBER', memberGid(m), i === 0 ? EXCELLENT : GOOD);
    const decided = await ok<{ decideClassifications: { userErrors: unknown[] } }>(url, DECIDE, {
      input: {
        periodId: '2025',
        subjectKind: 'MEMBER',
        decisions: a1Members
          .slice(0, 6)
          .map((m, i) =>
            i === 0
              ? { subjectId: memberGid(m), ...EXCELLENT, exemplary: true }
              : { subjectId: memberGid(m), ...GOOD },
          ),
      },
    });
    expect(decided.decideClassifications.userErrors).toEqual([]);
    await prepared('ORGANISATION', orgGid(ids.A!), GOOD);
    const unit = await ok<{ decideClassifications: { userErrors: unknown[] } }>(url, DECIDE, {
      input: {
        periodId: '2025',
        subjectKind: 'ORGANISATION',
        decisions: [{ subjectId: orgGid(ids.A!), ...GOOD }],
      },
    });
    expect(unit.decideClassifications.userErrors).toEqual([]);
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await producer?.disconnect();
    if (live) await dropDatabase(live.database.url);
  });

  it('scores each unit from the events with its breakdown, as computed by hand', async () => {
    const data = await ok<{ a: Row | null; b: Row | null }>(
      url,
      `query ($a: ID!, $b: ID!) { _entities(representations: [{ __typename: "Organisation", id: $a }, { __typename: "Organisation", id: $b }]) {
        ... on Organisation { emulation(year: 2025) { ${RESULT} } } } }`.replace('_entities', 'e: _entities'),
      { a: orgGid(ids.A!), b: orgGid(ids.B!) },
    );
    const [a, b] = (data as unknown as { e: { emulation: Row }[] }).e.map((x) => x.emulation);
    const applicable = (row: Row) =>
      Object.fromEntries(
        row.breakdown.filter((l) => l.applicable).map((l) => [l.criterion, [l.raw, l.points, l.maxPoints]]),
      );
    // A: 1 admission of 40 members at the start (2.5%: every point); its probationer recognised; 6 of
    // 6 members rated good or better; nobody disciplined; its one inspection done. 55 of 55.
    expect(applicable(a!)).toEqual({
      ADMISSION_RATE: [0.025, 20, 20],
      PROBATION_RECOGNISED: [1, 10, 10],
      MEMBER_CLASSIFICATION: [1, 10, 10],
      DISCIPLINED_MEMBERS: [0, 5, 5],
      INSPECTION_REGULARITY: [1, 10, 10],
    });
    expect(a!.score).toBe(100);
    expect(a!.classification).toBe('GOOD');
    // B: no admission of 20; 1 of 20 expelled (5%: no point); its inspection done. 10 of 35.
    expect(applicable(b!)).toEqual({
      ADMISSION_RATE: [0, 0, 20],
      DISCIPLINED_MEMBERS: [0.05, 0, 5],
      INSPECTION_REGULARITY: [1, 10, 10],
    });
    expect(b!.score).toBe(28.57);
  });

  it('ranks peers with shared ranks and the change against the year before, paginated', async () => {
    // 2024: X 100 (1 admission of 10, inspected), A 77.78 (35 of 45), B 22.22. 2025: A 100, B and X 28.57.
    const y2024 = await ranking({ year: 2024, parentId: orgGid(ids.P!) });
    expect(y2024.nodes.map((n) => [n.organisation.id, n.score, n.rank])).toEqual([
      [orgGid(ids.X!), 100, 1],
      [orgGid(ids.A!), 77.78, 2],
      [orgGid(ids.B!), 22.22, 3],
    ]);
    const first = await ranking({ year: 2025, parentId: orgGid(ids.P!), first: 2 });
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await ranking({
      year: 2025,
      parentId: orgGid(ids.P!),
      first: 2,
      after: first.pageInfo.endCursor,
    });
    expect(
      [...first.nodes, ...rest.nodes].map((n) => [
        n.organisation.id,
        n.score,
        n.rank,
        n.previousRank,
        n.rankChange,
      ]),
    ).toEqual([
      [orgGid(ids.A!), 100, 1, 2, 1],
      [orgGid(ids.B!), 28.57, 2, 3, 1],
      [orgGid(ids.X!), 28.57, 2, 1, -1],
    ]);
    const province = await ranking({ year: 2025, provinceId: orgGid(ids.P!), level: 'CELL' });
    expect(province.totalCount).toBe(4);
    const scope = await gql(url, RANKING, { year: 2025 });
    expect(scope.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists the exemplary member as a candidate for the certificate of merit', async () => {
    const data = await ok<{ awardCandidates: { nodes: unknown[] } }>(url, AWARDS, {
      year: 2025,
      id: orgGid(ids.P!),
    });
    expect(data.awardCandidates).toMatchObject({
      totalCount: 1,
      pageInfo: { hasNextPage: false, hasPreviousPage: false },
    });
    expect(data.awardCandidates.nodes).toEqual([
      {
        award: 'CERTIFICATE_OF_MERIT',
        subjectKind: 'MEMBER',
        member: { id: memberGid(a1Members[0]!) },
        organisation: { id: orgGid(ids.A1!) },
        grantingOrganisation: { id: orgGid(ids.P!) },
        basisYears: [2025],
      },
    ]);
  });

  it('refuses a decision over the excellent cap, naming the rule, and changes nothing', async () => {
    const extra = a1Members[6]!;
    await prepared('MEMBER', memberGid(extra), EXCELLENT);
    const before = await snapshot(live.database.url);
    const refused = await ok<{
      decideClassifications: { reviews: null; userErrors: { code: string; legalReference: string }[] };
    }>(url, DECIDE, {
      input: {
        periodId: '2025',
        subjectKind: 'MEMBER',
        decisions: [{ subjectId: memberGid(extra), ...EXCELLENT }],
      },
    });
    expect(refused.decideClassifications.reviews).toBeNull();
    expect(refused.decideClassifications.userErrors).toEqual([
      expect.objectContaining({
        code: 'EXCELLENT_CAP_EXCEEDED',
        legalReference: 'QĐ 366-QĐ/TW of 30 Aug 2025',
      }),
    ]);
    expect(await snapshot(live.database.url)).toEqual(before);
  });

  it.each([
    [
      'a decision before the proposal',
      'REVIEW_STEP_OUT_OF_ORDER',
      () => ({ subjectId: memberGid(a1Members[10]!), ...GOOD }),
    ],
    [
      'EXCELLENT asked for at 89.9 points',
      'EXCELLENT_REQUIRES_SCORE',
      () => ({
        subjectId: memberGid(a1Members[1]!),
        ...EXCELLENT,
        scores: { commonCriteria: 30, taskResults: 59.9 },
        level: 'EXCELLENT',
        revisionReason: 'r',
      }),
    ],
    [
      'a revision without a reason',
      'REVISION_REASON_REQUIRED',
      () => ({ subjectId: memberGid(a1Members[1]!), ...GOOD }),
    ],
  ])('refuses %s (%s) and changes nothing', async (_, code, decision) => {
    const before = await snapshot(live.database.url);
    const refused = await ok<{ decideClassifications: { userErrors: { code: string }[] } }>(url, DECIDE, {
      input: { periodId: '2025', subjectKind: 'MEMBER', decisions: [decision()] },
    });
    expect(refused.decideClassifications.userErrors.map((e) => e.code)).toEqual([code]);
    expect(await snapshot(live.database.url)).toEqual(before);
  });

  it('replaying every consumed event twice changes nothing', async () => {
    const before = await snapshot(live.database.url);
    const ranked = await ranking({ year: 2025, parentId: orgGid(ids.P!) });
    // Straight into the handlers (no dedupe in front of them), twice, then through Kafka again, twice.
    const { trees, members, late } = service.parts;
    for (let i = 0; i < 2; i += 1) {
      await treeConsumer(trees, late).handleBatch!(events.all as EventEnvelope[], {} as never);
      await membersConsumer(members, late).handleBatch!(events.all as EventEnvelope[], {} as never);
      await publish(producer, events.all);
    }
    await caughtUp(kafka, service);
    expect(await snapshot(live.database.url)).toEqual(before);
    expect(await ranking({ year: 2025, parentId: orgGid(ids.P!) })).toEqual(ranked);
  });

  it('a rebuild from the topics into a fresh database equals the live state; a late event is in the next read', async () => {
    const queries = async (at: string) => ({
      ranking: (await ok(at, RANKING, { year: 2025, parentId: orgGid(ids.P!) })) as unknown,
      cells: (await ok(at, RANKING, { year: 2025, provinceId: orgGid(ids.P!), level: 'CELL' })) as unknown,
      previous: (await ok(at, RANKING, { year: 2024, parentId: orgGid(ids.P!) })) as unknown,
      awards: (await ok(at, AWARDS, { year: 2025, id: orgGid(ids.P!) })) as unknown,
    });
    const fresh = testDatabase('emulation_rebuild');
    // What the service owns is kept, not rebuilt: the periods, reviews, sheets and inspections.
    const from = await mongoose.createConnection(live.database.url).asPromise();
    const to = await mongoose.createConnection(fresh.url).asPromise();
    for (const name of ['review_periods', 'reviews', 'classification_sheets', 'inspections']) {
      const docs = await from.db!.collection(name).find({}).toArray();
      if (docs.length > 0)
        await to
          .db!.collection(name)
          .insertMany(
            docs.map(({ outbox: _o, outboxDue: _d, ...d }) => ({ ...d, outbox: {}, outboxPending: 0 })),
          );
    }
    await Promise.all([from.close(), to.close()]);
    const rebuilt = startTestService(fresh);
    await rebuilt.service.start();
    try {
      await caughtUp(kafka, rebuilt.service, 120_000);
      const [liveState, rebuiltState] = await Promise.all([snapshot(live.database.url), snapshot(fresh.url)]);
      // Both read every topic from its start, other test files' events too: compare this test's own.
      const mine = new Set([
        ...Object.values(ids),
        ...events.all.map((e) => e.subject),
        ...events.all.map((e) => e.id),
      ]);
      const pick = (state: typeof liveState) =>
        Object.fromEntries(
          Object.entries(state).map(([name, docs]) => [
            name,
            docs.filter(
              (d) =>
                mine.has(String((d as { _id: unknown })._id)) ||
                name === 'reviews' ||
                name === 'classification_sheets',
            ),
          ]),
        );
      expect(pick(rebuiltState)).toEqual(pick(liveState));
      expect(await queries(rebuilt.service.url)).toEqual(await queries(url));

      const PUBLISH = `mutation ($input: PublishInput!) { publishEmulationRanking(input: $input) {
        publication { revision events } userErrors { code } } }`;
      const publish2025 = async () =>
        (
          await ok<{
            publishEmulationRanking: {
              publication: { revision: number; events: number } | null;
              userErrors: { code: string }[];
            };
          }>(url, PUBLISH, { input: { year: 2025, provinceId: orgGid(ids.P!) } })
        ).publishEmulationRanking;
      // Peer groups: the communes under P, the cells under A, under B, under X.
      expect(await publish2025()).toEqual({ publication: { revision: 1, events: 4 }, userErrors: [] });
      expect(await publish2025()).toEqual({
        publication: null,
        userErrors: [{ code: 'NOTHING_TO_PUBLISH' }],
      });

      // An admission of 2025 recorded after the year ended: B's rate becomes 1 of 20, and B goes up.
      const late = new Events();
      const lateMember = late.admitted(ids.B1!, '2025-11-01');
      await publish(producer, late.all);
      await caughtUp(kafka, service);
      const after = await ranking({ year: 2025, parentId: orgGid(ids.P!) });
      expect(after.nodes.map((n) => [n.organisation.id, n.score, n.rank])).toEqual([
        [orgGid(ids.A!), 100, 1],
        [orgGid(ids.B!), 85.71, 2],
        [orgGid(ids.X!), 28.57, 3],
      ]);
      expect(lateMember).toBeTruthy();
      // Republished with what changed: revision 2 of the communes' ranking supersedes revision 1.
      expect(await publish2025()).toEqual({ publication: { revision: 2, events: 4 }, userErrors: [] });
      const rankingId = `2025:${ids.P}:COMMUNE:RESIDENTIAL`;
      const messages = await readTopicMessages(kafka, TOPICS.emulation, {
        until: (read) => read.filter((m) => m.key === rankingId).length >= 2,
        timeoutMs: 30_000,
      });
      const published = messages
        .filter((m) => m.key === rankingId)
        .map((m) => JSON.parse(m.value!) as EmulationRankingPublishedV1)
        .sort((x, y) => x.revision - y.revision);
      expect(
        published.map((p) => [
          p.revision,
          p.entries.map((e) => [e.organisationId, e.score, e.rank, e.previousRank]),
        ]),
      ).toEqual([
        [
          1,
          [
            [ids.A, 100, 1, 2],
            [ids.B, 28.57, 2, 3],
            [ids.X, 28.57, 2, 1],
          ],
        ],
        [
          2,
          [
            [ids.A, 100, 1, 2],
            [ids.B, 85.71, 2, 3],
            [ids.X, 28.57, 3, 1],
          ],
        ],
      ]);
    } finally {
      await rebuilt.service.stop();
      await dropDatabase(fresh.url);
    }
  }, 180_000);
});
