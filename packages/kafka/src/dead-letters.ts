import { randomUUID } from 'node:crypto';
import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import {
  CLOUDEVENTS_HEADERS,
  DEAD_LETTER_HEADERS,
  deadLetterTopic,
  REPLAYED_FROM_HEADER,
} from '@dangvien/contracts';

/** A record set aside on a dead-letter topic, with why and where it came from. */
export interface DeadLetter {
  /** Where it sits on the dead-letter topic. */
  partition: number;
  offset: string;
  /** When it was set aside (the record's timestamp). */
  deadLetteredAt: Date;
  key: string | null;
  /** CloudEvents attributes, when the record had them. */
  eventId: string | null;
  type: string | null;
  subject: string | null;
  reason: string;
  consumerGroup: string | null;
  originalTopic: string;
  originalPartition: number | null;
  originalOffset: string | null;
  message: KafkaMessage;
}

export interface DeadLetterSelection {
  /** Only records set aside at or after this time. */
  since?: Date;
  /** Only these records, as `partition:offset` on the dead-letter topic. */
  positions?: readonly string[];
  /** Only records set aside by this consumer group. */
  consumerGroup?: string;
}

const text = (value: Buffer | string | (Buffer | string)[] | undefined): string | null => {
  if (value === undefined) return null;
  return (Array.isArray(value) ? value[0] : value)?.toString() ?? null;
};

function toDeadLetter(topic: string, partition: number, message: KafkaMessage): DeadLetter {
  const headers = message.headers ?? {};
  const originalPartition = text(headers[DEAD_LETTER_HEADERS.originalPartition]);
  return {
    partition,
    offset: message.offset,
    deadLetteredAt: new Date(Number(message.timestamp)),
    key: message.key?.toString() ?? null,
    eventId: text(headers[CLOUDEVENTS_HEADERS.id]),
    type: text(headers[CLOUDEVENTS_HEADERS.type]),
    subject: text(headers[CLOUDEVENTS_HEADERS.subject]),
    reason: text(headers[DEAD_LETTER_HEADERS.error]) ?? '(no reason recorded)',
    consumerGroup: text(headers[DEAD_LETTER_HEADERS.consumerGroup]),
    originalTopic: text(headers[DEAD_LETTER_HEADERS.originalTopic]) ?? topic.replace(/\.DLT$/, ''),
    originalPartition: originalPartition === null ? null : Number(originalPartition),
    originalOffset: text(headers[DEAD_LETTER_HEADERS.originalOffset]),
    message,
  };
}

function selected(letter: DeadLetter, selection: DeadLetterSelection): boolean {
  if (selection.since && letter.deadLetteredAt < selection.since) return false;
  if (selection.positions && !selection.positions.includes(`${letter.partition}:${letter.offset}`))
    return false;
  if (selection.consumerGroup && letter.consumerGroup !== selection.consumerGroup) return false;
  return true;
}

/**
 * Every record on `<topic>.DLT` (give the event topic or the dead-letter topic itself), oldest first
 * per partition. Reads up to the end as it stands when called, with a consumer group of its own
 * that is deleted afterwards: nothing is committed for anyone else.
 */
export async function listDeadLetters(
  kafka: Kafka,
  topic: string,
  selection: DeadLetterSelection = {},
): Promise<DeadLetter[]> {
  const dlt = topic.endsWith('.DLT') ? topic : deadLetterTopic(topic);
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `dangvien.dlt-reader.${randomUUID()}`;
  try {
    const ends = (await admin.fetchTopicOffsets(dlt)).filter((p) => BigInt(p.high) > BigInt(p.low));
    if (ends.length === 0) return [];
    const remaining = new Map(ends.map((p) => [p.partition, BigInt(p.high)]));
    const letters: DeadLetter[] = [];
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: dlt, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timeout = setTimeout(
          () => reject(new Error(`reading ${dlt} did not reach its end within 60 s`)),
          60_000,
        );
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const end = remaining.get(partition);
              if (end === undefined) return;
              letters.push(toDeadLetter(dlt, partition, message));
              if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
              if (remaining.size === 0) {
                clearTimeout(timeout);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return letters.filter((letter) => selected(letter, selection));
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

export interface ReplayResult {
  letter: DeadLetter;
  /** Where the copy was written, or null in a dry run. */
  to: { topic: string; partition: number; offset: string } | null;
}

/**
 * Publishes the selected dead letters again, on their original topic, as they were: same key, value
 * and CloudEvents headers (so consumers that applied the event already skip it by its id), the
 * `dlt_*` headers replaced by REPLAYED_FROM_HEADER. The dead-letter topic itself is left as it is.
 */
export async function replayDeadLetters(
  kafka: Kafka,
  topic: string,
  selection: DeadLetterSelection & { dryRun?: boolean } = {},
): Promise<ReplayResult[]> {
  const letters = await listDeadLetters(kafka, topic, selection);
  if (selection.dryRun || letters.length === 0) return letters.map((letter) => ({ letter, to: null }));
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  try {
    const results: ReplayResult[] = [];
    for (const letter of letters) {
      const headers: IHeaders = {};
      for (const [name, value] of Object.entries(letter.message.headers ?? {})) {
        if (!name.startsWith('dlt_') && value !== undefined) headers[name] = value;
      }
      headers[REPLAYED_FROM_HEADER] =
        `${deadLetterTopic(letter.originalTopic)}@${letter.partition}:${letter.offset}`;
      const [written] = await producer.send({
        topic: letter.originalTopic,
        acks: -1,
        messages: [{ key: letter.message.key, value: letter.message.value, headers }],
      });
      results.push({
        letter,
        to: {
          topic: letter.originalTopic,
          partition: written!.partition,
          offset: written!.baseOffset ?? '?',
        },
      });
    }
    return results;
  } finally {
    await producer.disconnect();
  }
}
