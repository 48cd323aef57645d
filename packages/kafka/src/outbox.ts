import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@dangvien/contracts';
import type { BatchedReads } from '@dangvien/db';
import type { Logger } from '@dangvien/logger';
import { isRecordFault } from './errors';
import type { Mutex } from './mutex';
import type { EventProducer } from './producer';
import { backoffDelay, errorMessage, sleep } from './retry';
import type { BackoffOptions } from './retry';

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
/** Set on a document whose events cannot be sent: why, since when, how many attempts. */
export const OUTBOX_STUCK_FIELD = 'outboxStuck';

export type StoredOutbox = Record<string, EventEnvelope>;

type Collection = mongo.Collection;
type Filter = mongo.Filter<mongo.Document>;
type Update = mongo.UpdateFilter<mongo.Document>;

/** Fields to put in a new document so that it is created with its events. */
export function outboxFields(events: readonly EventEnvelope[]): {
  outbox: StoredOutbox;
  outboxPending: number;
} {
  return { outbox: Object.fromEntries(events.map((e) => [e.id, e])), outboxPending: events.length };
}

/** `update` with `events` added to the document's outbox, in the same single-document write. */
export function withOutbox(update: Update, events: readonly EventEnvelope[]): Update {
  if (events.length === 0) return update;
  const $set = { ...(update.$set as Record<string, unknown> | undefined) };
  for (const event of events) $set[`${OUTBOX_FIELD}.${event.id}`] = event;
  const $inc = { ...(update.$inc as Record<string, number> | undefined) };
  $inc[OUTBOX_PENDING_FIELD] = ($inc[OUTBOX_PENDING_FIELD] ?? 0) + events.length;
  return { ...update, $set, $inc } as Update;
}

/**
 * The one write path for state that publishes events: the state change and its events are stored in
 * one single-document write, under the service's write mutex, and the document is handed to the relay
 * at once. Nothing is published that was not stored; nothing stored stays unpublished.
 */
export interface OutboxWriter {
  /** Inserts `document` with `events` in its outbox. A duplicate key is thrown as the driver's error. */
  insert(
    collection: Collection,
    document: mongo.Document & { _id: unknown },
    events: readonly EventEnvelope[],
  ): Promise<void>;
  /**
   * Applies `update` to the document `filter` matches (by `_id`, and usually a version guard), with
   * `events` added to its outbox. False when nothing matched: nothing was written.
   */
  update(
    collection: Collection,
    filter: { _id: unknown; [field: string]: unknown },
    update: Update,
    events: readonly EventEnvelope[],
  ): Promise<boolean>;
}

export function createOutboxWriter(options: {
  relay: Pick<OutboxRelay, 'schedule'>;
  serialise: Mutex;
}): OutboxWriter {
  const { relay, serialise } = options;
  return {
    async insert(collection, document, events) {
      await serialise(() =>
        collection.insertOne({ ...document, ...outboxFields(events) } as mongo.OptionalId<mongo.Document>),
      );
      if (events.length > 0) relay.schedule(collection, document._id);
    },
    async update(collection, filter, update, events) {
      const result = await serialise(() =>
        collection.updateOne(filter as Filter, withOutbox(update, events)),
      );
      if (result.matchedCount === 0) return false;
      if (events.length > 0) relay.schedule(collection, filter._id);
      return true;
    },
  };
}

export interface OutboxRelayOptions {
  producer: EventProducer;
  /** Collections whose documents carry an outbox. */
  collections: Collection[];
  /** The database's batched reads (known once it is connected). */
  reads: () => BatchedReads;
  logger: Logger;
  /** Crash recovery: how often to look for documents with pending events. Not a polling loop for fresh writes. */
  sweepIntervalMs?: number;
  /** Documents read per page of a sweep. */
  pageSize?: number;
  /** Failed sends of a document, for a fault of the record itself, before it is marked stuck. */
  maxAttempts?: number;
  /** How often a stuck document is tried again (a fix elsewhere, e.g. a larger broker limit, may free it). */
  stuckRetryIntervalMs?: number;
  /** Delay before retrying a document whose send failed (per document, capped). */
  backoff?: BackoffOptions;
  /**
   * Wraps the relay's own writes (removing sent events). Pass the mutex the service's writes use
   * when the database may lose concurrent updates of one document (FerretDB v1; see mutex.ts).
   */
  serialiseWrites?: Mutex;
  clock?: () => number;
}

