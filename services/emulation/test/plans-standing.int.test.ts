import mongoose from 'mongoose';
import type { Kafka, Producer } from 'kafkajs';
import type { EventEnvelope } from '@dangvien/contracts';
import { dropDatabase } from '@dangvien/testing';
import { plansConsumer } from '../src/projection/consumers';
import type { EmulationService } from '../src/service';
import type { startTestService } from './helpers';
import { caughtUp, Events, gql, memberGid, ok, orgGid, publish, startWithBroker } from './helpers';

// The facts the emulation service takes from events beyond admissions: recruitment's admission plans
// (quota and structure targets), the members service's registrations, discipline and exemptions, and
// facts recorded after their year ended ("what changed" since a ranking was published).

const LINES = `organisation { id } score rank breakdown { criterion applicable raw points maxPoints }`;
const UNITS = `query ($a: ID!, $b: ID!) { e: _entities(representations: [{ __typename: "Organisation", id: $a }, { __typename: "Organisation", id: $b }]) {
  ... on Organisation { emulation(year: 2025) { ${LINES} } } } }`;
const SELF = `mutation ($input: RecordReviewStepInput!) { recordSelfAssessment(input: $input) {
  review { id selfAssessment { level highest disqualifiers } } userErrors { code field legalReference } } }`;
const REVIEWS = `query ($id: ID!) { e: _entities(representations: [{ __typename: "Member", id: $id }]) {
  ... on Member { reviews { totalCount nodes { id } } } } }`;
const CHANGES = `query ($p: ID!) { emulationChanges(year: 2025, provinceId: $p) {
  publishedRevision units { organisation { id } publishedScore score publishedRank rank }
  lateFacts { eventId eventType effectiveDate afterPublication organisations { id } } } }`;
const PUBLISH = `mutation ($input: PublishInput!) { publishEmulationRanking(input: $input) {
  publication { revision } userErrors { code } } }`;

const GOOD = {
  scores: { commonCriteria: 25, taskResults: 50 },
  tasks: { total: 10, completed: 10, onTime: 10, exceeded: 0 },
};

interface Row {
  organisation: { id: string };
  score: number | null;
  breakdown: {
    criterion: string;
    applicable: boolean;
    raw: number | null;
    points: number;
    maxPoints: number;
  }[];
}

const applicable = (row: Row) =>
  Object.fromEntries(
    row.breakdown.filter((l) => l.applicable).map((l) => [l.criterion, [l.raw, l.points, l.maxPoints]]),
  );

