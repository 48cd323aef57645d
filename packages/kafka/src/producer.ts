import type { Kafka, Producer } from 'kafkajs';
import { EVENT_TOPIC, toKafkaRecord } from '@dangvien/contracts';
import type { EventEnvelope } from '@dangvien/contracts';

export interface EventProducer {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends events to their topics, in order, acknowledged by all in-sync replicas. */
  send(events: EventEnvelope[]): Promise<void>;
  /** The underlying producer, for dead letters. */
  readonly producer: Producer;
}

export function createEventProducer(
  kafka: Kafka,
  options: {
    /** Where an event goes; its type's topic unless told otherwise (tests). */ topicOf?: (
      event: EventEnvelope,
    ) => string;
  } = {},
): EventProducer {
  const topicOf = options.topicOf ?? ((event: EventEnvelope) => EVENT_TOPIC[event.type]);
  // Idempotent producer: a retried send does not duplicate records on the broker. Retries here are
  // short on purpose: the outbox relay owns the long retry loop, and must learn quickly that the
  // broker is gone so a mutation never waits on it.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1_000 },
  });
  let connected = false;

  return {
    producer,
    async start() {
      await producer.connect();
      connected = true;
    },
    async stop() {
      if (connected) await producer.disconnect();
      connected = false;
    },
    async send(events) {
      if (events.length === 0) return;
      const byTopic = new Map<string, ReturnType<typeof toKafkaRecord>[]>();
      for (const event of events) {
        const topic = topicOf(event);
        const records = byTopic.get(topic) ?? [];
        records.push(toKafkaRecord(event));
        byTopic.set(topic, records);
      }
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    },
  };
}
