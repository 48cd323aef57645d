import type { Collection } from 'mongoose';
import type { EventEnvelope } from '@dangvien/contracts';
import type { Logger } from '@dangvien/logger';
import type { EventProducer } from './producer';
import { backoffDelay, errorMessage, sleep } from './retry';
import type { BackoffOptions } from './retry';
import type { Mutex } from './mutex';

/**
 * The transactional outbox, without transactions.
 *
 * FerretDB (and a MongoDB standalone) has no multi-document transactions, so pending events live
 * inside the aggregate's own document, in a map keyed by event id: the state change and its
 * events are one single-document write, which is atomic on both engines. `outboxPending` counts
 * the entries so a sweep can find documents with work left.
 *
 * Entries are removed one by one with `$unset` after the broker acknowledged them, guarded by
 * `$exists` so a relay that races another (two replicas, or a sweep and a scheduled flush)
 * decrements the counter once. A conditional `$pull` on an array would be simpler but silently
 * does nothing on FerretDB v1.
 *
 * Delivery is at least once: an event may be sent twice (crash after the ack, before the unset);
 * consumers deduplicate on the CloudEvents id.
 */
export const OUTBOX_FIELD = 'outbox';
export const OUTBOX_PENDING_FIELD = 'outboxPending';

export type StoredOutbox = Record<string, EventEnvelope>;

/** Fields to put in a new document so that it is created with its events. */
export function outboxFields(events: EventEnvelope[]): { outbox: StoredOutbox; outboxPending: number } {
  return { outbox: Object.fromEntries(events.map((e) => [e.id, e])), outboxPending: events.length };
}

/** Update operators that add `events` to an existing document's outbox; merge into the state update. */
export function outboxUpdate(events: EventEnvelope[]): {
  $set: Record<string, EventEnvelope>;
  $inc: Record<string, number>;
} {
  return {
    $set: Object.fromEntries(events.map((e) => [`${OUTBOX_FIELD}.${e.id}`, e])),
    $inc: { [OUTBOX_PENDING_FIELD]: events.length },
  };
}

export interface OutboxRelayOptions {
  producer: EventProducer;
  /** Collections whose documents carry an outbox. */
  collections: Collection[];
  logger: Logger;
  /** Crash recovery: how often to look for documents with pending events. Not a polling loop for fresh writes. */
  sweepIntervalMs?: number;
  backoff?: BackoffOptions;
  /**
   * Wraps the relay's own writes (removing sent events). Pass the mutex the service's writes use
   * when the database may lose concurrent updates of one document (FerretDB v1; see mutex.ts).
   */
  serialiseWrites?: Mutex;
}

export interface OutboxRelay {
  start(): Promise<void>;
  /** Stops after the current send; pending events stay stored and go out on next start. */
  stop(): Promise<void>;
  /** Call right after a write that filled an outbox: relays it now, without waiting for a sweep. */
  schedule(collection: Collection, id: unknown): void;
  /** Resolves when nothing is scheduled or being sent (tests, graceful shutdown). */
  idle(): Promise<void>;
  /** Relays every pending event of every collection now. */
  sweep(): Promise<void>;
  /** Pending events per collection, for readiness and metrics. */
  pendingCount(): Promise<number>;
}

interface OutboxDocument {
  _id: unknown;
  outbox?: StoredOutbox;
}

