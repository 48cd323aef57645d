import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@dangvien/contracts';
import type { BatchedReads } from '@dangvien/db';
import type { Logger } from '@dangvien/logger';
import { isRecordFault } from './errors';
import type { Mutex } from './mutex';
import { OUTBOX_DUE_FIELD, OUTBOX_FIELD, OUTBOX_PENDING_FIELD, OUTBOX_STUCK_FIELD } from './outbox';
import { createSentEvents, notDue } from './outbox-cleanup';
import type { StoredOutbox } from './outbox';
import type { EventProducer } from './producer';
import { backoffDelay, errorMessage, sleep } from './retry';
import type { BackoffOptions } from './retry';

type Collection = mongo.Collection;
type Filter = mongo.Filter<mongo.Document>;

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
  /** Events sent in one produce request at most (one request carries many documents' events). */
  sendBatch?: number;
  /**
   * The largest record the broker takes (its `max.message.bytes`, 1 MiB by default, less headers):
   * an event over it is marked stuck without being sent, and a request's records for one partition
   * stay under `maxBatchBytes`. Why not let the broker refuse: a refused record fails the whole
   * request while the broker keeps the other partitions' records, and the idempotent producer's
   * sequence numbers for those partitions are then out of step for good.
   */
  maxRecordBytes?: number;
  /** The events of one produce request at most, in bytes (see `maxRecordBytes`). */
  maxBatchBytes?: number;
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
  /** Documents known to hold events not on Kafka yet (scheduled, or found by the last sweep). */
  pendingDocuments: number;
  /** Documents whose events are on Kafka but still in the document (their clean-up trails). */
  sentDocuments: number;
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
  /** Resolves when nothing is left to send or to clean up, stuck documents aside. */
  idle(): Promise<void>;
  /** Relays every pending event of every collection now. */
  sweep(): Promise<void>;
  status(): OutboxStatus;
}

interface OutboxDocument {
  _id: unknown;
  outbox?: StoredOutbox;
  outboxPending?: number;
  outboxDue?: boolean;
  outboxStuck?: { reason: string; since: Date; attempts: number } | null;
}

interface Tracked {
  key: string;
  collection: Collection;
  id: unknown;
  /** Bumped by every schedule(): a write that lands while the document is being sent is not lost. */
  generation: number;
  /** Failed sends so far, and when the next attempt is due (ms since the epoch). */
  attempts: number;
  dueAt: number;
  stuck: { reason: string } | null;
}

/** A document read for sending: its unsent events in `sequence` order. */
interface Ready {
  entry: Tracked;
  generation: number;
  events: EventEnvelope[];
  wasStuck: boolean;
}

