/**
 * Consumer throughput: how fast a projection catches up with a burst of member events (an import of
 * member files puts one event per member on the topic). The same MemberAdmitted events are consumed
 * by organisations' member-count projection two ways, on fresh databases, in alternating rounds:
 *   - one event at a time: the handler writes each placement on its own (the shape every consumer had
 *     before batching: one database write per event);
 *   - a batch at a time: one bulk write of placements per Kafka batch (what the service runs).
 * Both go through the runtime's idempotent consumer (one dedupe read and one bulk write of processed
 * markers per batch). Printed: events/s per way and the ratio, measured in the same run.
 *
 *   npm run bench -- consumer        BENCH_EVENTS=20000 (default) BENCH_ROUNDS=2
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { logLevel } from 'kafkajs';
import type { Kafka } from 'kafkajs';
import {
  createEvent,
  deadLetterTopic,
  EVENT_TYPES,
  toKafkaRecord,
  TOPIC_DECLARATIONS,
} from '@dangvien/contracts';
import { createBatchedReads, detectEngine, detectServer } from '@dangvien/db';
import {
  createIdempotentConsumer,
  createKafkaClient,
  ensureTopics,
  PROCESSED_EVENTS_COLLECTION,
  readKafkaEnvironment,
} from '@dangvien/kafka';
import type { ConsumerDefinition } from '@dangvien/kafka';
import { createLogger } from '@dangvien/logger';
import { memberCountsConsumer, placementChange } from '../../services/organisations/src/members/consumer';
import { createMemberPlacements } from '../../services/organisations/src/members/member-placements';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
// KAFKA_BROKERS and the admin's KAFKA_USERNAME/KAFKA_PASSWORD (`set -a; source .local/kafka/sasl.env`).
const KAFKA = readKafkaEnvironment({
  KAFKA_BROKERS: `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`,
  ...process.env,
});
const MONGO_URL =
  process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.MONGO_PORT ?? 27017}/?directConnection=true`;
const logger = createLogger({ name: 'bench-consumer', level: 'fatal' });

async function round(kafka: Kafka, topic: string, way: 'one at a time' | 'batched'): Promise<number> {
  const database = `dangvien_bench_consumer_${randomUUID().slice(0, 8)}`;
  const db = await mongoose.createConnection(MONGO_URL, { dbName: database }).asPromise();
  try {
    const reads = createBatchedReads({
      engine: await detectEngine(db.db!),
      storage: (await detectServer(db.db!)).storage,
    });
    const placements = createMemberPlacements(db, () => reads);
    await placements.model.createIndexes();
    let applied = 0;
    const batched = memberCountsConsumer(placements, `bench-${randomUUID()}`);
    const definition: ConsumerDefinition =
      way === 'batched'
        ? {
            ...batched,
            topics: [topic],
            handleBatch: async (events, context) => {
              await batched.handleBatch!(events, context);
              applied += events.length;
            },
          }
        : {
            name: batched.name,
            topics: [topic],
            handlers: {
              [EVENT_TYPES.MemberAdmitted]: async (event) => {
                await placements.applyPlacement(event.subject, event.sequence, placementChange(event)!);
                applied += 1;
              },
            },
          };
    const producer = kafka.producer();
    await producer.connect();
    const consumer = createIdempotentConsumer({
      ...definition,
      kafka,
      processed: db.db!.collection(PROCESSED_EVENTS_COLLECTION),
      reads: () => reads,
      deadLetters: producer,
      logger,
    });
    const started = performance.now();
    await consumer.start();
    while (applied < EVENTS) await new Promise((resolve) => setTimeout(resolve, 50));
    const seconds = (performance.now() - started) / 1000;
    await consumer.stop();
    await producer.disconnect();
    return EVENTS / seconds;
  } finally {
    await db.dropDatabase();
    await db.close();
  }
}

export async function main(): Promise<number> {
  const kafka = createKafkaClient({
    clientId: 'bench-consumer',
    brokers: KAFKA.brokers,
    credentials: KAFKA.credentials,
    overrides: { logLevel: logLevel.NOTHING },
  });
  const topic = `bench.consumer.${randomUUID()}`;
  const base = TOPIC_DECLARATIONS[0]!;
  await ensureTopics(kafka, [
    { ...base, name: topic },
    { ...base, name: deadLetterTopic(topic), kind: 'dead-letters' },
  ]);
  const producer = kafka.producer();
  await producer.connect();
  const organisations = Array.from({ length: 500 }, () => randomUUID());
  for (let i = 0; i < EVENTS; i += 1_000) {
    const messages = Array.from({ length: Math.min(1_000, EVENTS - i) }, (_, j) => {
      const memberId = randomUUID();
      return toKafkaRecord(
        createEvent(EVENT_TYPES.MemberAdmitted, memberId, 1, {
          memberId,
          organisationId: organisations[(i + j) % organisations.length]!,
          decisionDate: '2025-05-19',
          ceremonyDate: '2025-06-02',
        }),
      );
    });
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
  const probe = await mongoose.createConnection(MONGO_URL).asPromise();
  const server = await detectServer(probe.db!);
  await probe.close();

  const rates: Record<string, number[]> = { 'one at a time': [], batched: [] };
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const way of ['one at a time', 'batched'] as const) rates[way]!.push(await round(kafka, topic, way));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const one = median(rates['one at a time']!);
  const batch = median(rates.batched!);
  console.log(
    `\nConsumer throughput: ${EVENTS} MemberAdmitted events into the member-count projection, ${server.description}, ${ROUNDS} round(s) each, median\n`,
  );
  console.log('| way | events/s | ratio |');
  console.log('| --- | ---: | ---: |');
  console.log(`| one at a time (baseline) | ${one.toFixed(0)} | 1.00 |`);
  console.log(
    `| batched (one bulk write per Kafka batch) | ${batch.toFixed(0)} | ${(batch / one).toFixed(2)} |`,
  );
  console.log(
    `\n100,000 events would take ${(100_000 / one).toFixed(0)} s one at a time and ${(100_000 / batch).toFixed(0)} s batched.`,
  );
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic, deadLetterTopic(topic)] }).catch(() => undefined);
  await admin.disconnect();
  return 0;
}
