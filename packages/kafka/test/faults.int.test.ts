import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { Connection, mongo } from 'mongoose';
import type { Kafka, Producer } from 'kafkajs';
import {
  createEvent,
  deadLetterTopic,
  EVENT_TYPES,
  toKafkaRecord,
  TOPIC_DECLARATIONS,
} from '@dangvien/contracts';
import type { EventEnvelope, TopicDeclaration } from '@dangvien/contracts';
import { createBatchedReads, detectEngine } from '@dangvien/db';
import type { BatchedReads } from '@dangvien/db';
import { createLogger } from '@dangvien/logger';
import {
  createTestKafka,
  dropDatabase,
  readTopicMessages,
  startPrivateDatabase,
  testMongoUrl,
  uniqueDatabaseName,
  uniqueTopic,
  waitFor,
  withDatabase,
} from '@dangvien/testing';
import type { PrivateServer } from '@dangvien/testing';
import {
  createEventProducer,
  createIdempotentConsumer,
  createOutboxRelay,
  createOutboxWriter,
  ensureTopics,
  listDeadLetters,
  noMutex,
  outboxFields,
  PROCESSED_EVENTS_COLLECTION,
} from '../src';

const logger = createLogger({ name: 'kafka-faults-test', level: process.env.TEST_LOG_LEVEL ?? 'fatal' });

function renamed(id: string, sequence: number, name: string, padding = '') {
  return createEvent(EVENT_TYPES.OrganisationRenamed, id, sequence, {
    organisationId: id,
    previousName: `before ${name}${padding}`,
    name,
    effectiveDate: '2025-07-01',
    decision: null,
  });
}

/** A topic of the test's own for a relay to send to (the event types' topics hold every run's events). */
async function ownTopic(kafka: Kafka): Promise<string> {
  const [topic] = testTopics('relay');
  await ensureTopics(kafka, [topic!]);
  return topic!.name;
}

function testTopics(prefix: string, partitions = 3): TopicDeclaration[] {
  const name = uniqueTopic(prefix);
  const base = TOPIC_DECLARATIONS[0]!;
  return [
    { ...base, name, partitions },
    { ...base, name: deadLetterTopic(name), kind: 'dead-letters', partitions: 1 },
  ];
}

describe('a consumer whose database goes away for 30 s', () => {
  let database: PrivateServer;
  let db: Connection;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    database = await startPrivateDatabase();
    db = await mongoose
      .createConnection(withDatabase(database.address, uniqueDatabaseName('faults_consumer')), {
        serverSelectionTimeoutMS: 3_000,
      })
      .asPromise();
    kafka = createTestKafka('faults-consumer');
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await db.close();
    await database.close();
  });

  it('dead-letters nothing, applies all 200 events once when it returns, and keeps its group session', async () => {
    const topics = testTopics('db-outage');
    await ensureTopics(kafka, topics);
    const topic = topics[0]!.name;
    const reads: BatchedReads = createBatchedReads({ engine: await detectEngine(db.db!) });
    const applied = db.db!.collection('applied');
    const runs = new Map<string, number>();
    const name = `test-${randomUUID()}`;
    const consumer = createIdempotentConsumer({
      kafka,
      name,
      topics: [topic],
      processed: db.db!.collection(PROCESSED_EVENTS_COLLECTION),
      reads: () => reads,
      deadLetters: producer,
      logger,
      backoff: { initialMs: 200, maxMs: 2_000 },
      types: [EVENT_TYPES.OrganisationRenamed],
      // Set-based, as a projection's write must be: re-running it after a fault changes nothing.
      async handleBatch(events) {
        for (const e of events) runs.set(e.id, (runs.get(e.id) ?? 0) + 1);
        await applied.bulkWrite(
          events.map((e) => ({
            updateOne: {
              filter: { _id: e.id as never },
              update: { $setOnInsert: { subject: e.subject } },
              upsert: true,
            },
          })),
          { ordered: false },
        );
      },
    });
    let joins = 0;
    let crashes = 0;
    consumer.consumer.on(consumer.consumer.events.GROUP_JOIN, () => void (joins += 1));
    consumer.consumer.on(consumer.consumer.events.CRASH, () => void (crashes += 1));
    await consumer.start();
    try {
      const warmup = renamed(randomUUID(), 1, 'warm-up');
      await producer.send({ topic, messages: [toKafkaRecord(warmup)] });
      await waitFor(async () => (await applied.countDocuments({ _id: warmup.id as never })) === 1, {
        timeoutMs: 20_000,
      });

      await database.stop();
      const outageStarted = Date.now();
      const events: EventEnvelope[] = Array.from({ length: 200 }, (_, i) =>
        renamed(randomUUID(), 1, `during outage ${i}`),
      );
      for (let i = 0; i < events.length; i += 50) {
        await producer.send({ topic, acks: -1, messages: events.slice(i, i + 50).map(toKafkaRecord) });
      }
      await waitFor(() => consumer.status(), {
        until: (status) => status.state === 'retrying',
        timeoutMs: 20_000,
        description: 'the consumer retrying against the stopped database',
      });
      // The outage lasts 30 s: the consumer keeps retrying (and heartbeating) all along.
      await waitFor(() => Date.now() - outageStarted >= 30_000, { timeoutMs: 40_000, intervalMs: 500 });
      expect(consumer.status().state).toBe('retrying');
      await database.start();

      const ids = events.map((e) => e.id);
      await waitFor(() => applied.countDocuments({ _id: { $in: ids as never[] } }), {
        until: (count) => count === 200,
        timeoutMs: 60_000,
        description: 'all 200 events applied after the database came back',
      });
      await waitFor(() => consumer.status().state, {
        until: (state) => state === 'running',
        timeoutMs: 20_000,
      });
      const markers = await db
        .db!.collection(PROCESSED_EVENTS_COLLECTION)
        .countDocuments({ consumer: name, eventId: { $in: ids } });
      expect(markers).toBe(200);
      expect(await listDeadLetters(kafka, topic)).toEqual([]);
      // One join for the whole test: the session outlived the outage, nothing crashed.
      expect({ joins, crashes }).toEqual({ joins: 1, crashes: 0 });
      const admin = kafka.admin();
      await admin.connect();
      const { groups } = await admin.describeGroups([name]);
      await admin.disconnect();
      expect(groups[0]).toMatchObject({ state: 'Stable', members: [expect.anything()] });
      // How often a batch handler ran per event (a re-run after a fault is harmless, being set-based).
      const reruns = ids.filter((id) => (runs.get(id) ?? 0) > 1).length;
      logger.info({ reruns }, 'events whose handler ran more than once');
      expect(ids.every((id) => (runs.get(id) ?? 0) >= 1)).toBe(true);
    } finally {
      await consumer.stop();
      await database.start().catch(() => undefined);
    }
  }, 150_000);
});