/**
 * Relays stored events to Kafka so that one document never holds up another, and sends them fast:
 * - documents read in one batched read, their events sent many documents to one produce request;
 *   a failed request is retried document by document, so a document whose records the broker will
 *   never take (too large, invalid) is found and **marked stuck** after a few attempts — counted,
 *   logged with the reason, shown in readiness — and tried again only now and then, while the rest go
 *   on. A broker that is down delays everything, each document on its own backoff;
 * - removing sent events from their documents trails the sends (an update per document, which
 *   costs a round of FerretDB's write gate): the relay remembers what it sent and never sends it
 *   twice; a crash before the clean-up re-sends on the next start (consumers deduplicate);
 * - within a document, events go out in `sequence` order, and a stuck document's later events wait
 *   behind the stuck one: per-aggregate order is never broken.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const log = options.logger.child({ component: 'outbox-relay' });
  const backoff = options.backoff ?? { initialMs: 200, maxMs: 10_000 };
  const sweepIntervalMs = options.sweepIntervalMs ?? 30_000;
  const pageSize = options.pageSize ?? 500;
  const sendBatch = options.sendBatch ?? 500;
  const maxAttempts = options.maxAttempts ?? 3;
  const maxRecordBytes = options.maxRecordBytes ?? 1_000_000;
  const maxBatchBytes = options.maxBatchBytes ?? 512_000;
  const stuckRetryIntervalMs = options.stuckRetryIntervalMs ?? 600_000;
  const serialise: Mutex = options.serialiseWrites ?? ((work) => work());
  const now = options.clock ?? Date.now;
  const tracked = new Map<string, Tracked>();
  const sent = createSentEvents(serialise);
  const abort = new AbortController();
  let worker: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let timers: NodeJS.Timeout[] = [];
  let sweepRequested = false;
  let retryStuckRequested = false;
  /** At start: by the count, a range (a full read on FerretDB), to find documents without the flag. */
  let fullSweepRequested = false;
  let busy = false;
  let lastError: string | null = null;
  const idleWaiters: (() => void)[] = [];

  const keyOf = (collection: Collection, id: unknown) =>
    `${collection.collectionName}\u0000${JSON.stringify(id)}`;
  const notify = () => wake?.();
  const waiting = () => [...tracked.values()].filter((t) => !t.stuck);
  const due = () => waiting().filter((t) => t.dueAt <= now());

  function track(collection: Collection, id: unknown): Tracked {
    const key = keyOf(collection, id);
    const existing = tracked.get(key);
    if (existing) return existing;
    const entry: Tracked = { key, collection, id, generation: 0, attempts: 0, dueAt: 0, stuck: null };
    tracked.set(key, entry);
    return entry;
  }

  /** Done with a document, unless it was scheduled again meanwhile (then it stays due). */
  function settle(entry: Tracked, generation: number): void {
    if (entry.generation === generation) tracked.delete(entry.key);
  }

  function settleIdle() {
    if (busy || sweepRequested || waiting().length > 0 || sent.size > 0) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  /** Stores the mark first, so a status that counts the document stuck is also what the database says. */
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

  /** A send of these documents failed: each is retried on its own backoff, or marked stuck. */
  async function failed(documents: Ready[], error: unknown): Promise<void> {
    const reason = errorMessage(error);
    lastError = reason;
    for (const { entry } of documents) {
      entry.attempts += 1;
      if (isRecordFault(error) && entry.attempts >= maxAttempts) await markStuck(entry, reason);
      else entry.dueAt = now() + backoffDelay(Math.min(entry.attempts - 1, 10), backoff);
    }
    log.warn(
      { documents: documents.length, err: reason },
      'send failed; retried per document, events stay stored',
    );
  }

  /** Sends the documents' events in as few requests as fit; isolates the document a request fails on. */
  async function send(documents: Ready[]): Promise<void> {
    const chunks: Ready[][] = [[]];
    let events = 0;
    let bytes = 0;
    for (const document of documents) {
      const sizes = document.events.map((event) => Buffer.byteLength(JSON.stringify(event)));
      const largest = Math.max(...sizes);
      if (largest > maxRecordBytes) {
        // Never sent: the broker would refuse it (see maxRecordBytes); the document waits, stuck.
        if (!document.entry.stuck) {
          await markStuck(
            document.entry,
            `The record is larger than the max message size the broker accepts: ${largest} bytes, over ${maxRecordBytes}`,
          );
        }
        continue;
      }
      const size = sizes.reduce((sum, n) => sum + n, 0);
      const full = events + document.events.length > sendBatch || bytes + size > maxBatchBytes;
      if (full && chunks.at(-1)!.length > 0) {
        chunks.push([]);
        events = 0;
        bytes = 0;
      }
      chunks.at(-1)!.push(document);
      events += document.events.length;
      bytes += size;
    }
    for (const chunk of chunks) {
      if (abort.signal.aborted) return;
      try {
        await options.producer.send(chunk.flatMap((d) => d.events));
      } catch (error) {
        // One document alone: it is the one. Several, for a fault of a record: find which, one by one.
        if (chunk.length > 1 && isRecordFault(error)) for (const document of chunk) await send([document]);
        else await failed(chunk, error);
        continue;
      }
      lastError = null;
      for (const { entry, generation, events: sentEvents, wasStuck } of chunk) {
        sent.add(entry.key, entry.collection, entry.id, sentEvents, wasStuck || Boolean(entry.stuck));
        if (entry.stuck) log.info({ id: entry.id }, 'stuck outbox document sent at last');
        entry.stuck = null;
        entry.attempts = 0;
        settle(entry, generation);
      }
    }
  }

  /** Relays the given tracked documents: one batched read per collection, then batched sends. */
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
        {
          projection: {
            [OUTBOX_FIELD]: 1,
            [OUTBOX_STUCK_FIELD]: 1,
            [OUTBOX_PENDING_FIELD]: 1,
            [OUTBOX_DUE_FIELD]: 1,
          },
        },
      );
      const found = new Map(docs.map((d) => [keyOf(collection, d._id), d]));
      const ready: Ready[] = [];
      const flagged: unknown[] = [];
      for (const entry of list) {
        const doc = found.get(entry.key);
        const already = sent.eventIdsOf(entry.key);
        const events = Object.values(doc?.outbox ?? {})
          .filter((event) => !already?.has(event.id))
          .sort((a, b) => a.sequence - b.sequence || a.time.localeCompare(b.time));
        // Flagged with nothing left (its clean-up stopped between its two writes): the flag goes.
        if (doc?.outboxDue && (doc.outboxPending ?? 0) === 0 && !already) flagged.push(doc._id);
        if (events.length === 0) settle(entry, generations.get(entry)!);
        else
          ready.push({
            entry,
            generation: generations.get(entry)!,
            events,
            wasStuck: Boolean(doc?.outboxStuck),
          });
      }
      if (flagged.length > 0)
        await serialise(() => collection.bulkWrite(flagged.map(notDue), { ordered: false }));
      await send(ready);
    }
  }

  /**
   * Finds documents with pending events, a page at a time, and relays them: by the due flag, an
   * index-served equality; `full` (at start), by the count, which also finds documents stored
   * before the flag existed.
   */
  async function sweepCollections(retryStuck: boolean, full: boolean): Promise<void> {
    for (const collection of options.collections) {
      let after: unknown = null;
      for (;;) {
        const filter: Filter = full ? { [OUTBOX_PENDING_FIELD]: { $gt: 0 } } : { [OUTBOX_DUE_FIELD]: true };
        if (after !== null) filter._id = { $gt: after } as never;
        const page = (await collection
          .find(filter, { projection: { _id: 1, [OUTBOX_STUCK_FIELD]: 1 } })
          .sort({ _id: 1 })
          .limit(pageSize)
          .toArray()) as OutboxDocument[];
        for (const doc of page) {
          // Sent and awaiting its clean-up: not read again now. A clean-up that finds events came
          // meanwhile hands the document back (cleanUp), and a write here schedules it anyway.
          if (sent.eventIdsOf(keyOf(collection, doc._id)) && !doc.outboxStuck) continue;
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
    let rounds = 0;
    while (!abort.signal.aborted) {
      const ready = due();
      if (!sweepRequested && ready.length === 0 && sent.size === 0) {
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
      rounds += 1;
      try {
        // Sends first; the clean-up in between, so it never waits forever under load.
        if (ready.length > 0) await relayTracked(ready.slice(0, 2_000));
        if (sent.size > 0 && (ready.length === 0 || sent.size >= 2_000 || rounds % 4 === 0)) {
          // With nothing to send, the whole backlog (100 documents a write) until something is due.
          do {
            for (const { collection, id } of await sent.cleanUp()) track(collection, id);
          } while (sent.size > 0 && ready.length === 0 && due().length === 0 && !abort.signal.aborted);
        }
        // A sweep only once the clean-up has caught up: until then the due flags it would read are
        // mostly those of documents already sent (after a bulk import, thousands), and on FerretDB
        // each page reads every flagged document again; a sweep then starved the clean-up for minutes.
        if (sweepRequested && sent.size === 0 && (ready.length === 0 || rounds % 10 === 0)) {
          const retryStuck = retryStuckRequested;
          sweepRequested = false;
          retryStuckRequested = false;
          const full = fullSweepRequested;
          await sweepCollections(retryStuck, full);
          if (full) fullSweepRequested = false;
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
      fullSweepRequested = true;
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
          { pendingDocuments: waiting().length, sentDocuments: sent.size },
          'relay stopped before draining; the rest is sent (again) on next start',
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
        sentDocuments: sent.size,
        stuckDocuments: stuck.length,
        stuckReason: stuck[0]?.stuck?.reason ?? null,
        lastError,
      };
    },
  };
}
