import type { mongo } from 'mongoose';
import type { Batch, Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import {
  CLOUDEVENTS_HEADERS,
  DEAD_LETTER_HEADERS,
  deadLetterTopic,
  fromKafkaRecord,
  InvalidEventError,
  isEventType,
} from '@dangvien/contracts';
import type { EventData, EventEnvelope, EventType } from '@dangvien/contracts';
import type { BatchedReads } from '@dangvien/db';
import type { Logger } from '@dangvien/logger';
import { inEventTrace, traceIdsOf } from '@dangvien/observability';
import { createStoppableConsumer } from './client';
import { EventRejected } from './errors';
import { createProcessedEvents } from './processed';
import { backoffDelay, errorMessage, sleep } from './retry';
import type { BackoffOptions } from './retry';
import { missingTopics, waitForTopics } from './topics';

export interface HandlerContext {
  /** Name of the consumer (also its consumer group), e.g. `organisations.member-counts`. */
  consumer: string;
  topic: string;
  partition: number;
  log: Logger;
}

export type EventHandler<T extends EventType = EventType> = (
  event: EventEnvelope<T> & { data: EventData<T> },
  context: HandlerContext,
) => Promise<void>;

export type EventHandlers = { [T in EventType]?: EventHandler<T> };

/**
 * Applies the new events of one partition's batch at once (one bulk write instead of one per event),
 * in partition order: events of one aggregate arrive in the order they were published. Duplicates
 * and (for an ordered consumer) stale events are already left out.
 */
export type BatchHandler = (events: EventEnvelope[], context: HandlerContext) => Promise<void>;

/** What a service declares about one of its consumers; the runtime builds it. */
export interface ConsumerDefinition {
  /** Its consumer group and the scope of its processed-event ids, e.g. `organisations.member-counts`. */
  name: string;
  topics: string[];
  /** One handler per event type, applied one event at a time; or `handleBatch`. */
  handlers?: EventHandlers;
  /** The event types `handleBatch` takes; others are skipped. */
  types?: readonly EventType[];
  handleBatch?: BatchHandler;
  /**
   * Per-aggregate order (default true): an event whose `ce_sequence` is below the highest already
   * applied for its subject is stale and skipped. Turn off only for a consumer that must see old
   * events replayed after newer ones (and is idempotent by event id).
   */
  ordered?: boolean;
  fromBeginning?: boolean;
}

export interface IdempotentConsumerOptions extends ConsumerDefinition {
  kafka: Kafka;
  /** The service's `processed_events` collection. */
  processed: mongo.Collection;
  /** The database's batched reads (known once it is connected). */
  reads: () => BatchedReads;
  /** Producer used for dead letters. */
  deadLetters: Producer;
  logger: Logger;
  /** How long processed-event markers are kept (default 30 days). */
  retentionMs?: number;
  /** Attempts at an event a handler rejects before it is dead-lettered (default 3). */
  maxRejections?: number;
  /** Backoff between retries of a failing batch (capped; retried without limit). */
  backoff?: BackoffOptions;
  /** Told of the events a batch applied, once they are recorded, with the consumer's name (metrics). */
  onApplied?: (consumer: string, events: readonly EventEnvelope[]) => void;
}

export type ConsumerState = 'idle' | 'waiting-for-topics' | 'running' | 'retrying' | 'stopped';

export interface ConsumerStatus {
  name: string;
  state: ConsumerState;
  /** Records behind the end of the partitions, as of the last batch (max over partitions). */
  lag: number;
  /** The fault being retried, while `retrying`. */
  error: string | null;
  /** Since when it has been retrying, ISO-8601. */
  retryingSince: string | null;
}

export interface IdempotentConsumer {
  readonly name: string;
  /**
   * Joins the group and starts consuming. When a topic it reads does not exist yet it resolves at
   * once, reports `waiting-for-topics`, and starts by itself once its owner has created it.
   */
  start(): Promise<void>;
  /** Finishes the batch in hand, commits, leaves the group. */
  stop(): Promise<void>;
  status(): ConsumerStatus;
  readonly consumer: Consumer;
}

/** A record as read: an event to apply, or what to do instead. */
type Item =
  | { kind: 'skip'; message: KafkaMessage }
  | { kind: 'dead'; message: KafkaMessage; error: unknown }
  | { kind: 'event'; message: KafkaMessage; event: EventEnvelope };

const HEARTBEAT_EVERY_MS = 2_000;

/**
 * A Kafka consumer that applies each event once per consumer name, keeps per-aggregate order, and
 * never loses an event to an outage.
 *
 * - Faults of the moment (database unreachable or slow, broker errors, network) and anything else
 *   unexpected are retried **without limit**: the partition is paused, resumed after a capped
 *   backoff and the batch re-read from the last committed position, while the consumer keeps
 *   heartbeating, so the group session survives any outage. Readiness reports the consumer as
 *   `retrying`. Nothing is dead-lettered for it.
 * - Only records that can never be processed go to `<topic>.DLT`: one that cannot be decoded or
 *   fails its JSON Schema (at once), and an event its handler rejects with `EventRejected` (after a
 *   few attempts). The error and the origin ride in `dlt_*` headers; the consumer carries on.
 * - Per batch: one read of what was already applied, the handlers, one bulk write recording it
 *   (see processed.ts). A crash between the handlers and that write re-runs the handlers on
 *   redelivery, so handlers must be idempotent in their own write (set-based projections are).
 * - Offsets are committed only after a record was applied, skipped or dead-lettered.
 * - An event type this build does not know (a newer producer's) is skipped.
 */
export function createIdempotentConsumer(options: IdempotentConsumerOptions): IdempotentConsumer {
  const log = options.logger.child({ component: 'consumer', consumer: options.name });
  const maxRejections = options.maxRejections ?? 3;
  const backoff = options.backoff ?? { initialMs: 200, maxMs: 10_000 };
  const ordered = options.ordered ?? true;
  const { consumer, stop: stopConsumer } = createStoppableConsumer(options.kafka, { groupId: options.name });
  const processed = createProcessedEvents({
    collection: options.processed,
    reads: options.reads,
    consumer: options.name,
    ordered,
    retentionMs: options.retentionMs ?? 30 * 86_400_000,
  });
  const abort = new AbortController();
  const wanted = new Set<string>(
    options.handleBatch ? (options.types ?? []) : Object.keys(options.handlers ?? {}),
  );
  const failures = new Map<string, { count: number; since: Date; error: string }>();
  const resumeTimers = new Set<NodeJS.Timeout>();
  const lag = new Map<string, number>();
  let state: ConsumerState = 'idle';

  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    lag.set(`${payload.topic}:${payload.partition}`, Number(payload.offsetLag));
  });

  function read(message: KafkaMessage): Item {
    // An event type this build does not know yet (a newer producer): not ours to judge, skip it.
    const type = message.headers?.[CLOUDEVENTS_HEADERS.type]?.toString();
    if (type !== undefined && !isEventType(type)) return { kind: 'skip', message };
    try {
      const event = fromKafkaRecord(message);
      return wanted.has(event.type) ? { kind: 'event', message, event } : { kind: 'skip', message };
    } catch (error) {
      if (error instanceof InvalidEventError) return { kind: 'dead', message, error };
      throw error;
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
    log.error({ topic, partition, offset: message.offset, err: errorMessage(error) }, 'record dead-lettered');
  }

  /** Runs `apply`; a rejection is retried a few times, then `onRejected` (false). Faults are thrown. */
  async function withRejections(apply: () => Promise<void>, onRejected: (error: unknown) => Promise<void>) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await apply();
        return true;
      } catch (error) {
        if (!(error instanceof EventRejected)) throw error;
        if (attempt >= maxRejections) {
          await onRejected(error);
          return false;
        }
        await sleep(backoffDelay(attempt - 1, { initialMs: 100, maxMs: 1_000 }), abort.signal);
      }
    }
  }

  /**
   * Applies one partition's batch in order and resolves offsets up to the last record handled.
   * Throws on a fault, after recording what was applied: the rest is read again after the backoff.
   */
  async function applyBatch(batch: Batch, resolveOffset: (offset: string) => void, alive: () => boolean) {
    const { topic, partition } = batch;
    const context: HandlerContext = { consumer: options.name, topic, partition, log };
    const items = batch.messages.map(read);
    const events = items.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
    const { applied, positions } =
      events.length > 0
        ? await processed.lookup(events)
        : { applied: new Set<string>(), positions: new Map() };
    // Decided once, in order: an event repeated within the batch, or older than one before it, is not new.
    const fresh = new Set<EventEnvelope>();
    for (const event of events) {
      const position = positions.get(event.subject);
      if (applied.has(event.id) || (ordered && position !== undefined && event.sequence < position)) continue;
      fresh.add(event);
      applied.add(event.id);
      positions.set(event.subject, Math.max(position ?? -1, event.sequence));
    }

    // In the trace of the command that produced the event: the handler's log lines name it.
    const apply = (event: EventEnvelope): Promise<void> =>
      inEventTrace(event, () =>
        options.handleBatch
          ? options.handleBatch([event], context)
          : (options.handlers![event.type] as EventHandler)(event as never, {
              ...context,
              log: log.child({ eventId: event.id, type: event.type }),
            }),
      );
    const done: EventEnvelope[] = [];
    let resolved: string | null = null;
    let fault: unknown = null;
    try {
      // A batch handler takes every new event at once; if it rejects one, they go one at a time.
      const together =
        options.handleBatch !== undefined &&
        fresh.size > 1 &&
        (await withRejections(
          () => options.handleBatch!([...fresh], context),
          async () => undefined,
        ));
      if (together) done.push(...fresh);
      for (const item of items) {
        if (!alive()) break;
        if (item.kind === 'dead') {
          await sendToDeadLetters(topic, partition, item.message, item.error);
        } else if (item.kind === 'event' && fresh.has(item.event) && !together) {
          const ok = await withRejections(
            () => apply(item.event),
            (error) => sendToDeadLetters(topic, partition, item.message, error),
          );
          if (ok) done.push(item.event);
        }
        resolved = item.message.offset;
      }
    } catch (error) {
      fault = error;
    }
    // What was applied is recorded even when a later record failed; if this write fails too,
    // nothing is resolved and the whole batch comes again (handlers are idempotent).
    await processed.record(done);
    if (done.length > 0) {
      options.onApplied?.(options.name, done);
      // The trace ids tie the events to the requests that caused them (a batch may hold many).
      log.info({ topic, partition, applied: done.length, traceIds: traceIdsOf(done) }, 'events applied');
    }
    if (resolved !== null) resolveOffset(resolved);
    if (fault !== null) throw fault;
  }

  let background: Promise<void> = Promise.resolve();

  async function run(): Promise<void> {
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
        pause,
      }) => {
        const key = `${batch.topic}:${batch.partition}`;
        // Heartbeats go on while a database call hangs: the group session outlives any outage.
        let heartbeatFailed = false;
        const ticker = setInterval(() => {
          heartbeat().catch(() => {
            heartbeatFailed = true; // a rebalance: stop here, the next owner goes on
          });
        }, HEARTBEAT_EVERY_MS);
        const alive = () => isRunning() && !isStale() && !heartbeatFailed && !abort.signal.aborted;
        try {
          await applyBatch(batch, resolveOffset, alive);
          if (failures.delete(key) && failures.size === 0) log.info('consumer recovered');
        } catch (error) {
          if (abort.signal.aborted) return;
          const failure = failures.get(key) ?? { count: 0, since: new Date(), error: '' };
          failure.count += 1;
          failure.error = errorMessage(error);
          failures.set(key, failure);
          const delay = backoffDelay(Math.min(failure.count - 1, 20), backoff);
          log[failure.count >= 5 ? 'error' : 'warn'](
            {
              topic: batch.topic,
              partition: batch.partition,
              err: failure.error,
              attempt: failure.count,
              retryInMs: delay,
            },
            'batch failed; partition paused, retried from the last committed offset',
          );
          const resume = pause();
          const timer = setTimeout(() => {
            resumeTimers.delete(timer);
            resume();
          }, delay);
          resumeTimers.add(timer);
        } finally {
          clearInterval(ticker);
          await commitOffsetsIfNecessary().catch(() => undefined);
        }
      },
    });
    state = 'running';
    log.info({ topics: options.topics }, 'consumer started');
  }

  return {
    name: options.name,
    consumer,
    status() {
      const failure = [...failures.values()].sort((a, b) => a.since.getTime() - b.since.getTime())[0];
      return {
        name: options.name,
        state: failure && state === 'running' ? 'retrying' : state,
        lag: Math.max(0, ...lag.values()),
        error: failure?.error ?? null,
        retryingSince: failure?.since.toISOString() ?? null,
      };
    },
    async start() {
      state = 'waiting-for-topics';
      if ((await missingTopics(options.kafka, options.topics)).length === 0) return run();
      log.warn({ topics: options.topics }, 'waiting for topics their owners have not created yet');
      background = waitForTopics(options.kafka, options.topics, { signal: abort.signal })
        .then(() => (abort.signal.aborted ? undefined : run()))
        .catch((error: unknown) => log.error({ err: errorMessage(error) }, 'consumer could not start'));
    },
    async stop() {
      abort.abort();
      for (const timer of resumeTimers) clearTimeout(timer);
      resumeTimers.clear();
      await background;
      await stopConsumer();
      state = 'stopped';
    },
  };
}
