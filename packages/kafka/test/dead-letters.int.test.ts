import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { Kafka, Producer } from 'kafkajs';
import {
  createEvent,
  deadLetterTopic,
  EVENT_TYPES,
  REPLAYED_FROM_HEADER,
  toKafkaRecord,
  TOPIC_DECLARATIONS,
} from '@dangvien/contracts';
import { createBatchedReads, detectEngine } from '@dangvien/db';
import type { BatchedReads } from '@dangvien/db';
import { createLogger } from '@dangvien/logger';
import {
  createTestKafka,
  dropDatabase,
  readTopicMessages,
  testMongoUrl,
  uniqueTopic,
  waitFor,
} from '@dangvien/testing';
import {
  createIdempotentConsumer,
  createProcessedEventsRetention,
  ensureTopics,
  EventRejected,
  listDeadLetters,
  PROCESSED_EVENTS_COLLECTION,
  replayDeadLetters,
} from '../src';

const logger = createLogger({ name: 'dlt-int-test', level: process.env.TEST_LOG_LEVEL ?? 'fatal' });

const renamed = (id: string, sequence: number, name: string) =>
  createEvent(EVENT_TYPES.OrganisationRenamed, id, sequence, {
    organisationId: id,
    previousName: '-',
    name,
    effectiveDate: '2025-07-01',
    decision: null,
  });

describe('dead letters: listed with their reason, replayed to their topic, applied once', () => {
  let db: Connection;
  let kafka: Kafka;
  let producer: Producer;
  let reads: BatchedReads;
  const url = testMongoUrl('kafka_dlt');

  beforeAll(async () => {
    db = await mongoose.createConnection(url).asPromise();
    reads = createBatchedReads({ engine: await detectEngine(db.db!) });
    kafka = createTestKafka('dlt-test');
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await db.close();
    await dropDatabase(url);
  });

  it('sets a rejected event aside, lists it, and applies it once when replayed after the fix', async () => {
    const topic = uniqueTopic('dlt');
    const base = TOPIC_DECLARATIONS[0]!;
    await ensureTopics(kafka, [
      { ...base, name: topic, partitions: 1 },
      { ...base, name: deadLetterTopic(topic), kind: 'dead-letters', partitions: 1 },
    ]);
    let fixed = false;
    const applied: string[] = [];
    const name = `test-${randomUUID()}`;
    const consumer = createIdempotentConsumer({
      kafka,
      name,
      topics: [topic],
      processed: db.db!.collection(PROCESSED_EVENTS_COLLECTION),
      reads: () => reads,
      deadLetters: producer,
      logger,
      // Order across replays is the point here: a replayed event is older than what came after it.
      ordered: false,
      handlers: {
        [EVENT_TYPES.OrganisationRenamed]: async (event) => {
          if (!fixed && event.data.name === 'needs a fix')
            throw new EventRejected('no such organisation here yet');
          applied.push(event.id);
        },
      },
    });
    await consumer.start();
    try {
      const id = randomUUID();
      const rejected = renamed(id, 1, 'needs a fix');
      const after = renamed(id, 2, 'after');
      const before = new Date(Date.now() - 1_000);
      await producer.send({ topic, messages: [toKafkaRecord(rejected), toKafkaRecord(after)] });
      await waitFor(() => applied.includes(after.id), { timeoutMs: 20_000 });

      const letters = await listDeadLetters(kafka, topic, { since: before });
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({
        eventId: rejected.id,
        type: EVENT_TYPES.OrganisationRenamed,
        subject: id,
        consumerGroup: name,
        originalTopic: topic,
        originalOffset: '0',
        reason: expect.stringMatching(/EventRejected: no such organisation here yet/),
      });
      expect(await listDeadLetters(kafka, topic, { since: new Date(Date.now() + 60_000) })).toEqual([]);

      // A dry run says what it would do and does nothing.
      const dry = await replayDeadLetters(kafka, topic, { dryRun: true });
      expect(dry.map((r) => [r.letter.eventId, r.to])).toEqual([[rejected.id, null]]);

      fixed = true;
      const [replayed] = await replayDeadLetters(kafka, topic, { positions: [`0:${letters[0]!.offset}`] });
      expect(replayed!.to).toMatchObject({ topic, partition: 0 });
      await waitFor(() => applied.includes(rejected.id), { timeoutMs: 20_000 });
      const copy = (await readTopicMessages(kafka, topic, { count: 3 }))[2]!;
      expect(copy.headers[REPLAYED_FROM_HEADER]).toBe(`${deadLetterTopic(topic)}@0:${letters[0]!.offset}`);
      expect(copy.headers.dlt_error).toBeUndefined();

      // Replayed again by mistake: the consumer recognises it, nothing is applied twice.
      await replayDeadLetters(kafka, topic);
      const marker = renamed(id, 3, 'marker');
      await producer.send({ topic, messages: [toKafkaRecord(marker)] });
      await waitFor(() => applied.includes(marker.id), { timeoutMs: 20_000 });
      expect(applied.filter((e) => e === rejected.id)).toHaveLength(1);
    } finally {
      await consumer.stop();
    }
  });

  it('keeps processed-event markers for their retention only, never the aggregate positions', async () => {
    const collection = db.db!.collection(`retention_${randomUUID().slice(0, 8)}`);
    const now = new Date();
    await collection.insertMany([
      { _id: 'c:expired', eventId: 'expired', expiresAt: new Date(now.getTime() - 1_000) },
      { _id: 'c:kept', eventId: 'kept', expiresAt: new Date(now.getTime() + 86_400_000) },
      { _id: 'seq:c:s1', subject: 's1', sequence: 4 },
    ] as never[]);
    const engine = await detectEngine(db.db!);
    const retention = createProcessedEventsRetention({
      collection,
      engine: () => engine,
      logger,
      clock: () => now,
    });
    await retention.start();
    try {
      if (engine === 'mongodb') {
        // MongoDB expires them itself, with a TTL index on expiresAt.
        expect(await collection.indexes()).toContainEqual(
          expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }),
        );
      } else {
        // FerretDB has no TTL index: the service removes expired markers at start and then hourly.
        expect((await collection.find({}).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([
          'c:kept',
          'seq:c:s1',
        ]);
        expect(await retention.removeExpired()).toBe(0);
      }
    } finally {
      retention.stop();
    }
  });
});
