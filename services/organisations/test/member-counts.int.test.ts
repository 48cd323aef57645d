import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { Kafka, Producer } from 'kafkajs';
import {
  createEvent,
  DEAD_LETTER_HEADERS,
  deadLetterTopic,
  EVENT_TYPES,
  ownedTopics,
  toKafkaRecord,
  TOPICS,
} from '@dangvien/contracts';
import type { EventEnvelope } from '@dangvien/contracts';
import { createBatchedReads, detectEngine } from '@dangvien/db';
import type { BatchedReads } from '@dangvien/db';
import { createIdempotentConsumer, ensureTopics, PROCESSED_EVENTS_COLLECTION } from '@dangvien/kafka';
import { createLogger } from '@dangvien/logger';
import { createTestKafka, dropDatabase, readTopicMessages, testMongoUrl, waitFor } from '@dangvien/testing';
import { memberCountsConsumer } from '../src/members/consumer';
import { createMemberCountsLoader } from '../src/members/member-counts';
import { createMemberPlacements } from '../src/members/member-placements';
import type { MemberPlacements } from '../src/members/member-placements';

const logger = createLogger({ name: 'member-counts-int-test', level: process.env.TEST_LOG_LEVEL ?? 'fatal' });

const admitted = (memberId: string, sequence: number, organisationId: string) =>
  createEvent(EVENT_TYPES.MemberAdmitted, memberId, sequence, {
    memberId,
    organisationId,
    decisionDate: '2025-05-19',
    ceremonyDate: '2025-06-02',
  });
const recognised = (memberId: string, sequence: number, organisationId: string) =>
  createEvent(EVENT_TYPES.MemberRecognisedOfficial, memberId, sequence, {
    memberId,
    organisationId,
    officialDate: '2026-06-02',
  });
const transferred = (
  memberId: string,
  sequence: number,
  from: string,
  to: string,
  kind: 'PERMANENT' | 'TEMPORARY',
) =>
  createEvent(EVENT_TYPES.MemberTransferred, memberId, sequence, {
    memberId,
    fromOrganisationId: from,
    toOrganisationId: to,
    kind,
    status: 'OFFICIAL',
    effectiveDate: '2026-09-01',
  });
const left = (memberId: string, sequence: number, organisationId: string) =>
  createEvent(EVENT_TYPES.MemberLeft, memberId, sequence, {
    memberId,
    organisationId,
    reason: 'RESIGNED',
    effectiveDate: '2027-03-01',
  });

