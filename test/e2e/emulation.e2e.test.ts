import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import {
  CLOUDEVENTS_HEADERS,
  createEvent,
  EVENT_TYPES,
  toKafkaRecord,
  TOPICS,
  validateEventData,
} from '@dangvien/contracts';
import type { ClassificationDecidedV1, EventEnvelope } from '@dangvien/contracts';
import { localIdOf, toGlobalId } from '@dangvien/graphql';
import { createTestKafka, readTopicMessages, waitFor } from '@dangvien/testing';
import { createOrganisation, graphql, startSystem } from './harness';
import type { System } from './harness';

// The members service is not on this branch: its events are produced here as it would publish them.
const admitted = (organisationId: string, decisionDate: string, ceremonyDate: string | null = null) => {
  const memberId = randomUUID();
  return createEvent(EVENT_TYPES.MemberAdmitted, memberId, 1, {
    memberId,
    organisationId,
    decisionDate,
    ceremonyDate,
  });
};

const GOOD = {
  scores: { commonCriteria: 25, taskResults: 50 },
  tasks: { total: 10, completed: 10, onTime: 10, exceeded: 0 },
};
const EXCELLENT = {
  scores: { commonCriteria: 30, taskResults: 65 },
  tasks: { total: 10, completed: 10, onTime: 10, exceeded: 3 },
};