describe('emulation: plans, registrations, discipline, exemptions and late facts (real broker and database)', () => {
  let kafka: Kafka;
  let producer: Producer;
  let live: ReturnType<typeof startTestService>;
  let service: EmulationService;
  let url: string;
  const events = new Events();
  const prefix = `Q${Date.now().toString(36).toUpperCase()}`;
  const ids: Record<string, string> = {};
  let a1: string[] = [];
  let b1: string[] = [];

  const selfAssess = (memberId: string) =>
    gql<{
      recordSelfAssessment: {
        review: { selfAssessment: { level: string; highest: string; disqualifiers: string[] } } | null;
        userErrors: { code: string; field: string[]; legalReference: string | null }[];
      };
    }>(url, SELF, {
      input: { periodId: '2025', subjectKind: 'MEMBER', subjectId: memberGid(memberId), ...GOOD },
    });
  const units = async () => {
    const data = await ok<{ e: { emulation: Row }[] }>(url, UNITS, { a: orgGid(ids.A!), b: orgGid(ids.B!) });
    return data.e.map((x) => x.emulation);
  };

  beforeAll(async () => {
    ({ kafka, producer, live, service, url } = await startWithBroker('emulation-plans-test'));

    // Province P; communes A and B (peers); cells A1 and B1.
    ids.P = events.organisation(prefix, 'PROVINCE', null);
    ids.A = events.organisation(`${prefix}.A`, 'COMMUNE', ids.P);
    ids.B = events.organisation(`${prefix}.B`, 'COMMUNE', ids.P);
    ids.A1 = events.organisation(`${prefix}.A1`, 'CELL', ids.A);
    ids.B1 = events.organisation(`${prefix}.B1`, 'CELL', ids.B);
    a1 = events.members(ids.A1!, 20);
    // B1: 19 admitted and one entered from an imported list, placed there since 2021: 20 at the start of 2025.
    b1 = [...events.members(ids.B1!, 19), events.registered(ids.B1!, '2021-05-01')];
    events.admitted(ids.A1!, '2025-03-01', '2025-03-10');
    events.admitted(ids.A1!, '2025-04-01', '2025-04-12');
    events.admitted(ids.B1!, '2025-05-01', '2025-05-15');
    // A's plan: revision 1 asked for 3, revision 2 for 2 (with a woman and one under 30); 2 admitted,
    // the woman among them. B's: 4 with 2 women; 1 admitted, a woman.
    const planA = events.plan(ids.A!, 2025, 3, { WOMEN: 1, UNDER_30: 1 });
    events.plan(ids.A!, 2025, 2, { WOMEN: 1, UNDER_30: 1 }, planA, 2);
    events.progress(planA, ids.A!, 2025, 2, 2, { WOMEN: [1, 1], UNDER_30: [1, 0] }, '2025-04-01');
    const planB = events.plan(ids.B!, 2025, 4, { WOMEN: 2 });
    events.progress(planB, ids.B!, 2025, 4, 1, { WOMEN: [2, 1] }, '2025-05-01');
    // B1's first member reprimanded in 2025; A1's first three exempted from activities at some time.
    events.disciplined(b1[0]!, ids.B1!, 'REPRIMAND', '2025-04-01');
    events.exempted(a1[0]!, ids.A1!, '2025-06-01');
    events.exempted(a1[1]!, ids.A1!, '2025-02-01', '2025-05-31');
    events.exempted(a1[2]!, ids.A1!, '2025-02-01');
    events.exemptionEnded(a1[2]!, ids.A1!, '2025-07-01');
    await publish(producer, events.all);
    await caughtUp(kafka, service);
    const opened = await ok<{ openReviewPeriod: { userErrors: unknown[] } }>(
      url,
      'mutation ($input: OpenReviewPeriodInput!) { openReviewPeriod(input: $input) { period { id } userErrors { code } } }',
      { input: { kind: 'YEAR', year: 2025 } },
    );
    expect(opened.openReviewPeriod.userErrors).toEqual([]);
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await producer?.disconnect();
    if (live) await dropDatabase(live.database.url);
  });

  it('scores admissions against the plan in force and its structure targets, and counts registered members and discipline', async () => {
    const [a, b] = await units();
    // A: 2 admitted of 20 at the start (every point); 2 of the quota of 2 (revision 2, not 3); 1 of 2
    // structure targets reached; nobody disciplined; no inspection of 1 due. 45 of 60 = 75.
    expect(applicable(a!)).toEqual({
      ADMISSION_RATE: [0.1, 20, 20],
      ADMISSIONS_AGAINST_QUOTA: [1, 15, 15],
      ADMISSION_STRUCTURE: [0.5, 5, 10],
      DISCIPLINED_MEMBERS: [0, 5, 5],
      INSPECTION_REGULARITY: [0, 0, 10],
    });
    expect(a!.score).toBe(75);
    // B: 1 of 20 (the registered member counted: 5%, every point); 1 of 4 (3.75 of 15); 0 of 1 target;
    // 1 of 20 reprimanded (5%: no point); no inspection. 23.75 of 60 = 39.58.
    expect(applicable(b!)).toEqual({
      ADMISSION_RATE: [0.05, 20, 20],
      ADMISSIONS_AGAINST_QUOTA: [0.25, 3.75, 15],
      ADMISSION_STRUCTURE: [0, 0, 10],
      DISCIPLINED_MEMBERS: [0.05, 0, 5],
      INSPECTION_REGULARITY: [0, 0, 10],
    });
    expect(b!.score).toBe(39.58);
  });

  it('a member disciplined in the year gets the lowest level whatever the score; one who was not is graded', async () => {
    const disciplined = await selfAssess(b1[0]!);
    expect(disciplined.data!.recordSelfAssessment.userErrors).toEqual([]);
    expect(disciplined.data!.recordSelfAssessment.review!.selfAssessment).toEqual({
      level: 'NOT_COMPLETED',
      highest: 'NOT_COMPLETED',
      disqualifiers: ['DISCIPLINED_IN_YEAR'],
    });
    const clean = await selfAssess(b1[1]!);
    expect(clean.data!.recordSelfAssessment.review!.selfAssessment).toEqual({
      level: 'GOOD',
      highest: 'GOOD',
      disqualifiers: [],
    });
  });

  it('a member exempted from activities at the end of the year is not graded, and nothing is written', async () => {
    const refused = await selfAssess(a1[0]!);
    expect(refused.data!.recordSelfAssessment).toEqual({
      review: null,
      userErrors: [
        {
          code: 'MEMBER_NOT_GRADED_EXEMPTED',
          field: ['subjectId'],
          legalReference: expect.stringMatching(/QĐ/) as unknown as string,
        },
      ],
    });
    const reviews = await ok<{ e: { reviews: { totalCount: number; nodes: unknown[] } }[] }>(url, REVIEWS, {
      id: memberGid(a1[0]!),
    });
    expect(reviews.e[0]!.reviews).toEqual({ totalCount: 0, nodes: [] });
    // Exemptions over by the end of the year (its last day passed, or ended): graded.
    for (const memberId of [a1[1]!, a1[2]!]) {
      const graded = await selfAssess(memberId);
      expect(graded.data!.recordSelfAssessment.userErrors).toEqual([]);
      expect(graded.data!.recordSelfAssessment.review!.selfAssessment.level).toBe('GOOD');
    }
  });

  it('replaying the plan events twice changes nothing', async () => {
    const plans = async () => {
      const connection = await mongoose.createConnection(live.database.url).asPromise();
      try {
        return await connection
          .db!.collection('plan_records')
          .find({ organisationId: { $in: [ids.A, ids.B] } } as never)
          .sort({ _id: 1 })
          .project({ updatedAt: 0 })
          .toArray();
      } finally {
        await connection.close();
      }
    };
    const before = await plans();
    expect(before).toHaveLength(2);
    const scores = await units();
    const { plans: store, late } = service.parts;
    for (let i = 0; i < 2; i += 1) {
      await plansConsumer(store, late).handleBatch!(events.all as EventEnvelope[], {} as never);
      await publish(producer, events.all);
    }
    await caughtUp(kafka, service);
    expect(await plans()).toEqual(before);
    expect(await units()).toEqual(scores);
  });

  it('after a publication, a late admission shows which unit moved and the late fact that moved it', async () => {
    const none = await ok<{ emulationChanges: { publishedRevision: number | null; units: unknown[] } }>(
      url,
      CHANGES,
      { p: orgGid(ids.P!) },
    );
    expect(none.emulationChanges.publishedRevision).toBeNull();
    expect(none.emulationChanges.units).toEqual([]);
    const published = await ok<{ publishEmulationRanking: { userErrors: unknown[] } }>(url, PUBLISH, {
      input: { year: 2025, provinceId: orgGid(ids.P!) },
    });
    expect(published.publishEmulationRanking.userErrors).toEqual([]);

    // A 2025 admission in B1 recorded now (after 2025 ended and after the publication): B's quota
    // share becomes 2 of 4 (7.5 of 15) and its score 27.5 of 60 = 45.83; its rank stays 2.
    const late = new Events();
    late.admitted(ids.B1!, '2025-11-01', '2025-11-20');
    await publish(producer, late.all);
    await caughtUp(kafka, service);
    const changes = (
      await ok<{
        emulationChanges: {
          publishedRevision: number;
          units: unknown[];
          lateFacts: { eventId: string; afterPublication: boolean }[];
        };
      }>(url, CHANGES, { p: orgGid(ids.P!) })
    ).emulationChanges;
    expect(changes.publishedRevision).toBe(1);
    expect(changes.units).toEqual([
      {
        organisation: { id: orgGid(ids.B!) },
        publishedScore: 39.58,
        score: 45.83,
        publishedRank: 2,
        rank: 2,
      },
    ]);
    expect(changes.lateFacts.filter((f) => f.afterPublication)).toEqual([
      {
        eventId: late.all[0]!.id,
        eventType: 'dangvien.members.MemberAdmitted.v1',
        effectiveDate: '2025-11-01',
        afterPublication: true,
        organisations: [{ id: orgGid(ids.B1!) }],
      },
    ]);
    // Every fact of this test is of 2025 and was recorded in 2026: all late, the earlier ones published.
    const mine = new Set(events.all.map((e) => e.id));
    expect(changes.lateFacts.filter((f) => mine.has(f.eventId)).every((f) => !f.afterPublication)).toBe(true);
  });
});
