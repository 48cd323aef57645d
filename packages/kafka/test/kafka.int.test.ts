import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { Kafka, Producer } from 'kafkajs';
import {
  createEvent,
  DEAD_LETTER_HEADERS,
  deadLetterTopic,
  EVENT_TOPIC,
  EVENT_TYPES,
  fromKafkaRecord,
  toKafkaRecord,
} from '@dangvien/contracts';
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
  ensureTopics,
  outboxFields,
  outboxUpdate,
  OUTBOX_PENDING_FIELD,
  PROCESSED_EVENTS_COLLECTION,
} from '../src';

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

describe('outbox relay', () => {
  let db: Connection;
  let kafka: Kafka;
  const url = testMongoUrl('kafka_outbox');

  beforeAll(async () => {
    db = await mongoose.createConnection(url).asPromise();
    kafka = createTestKafka('outbox-test');
    await ensureTopics(kafka, [EVENT_TOPIC[EVENT_TYPES.OrganisationRenamed]]);
  });

  afterAll(async () => {
    await db.close();
    await dropDatabase(url);
  });

  it('sends what a write stored, in sequence order, and empties the outbox', async () => {
    const things = db.collection('things');
    const id = randomUUID();
    const first = renamed(id, 1, 'one');
    const second = renamed(id, 2, 'two');
    await things.insertOne({ _id: id as never, name: 'one', ...outboxFields([first]) });
    const update = outboxUpdate([second]);
    await things.updateOne(
      { _id: id as never },
      { $set: { name: 'two', ...update.$set }, $inc: update.$inc },
    );

    const producer = createEventProducer(kafka);
    await producer.start();
    const relay = createOutboxRelay({ producer, collections: [things], logger });
    await relay.start();
    relay.schedule(things, id);
    try {
      const messages = await readTopicMessages(kafka, EVENT_TOPIC[EVENT_TYPES.OrganisationRenamed], {
        until: (all) => all.filter((m) => m.key?.toString() === id).length >= 2,
        timeoutMs: 20_000,
      });
      const mine = messages.filter((m) => m.key?.toString() === id).map((m) => fromKafkaRecord(m));
      expect(mine.map((e) => e.id)).toEqual([first.id, second.id]);
      await waitFor(async () => (await things.findOne({ _id: id as never }))?.[OUTBOX_PENDING_FIELD] === 0, {
        timeoutMs: 10_000,
      });
      const stored = await things.findOne({ _id: id as never });
      expect(stored?.outbox).toEqual({});
      expect(stored?.name).toBe('two');
    } finally {
      await relay.stop();
      await producer.stop();
    }
  });

  it('a sweep at start sends what a previous process left behind', async () => {
    const things = db.collection('leftovers');
    const id = randomUUID();
    const event = renamed(id, 1, 'left behind');
    await things.insertOne({ _id: id as never, ...outboxFields([event]) });

    const producer = createEventProducer(kafka);
    await producer.start();
    const relay = createOutboxRelay({ producer, collections: [things], logger });
    await relay.start(); // nothing scheduled: only the start-up sweep can find it
    try {
      await waitFor(async () => (await relay.pendingCount()) === 0, { timeoutMs: 15_000 });
      const messages = await readTopicMessages(kafka, EVENT_TOPIC[event.type], {
        until: (all) => all.some((m) => m.key?.toString() === id),
        timeoutMs: 15_000,
      });
      expect(messages.filter((m) => m.key?.toString() === id)).toHaveLength(1);
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
  const url = testMongoUrl('kafka_consumer');

  beforeAll(async () => {
    db = await mongoose.createConnection(url).asPromise();
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
    topic: string,
    handler: (name: string) => Promise<void>,
    run: (consumerName: string) => Promise<void>,
    maxAttempts = 3,
  ) {
    await ensureTopics(kafka, [topic, deadLetterTopic(topic)], 1);
    const name = `test-${randomUUID()}`;
    const consumer = createIdempotentConsumer({
      kafka,
      name,
      topics: [topic],
      db,
      deadLetters: producer,
      logger,
      maxAttempts,
      backoff: { initialMs: 20, maxMs: 50 },
      handlers: {
        [EVENT_TYPES.OrganisationRenamed]: async (event) => handler(event.data.name),
      },
    });
    await consumer.start();
    try {
      await run(name);
    } finally {
      await consumer.stop();
    }
  }

  it('applies an event delivered twice only once', async () => {
    const topic = uniqueTopic('twice');
    const applied: string[] = [];
    const id = randomUUID();
    const event = renamed(id, 1, 'only once');
    const record = toKafkaRecord(event);
    await withConsumer(
      topic,
      async (name) => {
        applied.push(name);
      },
      async (consumerName) => {
        await producer.send({ topic, messages: [record, record] });
        const marker = renamed(id, 2, 'marker');
        await producer.send({ topic, messages: [toKafkaRecord(marker)] });
        await waitFor(() => applied.includes('marker'), { timeoutMs: 20_000 });
        expect(applied).toEqual(['only once', 'marker']);
        const processed = await db
          .collection(PROCESSED_EVENTS_COLLECTION)
          .find({ consumer: consumerName })
          .toArray();
        expect(processed.map((p) => p.eventId).sort()).toEqual([event.id, marker.id].sort());
      },
    );
  });

  it('sets aside what it cannot read or apply, with the reason, skips unknown types, and goes on', async () => {
    const topic = uniqueTopic('dlt');
    const applied: string[] = [];
    const id = randomUUID();
    await withConsumer(
      topic,
      async (name) => {
        if (name === 'poison') throw new Error('cannot apply poison');
        applied.push(name);
      },
      async (consumerName) => {
        await producer.send({
          topic,
          messages: [
            { key: id, value: 'not json and no headers' },
            // A type from a newer producer: skipped, not a dead letter.
            {
              ...toKafkaRecord(renamed(id, 1, 'future')),
              headers: {
                ...toKafkaRecord(renamed(id, 1, 'future')).headers,
                ce_type: 'dangvien.organisations.SomethingNew.v1',
              },
            },
            toKafkaRecord(renamed(id, 1, 'poison')),
            toKafkaRecord(renamed(id, 2, 'after')),
          ],
        });
        await waitFor(() => applied.includes('after'), { timeoutMs: 20_000 });
        expect(applied).toEqual(['after']);
        const dead = await readTopicMessages(kafka, deadLetterTopic(topic), { count: 2, timeoutMs: 20_000 });
        const header = (m: (typeof dead)[number], h: string) => m.headers?.[h]?.toString();
        expect(dead.map((m) => header(m, DEAD_LETTER_HEADERS.originalTopic))).toEqual([topic, topic]);
        expect(dead.map((m) => header(m, DEAD_LETTER_HEADERS.consumerGroup))).toEqual([
          consumerName,
          consumerName,
        ]);
        expect(header(dead[0]!, DEAD_LETTER_HEADERS.error)).toMatch(/InvalidEventError/);
        expect(header(dead[1]!, DEAD_LETTER_HEADERS.error)).toMatch(/cannot apply poison/);
        expect(dead[1]!.value?.toString()).toContain('poison'); // the original bytes are kept
      },
    );
  });
});