describe('emulation end to end: organisations and member events → reviews → scores, rankings, awards through the gateway', () => {
  let system: System;
  let producer: Producer;
  const kafka = createTestKafka('emulation-e2e');
  const prefix = `EM${Date.now().toString(36).toUpperCase()}`;

  beforeAll(async () => {
    system = await startSystem('e2e_emulation');
    producer = kafka.producer();
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer.disconnect();
    await system.stop();
    await system.drop();
  });

  /** The emulation service's own mutation, as its internal caller (the gateway does not forward identities yet). */
  async function execute(query: string, input: Record<string, unknown>) {
    const result = await system.services.emulation!.runtime.execute(query, { input });
    const payload = Object.values(result.data ?? {})[0] as { userErrors: unknown[] } | undefined;
    expect(result.errors).toBeUndefined();
    expect(payload?.userErrors).toEqual([]);
  }

  it('yields the classifications, scores with breakdown, ranking and award candidates computed by hand', async () => {
    const url = system.gateway.url;
    const day = { effectiveDate: '2020-01-01' };
    const province = await createOrganisation(url, {
      code: prefix,
      name: 'Tỉnh',
      level: 'PROVINCE',
      sector: 'STATE_AGENCY',
      ...day,
    });
    const communeA = await createOrganisation(url, {
      code: `${prefix}.A`,
      name: 'Xã A',
      level: 'COMMUNE',
      sector: 'RESIDENTIAL',
      parentId: province,
      ...day,
    });
    const communeB = await createOrganisation(url, {
      code: `${prefix}.B`,
      name: 'Xã B',
      level: 'COMMUNE',
      sector: 'RESIDENTIAL',
      parentId: province,
      ...day,
    });
    const cellA = await createOrganisation(url, {
      code: `${prefix}.A.C1`,
      name: 'Chi bộ A1',
      level: 'CELL',
      sector: 'RESIDENTIAL',
      parentId: communeA,
      ...day,
    });
    const cellB = await createOrganisation(url, {
      code: `${prefix}.B.C1`,
      name: 'Chi bộ B1',
      level: 'CELL',
      sector: 'RESIDENTIAL',
      parentId: communeB,
      ...day,
    });
    const local = (id: string) => localIdOf(id, 'Organisation')!;

    // A1: 20 members since 2020 and one admitted in 2025; B1: 20 members since 2020.
    const membersA = Array.from({ length: 20 }, () => admitted(local(cellA), '2020-03-01'));
    const membersB = Array.from({ length: 20 }, () => admitted(local(cellB), '2020-03-01'));
    const events: EventEnvelope[] = [
      ...membersA,
      ...membersB,
      admitted(local(cellA), '2025-04-01', '2025-04-15'),
    ];
    await producer.send({ topic: TOPICS.members, messages: events.map((e) => toKafkaRecord(e)) });

    const SCORE = `query ($id: ID!) { organisation(id: $id) { code name emulation(year: 2025) { score breakdown { criterion applicable raw points maxPoints } } } }`;
    type Scored = {
      organisation: {
        code: string;
        name: string;
        emulation: {
          score: number;
          breakdown: { criterion: string; applicable: boolean; raw: number; points: number }[];
        } | null;
      };
    };
    // 1 admission of 20 members at the start (5% ≥ 2.5%: 20 of 20), nobody disciplined (5 of 5), no
    // inspection (0 of 10): 25 of 35.
    await waitFor(
      async () => (await graphql<Scored>(url, SCORE, { id: communeA })).data?.organisation.emulation,
      {
        // Every member's events, not only the admission: 1 of 20 is 0.05 (1 of 19 would score the same).
        until: (emulation) =>
          emulation?.score === 71.43 &&
          emulation.breakdown.find((l) => l.criterion === 'ADMISSION_RATE')?.raw === 0.05,
        // Its fresh consumer groups read the shared topics from their start, other tests' events too.
        timeoutMs: 120_000,
        description: 'the member events in A’s score',
      },
    );

    await execute(
      'mutation ($input: OpenReviewPeriodInput!) { openReviewPeriod(input: $input) { period { id } userErrors { code } } }',
      { kind: 'YEAR', year: 2025 },
    );
    const STEP = (name: string) =>
      `mutation ($input: RecordReviewStepInput!) { ${name}(input: $input) { review { id } userErrors { code message } } }`;
    const reviewed = membersA.slice(0, 6).map((e) => e.subject);
    for (const [i, memberId] of reviewed.entries()) {
      for (const name of ['recordSelfAssessment', 'recordProposal']) {
        await execute(STEP(name), {
          periodId: '2025',
          subjectKind: 'MEMBER',
          subjectId: toGlobalId('Member', memberId),
          ...(i === 0 ? EXCELLENT : GOOD),
        });
      }
    }
    await execute(
      'mutation ($input: DecideClassificationsInput!) { decideClassifications(input: $input) { reviews { id } userErrors { code message } } }',
      {
        periodId: '2025',
        subjectKind: 'MEMBER',
        decisions: reviewed.map((memberId, i) => ({
          subjectId: toGlobalId('Member', memberId),
          ...(i === 0 ? { ...EXCELLENT, exemplary: true } : GOOD),
        })),
      },
    );

    // Now 6 of 6 members rated good or better (10 of 10): 35 of 45.
    const a = (await graphql<Scored>(url, SCORE, { id: communeA })).data!.organisation;
    expect(a.name).toBe('Xã A'); // from the organisations subgraph, joined by the gateway
    expect(a.emulation!.score).toBe(77.78);
    expect(
      a.emulation!.breakdown.filter((l) => l.applicable).map((l) => [l.criterion, l.raw, l.points]),
    ).toEqual([
      ['ADMISSION_RATE', 0.05, 20],
      ['MEMBER_CLASSIFICATION', 1, 10],
      ['DISCIPLINED_MEMBERS', 0, 5],
      ['INSPECTION_REGULARITY', 0, 0],
    ]);

    const ranking = await graphql<{
      emulationRanking: { nodes: { organisation: { code: string }; score: number; rank: number }[] };
    }>(
      url,
      'query ($p: ID!) { emulationRanking(year: 2025, parentId: $p) { nodes { organisation { code } score rank } } }',
      { p: province },
    );
    expect(ranking.data!.emulationRanking.nodes).toEqual([
      { organisation: { code: `${prefix}.A` }, score: 77.78, rank: 1 },
      // No admission (0 of 20), nobody disciplined (5 of 5), no inspection: 5 of 35.
      { organisation: { code: `${prefix}.B` }, score: 14.29, rank: 2 },
    ]);

    const awards = await graphql<{ awardCandidates: unknown }>(
      url,
      'query ($p: ID!) { awardCandidates(year: 2025, organisationId: $p) { totalCount pageInfo { hasNextPage } nodes { award subjectKind member { id } organisation { code } } } }',
      { p: province },
    );
    expect(awards.data!.awardCandidates).toEqual({
      totalCount: 1,
      pageInfo: { hasNextPage: false },
      nodes: [
        {
          award: 'CERTIFICATE_OF_MERIT',
          subjectKind: 'MEMBER',
          member: { id: toGlobalId('Member', reviewed[0]!) },
          organisation: { code: `${prefix}.A.C1` },
        },
      ],
    });

    // The decisions went out as schema-valid ClassificationDecided events on the emulation topic.
    const sheetId = `2025:MEMBER:${local(cellA)}`;
    const messages = await readTopicMessages(kafka, TOPICS.emulation, {
      until: (read) => read.filter((m) => m.key === sheetId).length >= 6,
      timeoutMs: 30_000,
    });
    const decided = messages.filter((m) => m.key === sheetId);
    expect(decided.map((m) => m.headers[CLOUDEVENTS_HEADERS.type])).toEqual(
      Array(6).fill(EVENT_TYPES.ClassificationDecided),
    );
    const data = decided.map((m) => JSON.parse(m.value!) as ClassificationDecidedV1);
    expect(data.map((d) => validateEventData(EVENT_TYPES.ClassificationDecided, d).valid)).toEqual(
      Array(6).fill(true),
    );
    expect(data.map((d) => d.level).sort()).toEqual(['EXCELLENT', 'GOOD', 'GOOD', 'GOOD', 'GOOD', 'GOOD']);
  }, 240_000);
});