describe('member counts (real database and broker)', () => {
  const url = testMongoUrl('member_counts');
  let db: Connection;
  let kafka: Kafka;
  let producer: Producer;
  let placements: MemberPlacements;
  let reads: BatchedReads;

  beforeAll(async () => {
    db = await mongoose.createConnection(url).asPromise();
    reads = createBatchedReads({ engine: await detectEngine(db.db!) });
    placements = createMemberPlacements(db, () => reads);
    await placements.model.createIndexes();
    kafka = createTestKafka('member-counts-test');
    // The topic is fixed (the members service owns it): runs stay apart by their own consumer name
    // and their own member and organisation ids.
    await ensureTopics(kafka, ownedTopics('members'));
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await db.close();
    await dropDatabase(url);
  });

  describe('applyPlacement', () => {
    it('applies only a newer sequence: a repeated or older event changes nothing', async () => {
      const member = randomUUID();
      const [a, b] = [randomUUID(), randomUUID()];
      const stored = () => placements.model.findById(member).lean();

      expect(
        await placements.applyPlacement(member, 1, {
          kind: 'COUNTED',
          organisationId: a,
          status: 'PROBATIONARY',
          endsTemporaryTransfer: true,
        }),
      ).toBe(true);
      expect(
        await placements.applyPlacement(member, 1, {
          kind: 'COUNTED',
          organisationId: b,
          status: 'OFFICIAL',
          endsTemporaryTransfer: true,
        }),
      ).toBe(false);
      expect(await stored()).toMatchObject({ organisationId: a, status: 'PROBATIONARY', sequence: 1 });

      expect(
        await placements.applyPlacement(member, 3, {
          kind: 'TEMPORARY_TRANSFER',
          at: b,
          status: 'OFFICIAL',
          homeOrganisationId: b,
        }),
      ).toBe(true);
      // The stored home stays: homeOrganisationId only places a member seen for the first time.
      expect(await stored()).toMatchObject({
        organisationId: a,
        status: 'OFFICIAL',
        temporaryAt: b,
        sequence: 3,
      });

      expect(await placements.applyPlacement(member, 2, { kind: 'GONE' })).toBe(false);
      expect(await placements.applyPlacement(member, 3, { kind: 'GONE' })).toBe(false);
      expect(await stored()).toMatchObject({
        organisationId: a,
        status: 'OFFICIAL',
        temporaryAt: b,
        sequence: 3,
      });

      expect(await placements.applyPlacement(member, 4, { kind: 'GONE' })).toBe(true);
      expect(await stored()).toMatchObject({
        organisationId: null,
        status: 'GONE',
        temporaryAt: null,
        sequence: 4,
      });
    });

    it('places a member first seen on a temporary transfer at home', async () => {
      const member = randomUUID();
      const [home, away] = [randomUUID(), randomUUID()];
      await placements.applyPlacement(member, 5, {
        kind: 'TEMPORARY_TRANSFER',
        at: away,
        status: 'PROBATIONARY',
        homeOrganisationId: home,
      });
      expect(await placements.model.findById(member).lean()).toMatchObject({
        organisationId: home,
        temporaryAt: away,
        status: 'PROBATIONARY',
      });
      expect(await placements.countsFor([home, away])).toEqual(
        new Map([
          [home, { official: 0, probationary: 1 }],
          [away, { official: 0, probationary: 0 }],
        ]),
      );
    });

    it('lets exactly one of two concurrent first writes of the same event through', async () => {
      const member = randomUUID();
      const org = randomUUID();
      const change = {
        kind: 'COUNTED',
        organisationId: org,
        status: 'PROBATIONARY',
        endsTemporaryTransfer: true,
      } as const;
      const results = await Promise.all([1, 2, 3, 4].map(() => placements.applyPlacement(member, 1, change)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await placements.countsFor([org])).toEqual(new Map([[org, { official: 0, probationary: 1 }]]));
    });
  });

  // Added with the members service: members registered by import (official or probationary),
  // readmitted and restored are counted like admitted ones; a repeated event changes nothing.
  it('counts registered, readmitted and restored members, each once', async () => {
    const [orgA, orgB] = [randomUUID(), randomUUID()];
    const [imported, newcomer, returning, restored] = [
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
    ];
    const registered = (memberId: string, status: 'PROBATIONARY' | 'OFFICIAL', organisationId: string) =>
      createEvent(EVENT_TYPES.MemberRegistered, memberId, 1, {
        memberId,
        organisationId,
        status,
        decisionDate: '1998-05-19',
        ceremonyDate: '1998-06-02',
        officialDate: status === 'OFFICIAL' ? '1999-06-02' : null,
        memberSince: '2012-03-01',
        source: 'IMPORT',
      });
    const readmitted = createEvent(EVENT_TYPES.MemberReadmitted, returning, 3, {
      memberId: returning,
      organisationId: orgB,
      decisionDate: '2026-04-10',
      ceremonyDate: null,
    });
    const restoredEvent = createEvent(EVENT_TYPES.MemberRestored, restored, 3, {
      memberId: restored,
      organisationId: orgA,
      status: 'OFFICIAL',
      effectiveDate: '2026-06-15',
    });
    const events: EventEnvelope[] = [
      registered(imported, 'OFFICIAL', orgA),
      registered(newcomer, 'PROBATIONARY', orgA),
      registered(returning, 'OFFICIAL', orgA),
      left(returning, 2, orgA),
      readmitted,
      registered(restored, 'OFFICIAL', orgA),
      left(restored, 2, orgA),
      restoredEvent,
    ];
    const name = `organisations.member-counts.test-${randomUUID()}`;
    const consumer = createIdempotentConsumer({
      ...memberCountsConsumer(placements, name),
      kafka,
      processed: db.collection(PROCESSED_EVENTS_COLLECTION) as never,
      reads: () => reads,
      deadLetters: producer,
      logger,
      backoff: { initialMs: 20, maxMs: 50 },
    });
    await consumer.start();
    try {
      await producer.send({
        topic: TOPICS.members,
        acks: -1,
        messages: [...events, readmitted, restoredEvent].map(toKafkaRecord),
      });
      await waitFor(
        () =>
          db
            .collection(PROCESSED_EVENTS_COLLECTION)
            .countDocuments({ consumer: name, eventId: { $in: events.map((e) => e.id) } }),
        {
          until: (count) => count === events.length,
          timeoutMs: 30_000,
          description: 'every event processed',
        },
      );
      const counts = await placements.countsFor([orgA, orgB]);
      expect(Object.fromEntries(counts)).toEqual({
        [orgA]: { official: 2, probationary: 1 },
        [orgB]: { official: 0, probationary: 1 },
      });
    } finally {
      await consumer.stop();
    }
  });

  it('counts from the members events: duplicates, stale events and temporary transfers included', async () => {
    const [orgA, orgB, orgC] = [randomUUID(), randomUUID(), randomUUID()];
    const [m1, m2, m3, m4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const m1Official = recognised(m1, 2, orgA);
    const events: EventEnvelope[] = [
      admitted(m1, 1, orgA),
      admitted(m2, 1, orgA),
      admitted(m3, 1, orgA),
      admitted(m4, 1, orgA),
      m1Official,
      recognised(m2, 2, orgA),
      transferred(m1, 3, orgA, orgB, 'PERMANENT'),
      transferred(m2, 3, orgA, orgB, 'TEMPORARY'),
      left(m3, 2, orgA),
      // Stale: an older version of m3 arriving after it left (a new event id, so only the sequence guard stops it).
      admitted(m3, 1, orgA),
    ];
    const stale = events.at(-1)!;
    // After the stale one on m3's partition: once it is processed, the stale one was handled too.
    const m3Last = left(m3, 3, orgA);
    const name = `organisations.member-counts.test-${randomUUID()}`;
    const consumer = createIdempotentConsumer({
      ...memberCountsConsumer(placements, name),
      kafka,
      processed: db.collection(PROCESSED_EVENTS_COLLECTION) as never,
      reads: () => reads,
      deadLetters: producer,
      logger,
      backoff: { initialMs: 20, maxMs: 50 },
    });
    await consumer.start();
    try {
      // Keyed by member: each member's events stay in order on one partition.
      await producer.send({
        topic: TOPICS.members,
        acks: -1,
        messages: [
          ...events.slice(0, 5).map(toKafkaRecord),
          toKafkaRecord(m1Official), // the same event delivered twice
          ...events.slice(5).map(toKafkaRecord),
          toKafkaRecord(m3Last),
        ],
      });
      // Every event but the stale one is recorded as applied; the stale one is skipped unrecorded.
      const ids = new Set([...events, m3Last].filter((e) => e !== stale).map((e) => e.id));
      const processed = db.collection(PROCESSED_EVENTS_COLLECTION);
      // The topic's earlier records are read too (fromBeginning): count only this run's events.
      await waitFor(() => processed.countDocuments({ consumer: name, eventId: { $in: [...ids] } }), {
        until: (count) => count === ids.size,
        timeoutMs: 30_000,
        description: `all ${ids.size} events processed by ${name}`,
      });
      expect(await processed.countDocuments({ consumer: name, eventId: stale.id })).toBe(0);

      // m1: official, moved to B. m2: official, temporarily in B, counted in A. m3: left. m4: probationary in A.
      const calls: (readonly string[])[] = [];
      const loader = createMemberCountsLoader({
        countsFor: (organisationIds) => {
          calls.push(organisationIds);
          return placements.countsFor(organisationIds);
        },
      });
      const [a, b, c] = await Promise.all([loader.load(orgA), loader.load(orgB), loader.load(orgC)]);
      expect({ a, b, c }).toEqual({
        a: { official: 1, probationary: 1 },
        b: { official: 1, probationary: 0 },
        c: { official: 0, probationary: 0 },
      });
      expect(calls).toEqual([[orgA, orgB, orgC]]);
      expect(await placements.model.findById(m2).lean()).toMatchObject({
        organisationId: orgA,
        temporaryAt: orgB,
      });
      expect(await placements.model.findById(m3).lean()).toMatchObject({ status: 'GONE', sequence: 3 });

      // A record that is not an event is set aside with the reason, and the consumer goes on.
      const poisonKey = randomUUID();
      const m5 = poisonKey; // same key as the poison: same partition, strictly after it
      await producer.send({
        topic: TOPICS.members,
        acks: -1,
        messages: [
          { key: poisonKey, value: 'not json and no headers' },
          toKafkaRecord(admitted(m5, 1, orgC)),
        ],
      });
      await waitFor(async () => (await placements.countsFor([orgC])).get(orgC)?.probationary === 1, {
        timeoutMs: 20_000,
        description: 'the member admitted after the poison record',
      });
      const dead = await readTopicMessages(kafka, deadLetterTopic(TOPICS.members), {
        until: (all) =>
          all.some((m) => m.key === poisonKey && m.headers[DEAD_LETTER_HEADERS.consumerGroup] === name),
        timeoutMs: 30_000,
      });
      const mine = dead.filter(
        (m) => m.key === poisonKey && m.headers[DEAD_LETTER_HEADERS.consumerGroup] === name,
      );
      expect(mine).toHaveLength(1);
      expect(mine[0]!.value).toBe('not json and no headers');
      expect(mine[0]!.headers[DEAD_LETTER_HEADERS.originalTopic]).toBe(TOPICS.members);
      expect(mine[0]!.headers[DEAD_LETTER_HEADERS.error]).toMatch(/InvalidEventError/);
    } finally {
      await consumer.stop();
    }
  });
});