export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const log = options.logger.child({ component: 'outbox-relay' });
  const backoff = options.backoff ?? { initialMs: 200, maxMs: 5_000 };
  const sweepIntervalMs = options.sweepIntervalMs ?? 30_000;
  const serialise: Mutex = options.serialiseWrites ?? ((work) => work());
  // Scheduled ids per collection; the worker drains them in batches (one `$in` read per collection).
  const scheduled = new Map<Collection, Map<string, unknown>>();
  const abort = new AbortController();
  let worker: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let sweepTimer: NodeJS.Timeout | null = null;
  let sweepRequested = false;
  let busy = false;
  const idleWaiters: (() => void)[] = [];

  function notify() {
    wake?.();
  }

  function settleIdle() {
    if (busy || sweepRequested || [...scheduled.values()].some((m) => m.size > 0)) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  async function relayDocuments(collection: Collection, filter: Record<string, unknown>): Promise<number> {
    const docs = (await collection
      .find(filter, { projection: { [OUTBOX_FIELD]: 1 } })
      .toArray()) as unknown as OutboxDocument[];
    let sent = 0;
    for (const doc of docs) {
      const events = Object.values(doc.outbox ?? {}).sort(
        (a, b) => a.sequence - b.sequence || a.time.localeCompare(b.time),
      );
      if (events.length === 0) continue;
      await options.producer.send(events);
      // Acknowledged: remove exactly the entries that were sent (later writes may have added more).
      await serialise(() =>
        collection.bulkWrite(
          events.map((event) => ({
            updateOne: {
              filter: { _id: doc._id, [`${OUTBOX_FIELD}.${event.id}`]: { $exists: true } },
              update: {
                $unset: { [`${OUTBOX_FIELD}.${event.id}`]: '' },
                $inc: { [OUTBOX_PENDING_FIELD]: -1 },
              },
            },
          })) as never,
          { ordered: true },
        ),
      );
      sent += events.length;
    }
    return sent;
  }

  async function runOnce(): Promise<void> {
    if (sweepRequested) {
      sweepRequested = false;
      for (const collection of options.collections) {
        try {
          const sent = await relayDocuments(collection, { [OUTBOX_PENDING_FIELD]: { $gt: 0 } });
          if (sent > 0)
            log.info({ collection: collection.collectionName, sent }, 'sweep relayed pending events');
        } catch (error) {
          sweepRequested = true;
          throw error;
        }
      }
    }
    for (const [collection, ids] of scheduled) {
      if (ids.size === 0) continue;
      const batch = [...ids.entries()];
      ids.clear();
      try {
        await relayDocuments(collection, { _id: { $in: batch.map(([, id]) => id) } });
      } catch (error) {
        for (const [key, id] of batch) ids.set(key, id);
        throw error;
      }
    }
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (!abort.signal.aborted) {
      const hasWork = sweepRequested || [...scheduled.values()].some((m) => m.size > 0);
      if (!hasWork) {
        settleIdle();
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
        continue;
      }
      busy = true;
      try {
        await runOnce();
        if (failures > 0) log.info({ failures }, 'relay recovered');
        failures = 0;
      } catch (error) {
        const delay = backoffDelay(Math.min(failures, 10), backoff);
        failures += 1;
        log.warn(
          { err: errorMessage(error), failures, retryInMs: delay },
          'relay failed; events stay stored',
        );
        await sleep(delay, abort.signal);
      } finally {
        busy = false;
      }
    }
    settleIdle();
  }

  return {
    async start() {
      sweepRequested = true; // whatever a previous process left behind
      worker = loop();
      sweepTimer = setInterval(() => {
        sweepRequested = true;
        notify();
      }, sweepIntervalMs);
      sweepTimer.unref();
    },
    async stop() {
      abort.abort();
      if (sweepTimer) clearInterval(sweepTimer);
      notify();
      await worker;
      for (const resolve of idleWaiters.splice(0)) resolve();
    },
    schedule(collection, id) {
      const ids = scheduled.get(collection) ?? new Map<string, unknown>();
      ids.set(String(id), id);
      scheduled.set(collection, ids);
      notify();
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
    async sweep() {
      sweepRequested = true;
      notify();
      await this.idle();
    },
    async pendingCount() {
      let total = 0;
      for (const collection of options.collections) {
        const docs = await collection
          .find({ [OUTBOX_PENDING_FIELD]: { $gt: 0 } }, { projection: { [OUTBOX_PENDING_FIELD]: 1 } })
          .toArray();
        total += docs.reduce((sum, d) => sum + Number(d[OUTBOX_PENDING_FIELD] ?? 0), 0);
      }
      return total;
    },
  };
}
