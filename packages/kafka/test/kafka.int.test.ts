import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { Connection, mongo } from 'mongoose';
import type { Kafka, Producer } from 'kafkajs';
import {
  createEvent,
  DEAD_LETTER_HEADERS,
  deadLetterTopic,
  EVENT_TYPES,
  fromKafkaRecord,
  toKafkaRecord,
  TOPIC_DECLARATIONS,
} from '@dangvien/contracts';
import type { TopicDeclaration } from '@dangvien/contracts';
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
  createEventProducer,
  createIdempotentConsumer,
  createOutboxRelay,
  createOutboxWriter,
  ensureTopics,
  EventRejected,
  noMutex,
  outboxFields,
  PROCESSED_EVENTS_COLLECTION,
} from '../src';
import type { EventHandlers } from '../src';
import { OUTBOX_DUE_FIELD, OUTBOX_PENDING_FIELD } from '../src/outbox';

const logger = createLogger({ name: 'kafka-int-test', level: process.env.TEST_LOG_LEVEL ?? 'fatal' });

function renamed(id: string, sequence: number, name: string) {
  return createEvent(EVENT_TYPES.OrganisationRenamed, id, sequence, {
    organisationId: id,
    previousName: `before ${name}`,
    name,
    effectiveDate: '2025-07-01',
    decision: null,
  });
}

/** A topic of the test's own with its dead-letter topic, one partition (records stay in order). */
/** A topic of the test's own for a relay to send to (the event types' topics hold every run's events). */
async function ownTopic(kafka: Kafka): Promise<string> {
  const [topic] = testTopics('relay');
  await ensureTopics(kafka, [topic!]);
  return topic!.name;
}

function testTopics(prefix: string): TopicDeclaration[] {
  const name = uniqueTopic(prefix);
  const base = TOPIC_DECLARATIONS[0]!;
  return [
    { ...base, name, partitions: 1 },
    { ...base, name: deadLetterTopic(name), kind: 'dead-letters', partitions: 1 },
  ];
}

/**
 * The document's events reached `topic` in this order, and once the relay is idle its outbox is
 * empty, with no due flag, and it holds the last write (name "two").
 */
async function expectSentAndEmptied(
  kafka: Kafka,
  things: mongo.Collection,
  topic: string,
  id: string,
  eventIds: string[],
  relay: { idle(): Promise<void> },
): Promise<void> {
  const messages = await readTopicMessages(kafka, topic, {
    until: (all) => all.filter((m) => m.key === id).length >= eventIds.length,
    timeoutMs: 20_000,
  });
  expect(messages.filter((m) => m.key === id).map((m) => fromKafkaRecord(m).id)).toEqual(eventIds);
  await relay.idle();
  const stored = await things.findOne({ _id: id as never });
  expect(stored).toMatchObject({ name: 'two', outbox: {}, outboxPending: 0 });
  expect(stored).not.toHaveProperty('outboxDue');
}