export interface OutboxStatus {
  /** Documents known to hold unsent events (scheduled, or found by the last sweep). */
  pendingDocuments: number;
  /** Documents whose events cannot be sent; every other document's still are. */
  stuckDocuments: number;
  /** Why the first stuck document is stuck. */
  stuckReason: string | null;
  /** The last send failure of a document that is not stuck (e.g. the broker is down). */
  lastError: string | null;
}

export interface OutboxRelay {
  start(): Promise<void>;
  /**
   * Stops after relaying what is pending, for at most `drainMs` (default 10 s): events still
   * unsent then stay stored and go out on the next start.
   */
  stop(drainMs?: number): Promise<void>;
  /** Call right after a write that filled an outbox: relays it now, without waiting for a sweep. */
  schedule(collection: Collection, id: unknown): void;
  /** Resolves when nothing is scheduled or being sent, stuck documents aside (tests, graceful shutdown). */
  idle(): Promise<void>;
  /** Relays every pending event of every collection now. */
  sweep(): Promise<void>;
  status(): OutboxStatus;
}

interface OutboxDocument {
  _id: unknown;
  outbox?: StoredOutbox;
  outboxStuck?: { reason: string; since: Date; attempts: number } | null;
}

interface Tracked {
  collection: Collection;
  id: unknown;
  /** Bumped by every schedule(): a write that lands while the document is being sent is not lost. */
  generation: number;
  /** Failed sends so far, and when the next attempt is due (ms since the epoch). */
  attempts: number;
  dueAt: number;
  stuck: { reason: string } | null;
}