describe('a relay with a document whose events cannot be sent', () => {
  let db: Connection;
  let kafka: Kafka;
  let reads: BatchedReads;
  const url = testMongoUrl('faults_relay');

  beforeAll(async () => {
    db = await mongoose.createConnection(url).asPromise();
    reads = createBatchedReads({ engine: await detectEngine(db.db!) });
    kafka = createTestKafka('faults-relay');
  });

  afterAll(async () => {
    await db.close();
    await dropDatabase(url);
  });

  it('marks it stuck with the reason, and still delivers every other document’s events', async () => {
    const things = db.db!.collection('things') as mongo.Collection;
    const topic = await ownTopic(kafka);
    const producer = createEventProducer(kafka, { topicOf: () => topic });
    await producer.start();
    const relay = createOutboxRelay({
      producer,
      collections: [things],
      reads: () => reads,
      logger,
      backoff: { initialMs: 50, maxMs: 200 },
    });
    await relay.start();
    const writer = createOutboxWriter({ relay, serialise: noMutex });
    try {
      // Over the broker's 1 MB record limit: the broker will never take it.
      const bad = randomUUID();
      await writer.insert(things, { _id: bad }, [renamed(bad, 1, 'too large', 'x'.repeat(1_200_000))]);
      const good = Array.from({ length: 20 }, () => randomUUID());
      for (const id of good) await writer.insert(things, { _id: id }, [renamed(id, 1, 'fine')]);
      const status = await waitFor(() => relay.status(), {
        until: (s) => s.stuckDocuments === 1 && s.pendingDocuments === 0,
        timeoutMs: 30_000,
        description: 'one stuck document and nothing else pending',
      });
      expect(status.stuckReason).toMatch(/larger than the max message size/);
      const messages = await readTopicMessages(kafka, topic, {
        until: (all) => good.every((id) => all.some((m) => m.key === id)),
        timeoutMs: 20_000,
      });
      expect(messages.some((m) => m.key === bad)).toBe(false);
      expect(await things.findOne({ _id: bad as never })).toMatchObject({
        outboxPending: 1,
        // Marked before any send: the broker would refuse it (and the request holding it).
        outboxStuck: { reason: expect.stringMatching(/max message size/), attempts: 0 },
      });
      expect(await things.countDocuments({ _id: { $in: good as never[] }, outboxPending: 0 })).toBe(20);
      // A sweep (and a restart) skips it without blocking the rest; a later write still goes out.
      const late = randomUUID();
      await writer.insert(things, { _id: late }, [renamed(late, 1, 'after the stuck one')]);
      await relay.sweep();
      expect(relay.status()).toMatchObject({ stuckDocuments: 1, pendingDocuments: 0 });
      expect(await things.findOne({ _id: late as never })).toMatchObject({ outboxPending: 0 });
    } finally {
      await relay.stop();
      await producer.stop();
    }
  });

  it('keeps each produce request under its byte budget, so one request never holds a batch the broker refuses', async () => {
    const things = db.db!.collection('budget') as mongo.Collection;
    const topic = await ownTopic(kafka);
    const real = createEventProducer(kafka, { topicOf: () => topic });
    const requests: number[] = [];
    const producer = {
      ...real,
      send: async (events: Parameters<typeof real.send>[0]) => {
        requests.push(events.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e)), 0));
        return real.send(events);
      },
    };
    await producer.start();
    const relay = createOutboxRelay({
      producer,
      collections: [things],
      reads: () => reads,
      logger,
      maxBatchBytes: 200_000,
    });
    const ids = Array.from({ length: 30 }, () => randomUUID());
    // Stored before the relay starts: its first sweep finds all 30 (1.2 MB) at once.
    for (const id of ids) {
      const event = renamed(id, 1, 'big', 'x'.repeat(40_000));
      await things.insertOne({ _id: id, ...outboxFields([event]) } as never);
    }
    await relay.start();
    try {
      await relay.sweep();
      await relay.idle();
      const messages = await readTopicMessages(kafka, topic, {
        until: (all) => ids.every((id) => all.some((m) => m.key === id)),
        timeoutMs: 20_000,
      });
      expect(ids.every((id) => messages.some((m) => m.key === id))).toBe(true);
      expect({ over: requests.filter((bytes) => bytes > 200_000), several: requests.length > 5 }).toEqual({
        over: [],
        several: true,
      });
      expect(relay.status()).toMatchObject({ stuckDocuments: 0, pendingDocuments: 0 });
    } finally {
      await relay.stop();
      await producer.stop();
    }
  });

  it('stop() drains what is in flight within its deadline; what a hard stop leaves is sent on the next start', async () => {
    const things = db.db!.collection('drained') as mongo.Collection;
    const topic = await ownTopic(kafka);
    const producer = createEventProducer(kafka, { topicOf: () => topic });
    await producer.start();
    const relay = createOutboxRelay({ producer, collections: [things], reads: () => reads, logger });
    await relay.start();
    const writer = createOutboxWriter({ relay, serialise: noMutex });
    const ids: string[] = Array.from({ length: 60 }, () => randomUUID());
    try {
      await Promise.all(
        ids.slice(0, 30).map((id) => writer.insert(things, { _id: id }, [renamed(id, 1, 'drained')])),
      );
    } finally {
      await relay.stop(15_000);
      await producer.stop();
    }
    // Everything written before stop() was sent before it returned.
    expect(await things.countDocuments({ _id: { $in: ids.slice(0, 30) as never[] }, outboxPending: 0 })).toBe(
      30,
    );

    // A stop with no time to drain: the events stay stored and the next relay sends them.
    const secondProducer = createEventProducer(kafka, { topicOf: () => topic });
    await secondProducer.start();
    const hasty = createOutboxRelay({
      producer: secondProducer,
      collections: [things],
      reads: () => reads,
      logger,
    });
    await hasty.start();
    const hastyWriter = createOutboxWriter({ relay: hasty, serialise: noMutex });
    await Promise.all(
      ids.slice(30).map((id) => hastyWriter.insert(things, { _id: id }, [renamed(id, 1, 'left')])),
    );
    await hasty.stop(0);
    await secondProducer.stop();
    const third = createEventProducer(kafka, { topicOf: () => topic });
    await third.start();
    const restarted = createOutboxRelay({
      producer: third,
      collections: [things],
      reads: () => reads,
      logger,
    });
    await restarted.start();
    try {
      await restarted.idle();
      expect(await things.countDocuments({ _id: { $in: ids as never[] }, outboxPending: 0 })).toBe(60);
      const messages = await readTopicMessages(kafka, topic, {
        until: (all) => ids.every((id) => all.some((m) => m.key === id)),
        timeoutMs: 30_000,
      });
      expect(new Set(messages.filter((m) => ids.includes(m.key ?? '')).map((m) => m.key)).size).toBe(60);
    } finally {
      await restarted.stop();
      await third.stop();
    }
  });
});