describe('outbox relay', () => {
  let db: Connection;
  let kafka: Kafka;
  let reads: BatchedReads;
  const url = testMongoUrl('kafka_outbox');

  beforeAll(async () => {
    db = await mongoose.createConnection(url).asPromise();
    reads = createBatchedReads({ engine: await detectEngine(db.db!) });
    kafka = createTestKafka('outbox-test');
  });

  afterAll(async () => {
    await db.close();
    await dropDatabase(url);
  });

  it('sends what the writer stored, in sequence order, and empties the outbox', async () => {
    const things = db.db!.collection('things');
    const id: string = randomUUID();
    const first = renamed(id, 1, 'one');
    const second = renamed(id, 2, 'two');
    const topic = await ownTopic(kafka);
    const producer = createEventProducer(kafka, { topicOf: () => topic });
    await producer.start();
    const relay = createOutboxRelay({ producer, collections: [things], reads: () => reads, logger });
    await relay.start();
    const writer = createOutboxWriter({ relay, serialise: noMutex });
    try {
      await writer.insert(things, { _id: id, name: 'one' }, [first]);
      expect(await writer.update(things, { _id: id, name: 'one' }, { $set: { name: 'two' } }, [second])).toBe(
        true,
      );
      // A guard that no longer holds writes nothing.
      expect(
        await writer.update(things, { _id: id, name: 'one' }, { $set: { name: 'three' } }, [
          renamed(id, 3, 'x'),
        ]),
      ).toBe(false);
      await expectSentAndEmptied(kafka, things, topic, id, [first.id, second.id], relay);
    } finally {
      await relay.stop();
      await producer.stop();
    }
  });

  it('inserts many documents with their events at once, skipping taken ids, and relays the rest', async () => {
    const things = db.db!.collection('bulk');
    const ids: string[] = Array.from({ length: 20 }, () => randomUUID());
    const topic = await ownTopic(kafka);
    const producer = createEventProducer(kafka, { topicOf: () => topic });
    await producer.start();
    const relay = createOutboxRelay({ producer, collections: [things], reads: () => reads, logger });
    await relay.start();
    const writer = createOutboxWriter({ relay, serialise: noMutex });
    try {
      await things.insertOne({ _id: ids[3] as never, name: 'already there' });
      const events = ids.map((id) => renamed(id, 1, 'bulk'));
      const { duplicates } = await writer.insertMany(
        things,
        ids.map((id, i) => ({ document: { _id: id, name: 'bulk' }, events: [events[i]!] })),
      );
      expect(duplicates).toEqual([3]);
      const messages = await readTopicMessages(kafka, topic, { count: 19, timeoutMs: 20_000 });
      expect(messages.map((m) => m.key).sort()).toEqual(ids.filter((_, i) => i !== 3).sort());
      await relay.idle();
      expect(await things.findOne({ _id: ids[3] as never })).toEqual({ _id: ids[3], name: 'already there' });
      expect(await things.countDocuments({ outboxPending: 0, name: 'bulk' })).toBe(19);
    } finally {
      await relay.stop();
      await producer.stop();
    }
  });

  it('an event another replica adds while the document is being sent is sent too, with no sweep to find it', async () => {
    const things = db.db!.collection('raced');
    const id: string = randomUUID();
    const [first, second] = [renamed(id, 1, 'one'), renamed(id, 2, 'two')];
    const topic = await ownTopic(kafka);
    const producer = createEventProducer(kafka, { topicOf: () => topic });
    await producer.start();
    // Another replica's writer: it stores the event, and its own relay (not this one) is told.
    const elsewhere = createOutboxWriter({ relay: { schedule: () => undefined }, serialise: noMutex });
    let raced = false;
    const relay = createOutboxRelay({
      producer: {
        ...producer,
        async send(events) {
          await producer.send(events);
          // Between this relay's send and its clean-up of the document.
          if (!raced && events.some((e) => e.id === first.id)) {
            raced = true;
            await elsewhere.update(things, { _id: id }, { $set: { name: 'two' } }, [second]);
          }
        },
      },
      collections: [things],
      reads: () => reads,
      logger,
      sweepIntervalMs: 3_600_000,
    });
    await relay.start();
    const writer = createOutboxWriter({ relay, serialise: noMutex });
    try {
      await relay.idle(); // the start-up sweep is over: no sweep comes in this test
      await writer.insert(things, { _id: id, name: 'one' }, [first]);
      await expectSentAndEmptied(kafka, things, topic, id, [first.id, second.id], relay);
    } finally {
      await relay.stop();
      await producer.stop();
    }
  });

  it('clears the clean-up of a bulk write before it sweeps again, so sweeps do not starve it', async () => {
    const real = db.db!.collection('backlog');
    let sweepsDuringBacklog = 0;
    // A sweep is a find() by the due flag or the count (batched reads find by _id).
    let relay: ReturnType<typeof createOutboxRelay> | null = null;
    const things = new Proxy(real, {
      get(target, property, receiver) {
        if (property === 'find') {
          return (...args: Parameters<typeof real.find>) => {
            const filter = args[0] ?? {};
            const sweep = OUTBOX_DUE_FIELD in filter || OUTBOX_PENDING_FIELD in filter;
            if (sweep && (relay?.status().sentDocuments ?? 0) > 0) sweepsDuringBacklog += 1;
            return target.find(...args);
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const ids: string[] = Array.from({ length: 300 }, () => randomUUID());
    const topic = await ownTopic(kafka);
    const producer = createEventProducer(kafka, { topicOf: () => topic });
    await producer.start();
    // A sweep asked for every 20 ms: without the rule, one ran before each clean-up write of 100.
    relay = createOutboxRelay({
      producer,
      collections: [things],
      reads: () => reads,
      logger,
      sweepIntervalMs: 20,
    });
    await relay.start();
    const writer = createOutboxWriter({ relay, serialise: noMutex });
    try {
      await relay.idle(); // the start-up sweep is over
      await writer.insertMany(
        things,
        ids.map((id) => ({ document: { _id: id, name: 'bulk' }, events: [renamed(id, 1, 'bulk')] })),
      );
      await relay.idle();
      expect(await real.countDocuments({ _id: { $in: ids as never[] }, outboxPending: 0 })).toBe(300);
      expect(await real.countDocuments({ _id: { $in: ids as never[] }, outboxDue: true })).toBe(0);
      expect(sweepsDuringBacklog).toBe(0);
    } finally {
      await relay.stop();
      await producer.stop();
    }
  });

  it('a sweep at start sends what a previous process left behind, reading in pages', async () => {
    const things = db.db!.collection('leftovers');
    const ids: string[] = Array.from({ length: 7 }, () => randomUUID());
    const events = ids.map((id) => renamed(id, 1, 'left behind'));
    await things.insertMany(
      events.map((event) => ({
        _id: event.subject,
        outbox: { [event.id]: event },
        outboxPending: 1,
      })) as never[],
    );
    const topic = await ownTopic(kafka);
    const producer = createEventProducer(kafka, { topicOf: () => topic });
    await producer.start();
    // Pages of 3: the 7 documents take three reads.
    const relay = createOutboxRelay({
      producer,
      collections: [things],
      reads: () => reads,
      logger,
      pageSize: 3,
    });
    await relay.start(); // nothing scheduled: only the start-up sweep can find them
    try {
      await relay.idle();
      const messages = await readTopicMessages(kafka, topic, {
        until: (all) => ids.every((id) => all.some((m) => m.key === id)),
        timeoutMs: 15_000,
      });
      expect(new Set(messages.filter((m) => ids.includes(m.key ?? '')).map((m) => m.key)).size).toBe(7);
      expect(await things.countDocuments({ outboxPending: 0 })).toBe(7);
    } finally {
      await relay.stop();
      await producer.stop();
    }
  });
});

describe('idempotent consumer', () => {
  let db: Connection;
  let kafka: Kafka;
  let producer: Producer;
  let reads: BatchedReads;
  const url = testMongoUrl('kafka_consumer');

  beforeAll(async () => {
    db = await mongoose.createConnection(url).asPromise();
    reads = createBatchedReads({ engine: await detectEngine(db.db!) });
    kafka = createTestKafka('consumer-test');
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await db.close();
    await dropDatabase(url);
  });

  async function withConsumer(
    handlers: EventHandlers,
    run: (topic: string, consumerName: string) => Promise<void>,
  ) {
    const topics = testTopics('consumer');
    await ensureTopics(kafka, topics);
    const name = `test-${randomUUID()}`;
    const consumer = createIdempotentConsumer({
      kafka,
      name,
      topics: [topics[0]!.name],
      processed: db.collection(PROCESSED_EVENTS_COLLECTION) as unknown as mongo.Collection,
      reads: () => reads,
      deadLetters: producer,
      logger,
      maxRejections: 3,
      backoff: { initialMs: 20, maxMs: 50 },
      handlers,
    });
    await consumer.start();
    try {
      await run(topics[0]!.name, name);
    } finally {
      await consumer.stop();
    }
  }

  it('applies an event delivered twice only once, and skips one older than what it applied', async () => {
    const applied: string[] = [];
    const id: string = randomUUID();
    const event = renamed(id, 2, 'only once');
    await withConsumer(
      { [EVENT_TYPES.OrganisationRenamed]: async (e) => void applied.push(e.data.name) },
      async (topic, consumerName) => {
        await producer.send({
          topic,
          messages: [toKafkaRecord(event), toKafkaRecord(event), toKafkaRecord(renamed(id, 1, 'stale'))],
        });
        const marker = renamed(id, 3, 'marker');
        await producer.send({ topic, messages: [toKafkaRecord(marker)] });
        await waitFor(() => applied.includes('marker'), { timeoutMs: 20_000 });
        expect(applied).toEqual(['only once', 'marker']);
        // The markers are written after the batch's handlers ran: wait for them, not for the handler.
        const processed = await waitFor(
          () => db.collection(PROCESSED_EVENTS_COLLECTION).find({ consumer: consumerName }).toArray(),
          { until: (docs) => docs.filter((p) => p.eventId).length >= 2 },
        );
        expect(
          processed
            .filter((p) => p.eventId)
            .map((p) => p.eventId)
            .sort(),
        ).toEqual([event.id, marker.id].sort());
        // The aggregate's position, and every marker expires (retention).
        expect(processed.find((p) => String(p._id) === `seq:${consumerName}:${id}`)).toMatchObject({
          sequence: 3,
        });
        for (const p of processed.filter((p) => p.eventId)) expect(p.expiresAt).toBeInstanceOf(Date);
      },
    );
  });

  it('sets aside what it cannot read or a handler rejects, with the reason, skips unknown types, and goes on', async () => {
    const applied: string[] = [];
    const attempts: string[] = [];
    const id: string = randomUUID();
    await withConsumer(
      {
        [EVENT_TYPES.OrganisationRenamed]: async (event) => {
          attempts.push(event.data.name);
          if (event.data.name === 'poison')
            throw new EventRejected('this organisation cannot be renamed here');
          applied.push(event.data.name);
        },
      },
      async (topic, consumerName) => {
        const future = toKafkaRecord(renamed(id, 1, 'future'));
        await producer.send({
          topic,
          messages: [
            { key: id, value: 'not json and no headers' },
            // A type from a newer producer: skipped, not a dead letter.
            { ...future, headers: { ...future.headers, ce_type: 'dangvien.organisations.SomethingNew.v1' } },
            toKafkaRecord(renamed(id, 1, 'poison')),
            toKafkaRecord(renamed(id, 2, 'after')),
          ],
        });
        await waitFor(() => applied.includes('after'), { timeoutMs: 20_000 });
        expect(applied).toEqual(['after']);
        expect(attempts.filter((name) => name === 'poison')).toHaveLength(3);
        const dead = await readTopicMessages(kafka, deadLetterTopic(topic), { count: 2, timeoutMs: 20_000 });
        expect(dead.map((m) => m.headers[DEAD_LETTER_HEADERS.originalTopic])).toEqual([topic, topic]);
        expect(dead.map((m) => m.headers[DEAD_LETTER_HEADERS.consumerGroup])).toEqual([
          consumerName,
          consumerName,
        ]);
        expect(dead[0]!.headers[DEAD_LETTER_HEADERS.error]).toMatch(/InvalidEventError/);
        expect(dead[1]!.headers[DEAD_LETTER_HEADERS.error]).toMatch(
          /EventRejected: this organisation cannot be renamed here/,
        );
        expect(dead[1]!.value).toContain('poison'); // the original bytes are kept
      },
    );
  });

  it('a periodic sweep finds by the due flag what another process left behind, and drops a flag left alone', async () => {
    const things = db.db!.collection('flagged');
    const topic = await ownTopic(kafka);
    const producer = createEventProducer(kafka, { topicOf: () => topic });
    await producer.start();
    const relay = createOutboxRelay({
      producer,
      collections: [things],
      reads: () => reads,
      logger,
      sweepIntervalMs: 200,
    });
    await relay.start();
    try {
      await relay.idle(); // the start-up sweep is over: what comes next only a periodic one finds
      const ids: string[] = Array.from({ length: 4 }, () => randomUUID());
      const events = ids.map((id) => renamed(id, 1, 'another replica'));
      const empty: string = randomUUID();
      // As another replica writes them (outboxFields), then stops before relaying.
      await things.insertMany([
        ...events.map((event) => ({ _id: event.subject, ...outboxFields([event]) })),
        { _id: empty, outbox: {}, outboxPending: 0, outboxDue: true },
      ] as never[]);
      const messages = await readTopicMessages(kafka, topic, {
        until: (all) => ids.every((id) => all.some((m) => m.key === id)),
        timeoutMs: 15_000,
      });
      expect(
        messages
          .filter((m) => ids.includes(m.key ?? ''))
          .map((m) => fromKafkaRecord(m).id)
          .sort(),
      ).toEqual(events.map((e) => e.id).sort());
      await waitFor(() => things.countDocuments({ outboxDue: true }), {
        until: (n) => n === 0,
        timeoutMs: 15_000,
        description: 'every due flag removed',
      });
      expect(await things.countDocuments({ outboxPending: 0 })).toBe(5);
    } finally {
      await relay.stop();
      await producer.stop();
    }
  });
});