/**
 * Relays stored events to Kafka, one document at a time, so that one document never holds up
 * another: a document whose send fails is retried on its own backoff while the rest go on; one whose
 * records the broker will never take (too large, invalid) is marked stuck after a few attempts —
 * counted, logged with the reason and shown in readiness — and tried again only now and then.
 * Within a document, events go out in `sequence` order, and a stuck document's later events wait
 * behind the stuck one: per-aggregate order is never broken.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const log = options.logger.child({ component: 'outbox-relay' });
  const backoff = options.backoff ?? { initialMs: 200, maxMs: 10_000 };
  const sweepIntervalMs = options.sweepIntervalMs ?? 30_000;
  const pageSize = options.pageSize ?? 100;
  const maxAttempts = options.maxAttempts ?? 3;
  const stuckRetryIntervalMs = options.stuckRetryIntervalMs ?? 600_000;
  const serialise: Mutex = options.serialiseWrites ?? ((work) => work());
  const now = options.clock ?? Date.now;
  const tracked = new Map<string, Tracked>();
  const abort = new AbortController();
  let worker: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let timers: NodeJS.Timeout[] = [];
  let sweepRequested = false;
  let retryStuckRequested = false;
  let busy = false;
  let lastError: string | null = null;
  const idleWaiters: (() => void)[] = [];

  const keyOf = (collection: Collection, id: unknown) =>
    `${collection.collectionName}\u0000${JSON.stringify(id)}`;
  const notify = () => wake?.();
  const due = () => [...tracked.values()].filter((t) => !t.stuck && t.dueAt <= now());
  const waiting = () => [...tracked.values()].filter((t) => !t.stuck);

  function track(collection: Collection, id: unknown): Tracked {
    const key = keyOf(collection, id);
    const existing = tracked.get(key);
    if (existing) return existing;
    const entry: Tracked = { collection, id, generation: 0, attempts: 0, dueAt: 0, stuck: null };
    tracked.set(key, entry);
    return entry;
  }

  function settleIdle() {
    if (busy || sweepRequested || waiting().length > 0) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  /** Stores the mark first, so a status that counts the document stuck is what the database says too. */
  async function markStuck(entry: Tracked, reason: string): Promise<void> {
    log.error(
      { collection: entry.collection.collectionName, id: entry.id, attempts: entry.attempts, reason },
      'outbox document stuck: its events cannot be sent; other documents go on',
    );
    await serialise(() =>
      entry.collection.updateOne({ _id: entry.id } as Filter, {
        $set: { [OUTBOX_STUCK_FIELD]: { reason, since: new Date(now()), attempts: entry.attempts } },
      }),
    ).catch((error: unknown) => log.warn({ err: errorMessage(error) }, 'could not store the stuck mark'));
    entry.stuck = { reason };
  }

  /** Done with a document, unless it was scheduled again meanwhile (then it stays due). */
  function settle(entry: Tracked, generation: number): void {
    if (entry.generation === generation) tracked.delete(keyOf(entry.collection, entry.id));
  }

  /** Sends one document's events and removes them from its outbox. */
  async function relayDocument(entry: Tracked, doc: OutboxDocument, generation: number): Promise<void> {
    const events = Object.values(doc.outbox ?? {}).sort(
      (a, b) => a.sequence - b.sequence || a.time.localeCompare(b.time),
    );
    if (events.length === 0) return settle(entry, generation);
    try {
      await options.producer.send(events);
    } catch (error) {
      const reason = errorMessage(error);
      entry.attempts += 1;
      if (isRecordFault(error) && entry.attempts >= maxAttempts) return markStuck(entry, reason);
      entry.dueAt = now() + backoffDelay(Math.min(entry.attempts - 1, 10), backoff);
      lastError = reason;
      log.warn(
        { collection: entry.collection.collectionName, id: entry.id, attempts: entry.attempts, err: reason },
        'send failed; this document is retried on its own, events stay stored',
      );
      return;
    }
    // Acknowledged: remove exactly the entries that were sent (later writes may have added more).
    await serialise(() =>
      entry.collection.bulkWrite(
        [
          ...events.map((event) => ({
            updateOne: {
              filter: { _id: doc._id, [`${OUTBOX_FIELD}.${event.id}`]: { $exists: true } } as Filter,
              update: {
                $unset: { [`${OUTBOX_FIELD}.${event.id}`]: '' },
                $inc: { [OUTBOX_PENDING_FIELD]: -1 },
              },
            },
          })),
          ...(doc.outboxStuck
            ? [
                {
                  updateOne: {
                    filter: { _id: doc._id } as Filter,
                    update: { $unset: { [OUTBOX_STUCK_FIELD]: '' } },
                  },
                },
              ]
            : []),
        ],
        { ordered: true },
      ),
    );
    if (entry.stuck || doc.outboxStuck) log.info({ id: entry.id }, 'stuck outbox document sent at last');
    entry.stuck = null;
    entry.attempts = 0;
    settle(entry, generation);
    lastError = null;
  }

  /** Relays the given tracked documents: one batched read per collection, then each on its own. */
  async function relayTracked(entries: Tracked[]): Promise<void> {
    const byCollection = new Map<Collection, Tracked[]>();
    for (const entry of entries)
      byCollection.set(entry.collection, [...(byCollection.get(entry.collection) ?? []), entry]);
    for (const [collection, list] of byCollection) {
      // What was scheduled before this read is covered by it.
      const generations = new Map(list.map((entry) => [entry, entry.generation]));
      const docs = await options.reads().byIds<OutboxDocument & mongo.Document>(
        collection,
        list.map((e) => e.id),
        { projection: { [OUTBOX_FIELD]: 1, [OUTBOX_STUCK_FIELD]: 1 } },
      );
      const found = new Map(docs.map((d) => [keyOf(collection, d._id), d]));
      for (const entry of list) {
        if (abort.signal.aborted) return;
        const doc = found.get(keyOf(collection, entry.id));
        if (doc) await relayDocument(entry, doc, generations.get(entry)!);
        else settle(entry, generations.get(entry)!);
      }
    }
  }

  /** Finds documents with pending events, a page at a time, and tracks them. */
  async function sweepCollections(retryStuck: boolean): Promise<void> {
    for (const collection of options.collections) {
      let after: unknown = null;
      for (;;) {
        const filter: Filter = { [OUTBOX_PENDING_FIELD]: { $gt: 0 } };
        if (after !== null) filter._id = { $gt: after } as never;
        const page = (await collection
          .find(filter, { projection: { _id: 1, [OUTBOX_STUCK_FIELD]: 1 } })
          .sort({ _id: 1 })
          .limit(pageSize)
          .toArray()) as OutboxDocument[];
        for (const doc of page) {
          const entry = track(collection, doc._id);
          if (doc.outboxStuck && !entry.stuck && !retryStuck)
            entry.stuck = { reason: doc.outboxStuck.reason };
          if (retryStuck && entry.stuck) {
            entry.stuck = null;
            entry.attempts = 0;
            entry.dueAt = 0;
          }
        }
        await relayTracked(due());
        if (page.length < pageSize || abort.signal.aborted) break;
        after = page[page.length - 1]!._id;
      }
    }
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (!abort.signal.aborted) {
      const ready = due();
      if (!sweepRequested && ready.length === 0) {
        settleIdle();
        const next = Math.min(...waiting().map((t) => t.dueAt));
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (Number.isFinite(next)) setTimeout(resolve, Math.max(0, next - now())).unref();
        });
        wake = null;
        continue;
      }
      busy = true;
      try {
        if (ready.length > 0) await relayTracked(ready);
        if (sweepRequested) {
          const retryStuck = retryStuckRequested;
          sweepRequested = false;
          retryStuckRequested = false;
          await sweepCollections(retryStuck);
        }
        failures = 0;
      } catch (error) {
        // The database is unreachable (reads and clean-ups): wait, then go on where it stopped.
        const delay = backoffDelay(Math.min(failures, 10), backoff);
        failures += 1;
        sweepRequested = true;
        lastError = errorMessage(error);
        log.warn({ err: lastError, failures, retryInMs: delay }, 'relay failed; events stay stored');
        await sleep(delay, abort.signal);
      } finally {
        busy = false;
      }
    }
    settleIdle();
  }

  return {
    async start() {
      sweepRequested = true; // whatever a previous process left behind, stuck documents included
      retryStuckRequested = true;
      worker = loop();
      timers = [
        setInterval(() => {
          sweepRequested = true;
          notify();
        }, sweepIntervalMs),
        setInterval(() => {
          sweepRequested = true;
          retryStuckRequested = true;
          notify();
        }, stuckRetryIntervalMs),
      ];
      for (const timer of timers) timer.unref();
    },
    async stop(drainMs = 10_000) {
      for (const timer of timers) clearInterval(timer);
      const drained = await Promise.race([this.idle().then(() => true), sleep(drainMs).then(() => false)]);
      if (!drained) {
        log.warn(
          { pendingDocuments: waiting().length },
          'relay stopped before draining; the rest is sent on next start',
        );
      }
      abort.abort();
      notify();
      await worker;
      for (const resolve of idleWaiters.splice(0)) resolve();
    },
    schedule(collection, id) {
      const entry = track(collection, id);
      entry.generation += 1;
      if (!entry.stuck) entry.dueAt = Math.min(entry.dueAt, now());
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
    status() {
      const stuck = [...tracked.values()].filter((t) => t.stuck);
      return {
        pendingDocuments: waiting().length,
        stuckDocuments: stuck.length,
        stuckReason: stuck[0]?.stuck?.reason ?? null,
        lastError,
      };
    },
  };
}
