import type { Connection } from 'mongoose';
import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import {
  CLOUDEVENTS_HEADERS,
  DEAD_LETTER_HEADERS,
  deadLetterTopic,
  fromKafkaRecord,
  InvalidEventError,
  isEventType,
} from '@dangvien/contracts';
import type { EventData, EventEnvelope, EventType } from '@dangvien/contracts';
import type { Logger } from '@dangvien/logger';
import { createStoppableConsumer } from './client';
import { backoffDelay, errorMessage, sleep } from './retry';
import type { BackoffOptions } from './retry';

export interface HandlerContext {
  /** Name of the consumer (also its consumer group), e.g. `organisations.member-counts`. */
  consumer: string;
  topic: string;
  partition: number;
  offset: string;
  log: Logger;
}

export type EventHandler<T extends EventType = EventType> = (
  event: EventEnvelope<T> & { data: EventData<T> },
  context: HandlerContext,
) => Promise<void>;

export type EventHandlers = { [T in EventType]?: EventHandler<T> };

export interface IdempotentConsumerOptions {
  kafka: Kafka;
  /** The consumer's name; used as its consumer group and as the scope of its processed-event ids. */
  name: string;
  topics: string[];
  handlers: EventHandlers;
  /** Database where processed event ids are kept (`processed_events`, unique per consumer and event). */
  db: Connection;
  /** Producer used for dead letters. */
  deadLetters: Producer;
  logger: Logger;
  /** In-process attempts before a message goes to the dead-letter topic. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  fromBeginning?: boolean;
}

export interface IdempotentConsumer {
  start(): Promise<void>;
  /** Finishes the message in hand, commits, leaves the group. */
  stop(): Promise<void>;
  readonly consumer: Consumer;
}

export const PROCESSED_EVENTS_COLLECTION = 'processed_events';

/**
 * A Kafka consumer that applies each event at most once per consumer name and never stops on a bad
 * message.
 *
 * - Processed event ids are stored in `processed_events` with `_id = "<consumer>:<event id>"`, the
 *   unique index every engine has. A redelivered or republished event is recognised and skipped.
 * - The id is written after the handler succeeded. Without multi-document transactions a crash
 *   between the two re-runs the handler on redelivery, so handlers must be idempotent in their own
 *   write (set-based projections are; a counter guards with the event id in the same document).
 * - Offsets are resolved only after a message was handled (or dead-lettered) and committed from
 *   those resolved offsets, so a crash re-delivers and never skips.
 * - An event type this build does not know (a newer producer's) is skipped, not dead-lettered.
 * - A message that cannot be decoded goes straight to `<topic>.DLT`; one whose handler keeps failing
 *   goes there after `maxAttempts` with backoff. The error and the origin ride in `dlt_*` headers,
 *   and the consumer carries on with the next message.
 */
export function createIdempotentConsumer(options: IdempotentConsumerOptions): IdempotentConsumer {
  const log = options.logger.child({ component: 'consumer', consumer: options.name });
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff = options.backoff ?? { initialMs: 100, maxMs: 5_000 };
  const abort = new AbortController();
  const { consumer, stop: stopConsumer } = createStoppableConsumer(options.kafka, { groupId: options.name });
  const processed = options.db.collection(PROCESSED_EVENTS_COLLECTION);

  async function alreadyProcessed(eventId: string): Promise<boolean> {
    return (await processed.findOne({ _id: `${options.name}:${eventId}` } as never)) !== null;
  }

  async function markProcessed(event: EventEnvelope, topic: string): Promise<void> {
    try {
      await processed.insertOne({
        _id: `${options.name}:${event.id}`,
        consumer: options.name,
        eventId: event.id,
        type: event.type,
        topic,
        processedAt: new Date(),
      } as never);
    } catch (error) {
      // Another replica (after a rebalance) recorded it first: the outcome is the same.
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }

  async function sendToDeadLetters(topic: string, partition: number, message: KafkaMessage, error: unknown) {
    const headers: IHeaders = {
      ...message.headers,
      [DEAD_LETTER_HEADERS.error]: errorMessage(error).slice(0, 2_000),
      [DEAD_LETTER_HEADERS.originalTopic]: topic,
      [DEAD_LETTER_HEADERS.originalPartition]: String(partition),
      [DEAD_LETTER_HEADERS.originalOffset]: message.offset,
      [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString(),
      [DEAD_LETTER_HEADERS.consumerGroup]: options.name,
    };
    await options.deadLetters.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    log.error(
      { topic, partition, offset: message.offset, err: errorMessage(error) },
      'message dead-lettered',
    );
  }

  async function handle(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    // An event type this build does not know yet (a newer producer): not ours to judge, skip it.
    const type = message.headers?.[CLOUDEVENTS_HEADERS.type]?.toString();
    if (type !== undefined && !isEventType(type)) {
      log.debug({ topic, partition, offset: message.offset, type }, 'unknown event type skipped');
      return;
    }
    let event: EventEnvelope;
    try {
      event = fromKafkaRecord(message);
    } catch (error) {
      if (error instanceof InvalidEventError) return sendToDeadLetters(topic, partition, message, error);
      throw error;
    }
    const handler = options.handlers[event.type] as EventHandler | undefined;
    if (!handler) return; // not an event this consumer cares about
    const context: HandlerContext = {
      consumer: options.name,
      topic,
      partition,
      offset: message.offset,
      log: log.child({ eventId: event.id, type: event.type }),
    };
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (await alreadyProcessed(event.id)) {
          context.log.debug('duplicate event skipped');
          return;
        }
        await handler(event, context);
        await markProcessed(event, topic);
        return;
      } catch (error) {
        if (attempt >= maxAttempts || abort.signal.aborted) {
          if (abort.signal.aborted) throw error; // leave it uncommitted; the next owner retries it
          return sendToDeadLetters(topic, partition, message, error);
        }
        const delay = backoffDelay(attempt - 1, backoff);
        context.log.warn({ err: errorMessage(error), attempt, retryInMs: delay }, 'handler failed; retrying');
        await sleep(delay, abort.signal);
      }
    }
  }

  return {
    consumer,
    async start() {
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
      await consumer.run({
        eachBatchAutoResolve: false,
        autoCommit: true,
        eachBatch: async ({
          batch,
          resolveOffset,
          heartbeat,
          commitOffsetsIfNecessary,
          isRunning,
          isStale,
        }) => {
          for (const message of batch.messages) {
            if (!isRunning() || isStale()) break;
            await handle(batch.topic, batch.partition, message);
            resolveOffset(message.offset);
            await commitOffsetsIfNecessary();
            await heartbeat();
          }
        },
      });
      log.info({ topics: options.topics }, 'consumer started');
    },
    async stop() {
      abort.abort();
      await stopConsumer();
    },
  };
}
