import type { Kafka, Producer } from 'kafkajs';
import { ownedTopics } from '@dangvien/contracts';
import { ensureTopics } from '@dangvien/kafka';
import { createLogger } from '@dangvien/logger';
import { createTestKafka, dropDatabase } from '@dangvien/testing';
import { createDemoSeed } from '../src/seed';
import type { EmulationService } from '../src/service';
import { caughtUp, Events, memberGid, ok, orgGid, publish, startTestService } from './helpers';

const AWARDS = `query ($id: ID!) { awardCandidates(year: 2025, organisationId: $id, first: 100) {
  totalCount pageInfo { hasNextPage } nodes { award subjectKind member { id } } } }`;
const RANKING = `query ($p: ID!) { emulationRanking(year: 2025, parentId: $p) { nodes { organisation { id } classification } } }`;
const REVIEWS = `query ($ids: [_Any!]!) { _entities(representations: $ids) {
  ... on Member { id reviews { nodes { decision { level exemplary } } } } } }`;

/**
 * The demo data's reviews, against a province of this test's own (the demo seed takes the province's
 * code): last year's units decided by parent, then every member counted at the year's end and not
 * exempted, GOOD with one in six EXCELLENT and exemplary per grassroots organisation.
 */
describe('emulation demo reviews (real broker and database)', () => {
  let kafka: Kafka;
  let producer: Producer;
  let live: ReturnType<typeof startTestService>;
  let service: EmulationService;
  const events = new Events();
  const prefix = `D${Date.now().toString(36).toUpperCase()}`;
  const ids: Record<string, string> = {};
  let k1: string[] = [];
  let k2: string[] = [];
  let k3: string[] = [];

  beforeAll(async () => {
    kafka = createTestKafka('emulation-demo-test');
    await ensureTopics(kafka, [...ownedTopics('organisations'), ...ownedTopics('members')]);
    producer = kafka.producer();
    await producer.connect();
    live = startTestService();
    service = live.service;
    await service.start();
    // P: a grassroots committee G (cells K1 and K2) and a commune C (cell K3).
    ids.P = events.organisation(prefix, 'PROVINCE', null);
    ids.G = events.organisation(`${prefix}.G`, 'GRASSROOTS_COMMITTEE', ids.P);
    ids.C = events.organisation(`${prefix}.C`, 'COMMUNE', ids.P);
    ids.K1 = events.organisation(`${prefix}.K1`, 'CELL', ids.G);
    ids.K2 = events.organisation(`${prefix}.K2`, 'CELL', ids.G);
    ids.K3 = events.organisation(`${prefix}.K3`, 'CELL', ids.C);
    k1 = events.members(ids.K1!, 7);
    k2 = events.members(ids.K2!, 5);
    k3 = events.members(ids.K3!, 6);
    // One of K1 exempted from activities over the year's end: not reviewed. One admitted in 2026: not yet a member.
    events.exempted(k1[0]!, ids.K1!, '2025-10-01');
    events.admitted(ids.K3!, '2026-03-01');
    await publish(producer, events.all);
    await caughtUp(kafka, service);
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await producer?.disconnect();
    if (live) await dropDatabase(live.database.url);
  });

  it("decides last year's reviews of the units and members, and the award query has candidates", async () => {
    const seed = createDemoSeed({
      execute: service.runtime.execute,
      trees: service.parts.trees,
      members: service.parts.members,
      logger: createLogger({ name: 'demo-test', level: 'fatal' }),
      year: () => 2025,
      rootCode: prefix,
      pollMs: 100,
    });
    expect(await seed.run()).toEqual({ periodId: '2025' });
    await seed.settled();

    const ranking = await ok<{
      emulationRanking: { nodes: { organisation: { id: string }; classification: string }[] };
    }>(service.url, RANKING, { p: orgGid(ids.P!) });
    expect(ranking.emulationRanking.nodes.map((n) => [n.organisation.id, n.classification]).sort()).toEqual(
      [
        [orgGid(ids.C!), 'GOOD'],
        [orgGid(ids.G!), 'GOOD'],
      ].sort(),
    );

    // G's scope: 11 members (K1 without the exempted one, and K2): the sixth EXCELLENT. K3: its sixth.
    const scopeG = [...k1.slice(1), ...k2].sort();
    const scopeK3 = [...k3].sort();
    const excellent = [scopeG[5]!, scopeK3[5]!].map(memberGid).sort();
    const reviews = await ok<{
      _entities: {
        id: string;
        reviews: { nodes: { decision: { level: string; exemplary: boolean } }[] };
      }[];
    }>(service.url, REVIEWS, {
      ids: [...k1, ...k2, ...k3].map((id) => ({ __typename: 'Member', id: memberGid(id) })),
    });
    const decided = Object.fromEntries(
      reviews._entities.map((m) => [m.id, m.reviews.nodes.map((r) => r.decision)]),
    );
    expect(decided[memberGid(k1[0]!)]).toEqual([]);
    const levels = Object.entries(decided)
      .filter(([, list]) => list.length > 0)
      .map(([id, [d]]) => [id, d!.level, d!.exemplary]);
    expect(levels).toHaveLength(17);
    expect(
      levels
        .filter(([, level]) => level === 'EXCELLENT')
        .map(([id]) => id)
        .sort(),
    ).toEqual(excellent);
    expect(levels.every(([, level, exemplary]) => exemplary === (level === 'EXCELLENT'))).toBe(true);

    const awards = await ok<{
      awardCandidates: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean };
        nodes: { award: string; subjectKind: string; member: { id: string } | null }[];
      };
    }>(service.url, AWARDS, { id: orgGid(ids.P!) });
    expect(awards.awardCandidates.pageInfo.hasNextPage).toBe(false);
    expect(awards.awardCandidates.nodes).toHaveLength(awards.awardCandidates.totalCount);
    expect(
      awards.awardCandidates.nodes
        .filter((a) => a.subjectKind === 'MEMBER')
        .map((a) => [a.award, a.member!.id])
        .sort(),
    ).toEqual(excellent.map((id) => ['CERTIFICATE_OF_MERIT', id]));
  }, 180_000);
});
