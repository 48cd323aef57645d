import type { mongo } from 'mongoose';
import { insertNew } from '@dangvien/db';
import type { BatchedReads, Engine } from '@dangvien/db';
import type { EventEnvelope } from '@dangvien/contracts';
import type { Logger } from '@dangvien/logger';
import { errorMessage } from './retry';

export const PROCESSED_EVENTS_COLLECTION = 'processed_events';

/**
 * What a consumer has already applied, in its service's `processed_events` collection:
 * - one marker per applied event, `_id = "<consumer>:<event id>"`, with `expiresAt`: a redelivered or
 *   replayed event is recognised and skipped while its marker lives (the retention, 30 days by
 *   default, far beyond any redelivery);
 * - for consumers that keep per-aggregate order, one position per aggregate,
 *   `_id = "seq:<consumer>:<subject>"`, holding the highest `ce_sequence` applied. It never expires:
 *   an event older than the position is stale (a later state is already applied) and is skipped,
 *   however long ago it was sent.
 *
 * Cost per Kafka batch, the same on both engines: one batched read (positions of the batch's
 * aggregates; the markers only of events whose sequence equals their aggregate's position, the one
 * case a position cannot settle — and every marker for an unordered consumer) and writes that insert
 * first (`insertMany`, unordered), updating only the positions that already existed. An import, where
 * every aggregate is new, is then inserts only: on FerretDB an update costs a round of its write gate,
 * an insert does not.
 */
export interface ProcessedEvents {
  /** Event ids already applied, and the positions of the batch's aggregates. */
  lookup(events: readonly EventEnvelope[]): Promise<{ applied: Set<string>; positions: Map<string, number> }>;
  /** Records `events` as applied (and advances positions). */
  record(events: readonly EventEnvelope[]): Promise<void>;
}

type ProcessedDocument = { _id: string; eventId?: string; subject?: string; sequence?: number };

export function createProcessedEvents(options: {
  collection: mongo.Collection;
  reads: () => BatchedReads;
  consumer: string;
  ordered: boolean;
  retentionMs: number;
  clock?: () => Date;
}): ProcessedEvents {
  const { collection, consumer } = options;
  const now = options.clock ?? (() => new Date());
  const markerId = (eventId: string) => `${consumer}:${eventId}`;
  const positionId = (subject: string) => `seq:${consumer}:${subject}`;
  const read = (ids: string[]) =>
    options.reads().byIds<ProcessedDocument>(collection, ids, {
      projection: { _id: 1, eventId: 1, subject: 1, sequence: 1 },
    });

  return {
    async lookup(events) {
      const applied = new Set<string>();
      const positions = new Map<string, number>();
      if (options.ordered) {
        for (const doc of await read([...new Set(events.map((e) => positionId(e.subject)))])) {
          positions.set(doc.subject!, doc.sequence!);
        }
      }
      // Only an event at its aggregate's position may or may not be applied already (several events
      // can share a sequence); one below is stale, one above is new.
      const uncertain = options.ordered
        ? events.filter((e) => positions.get(e.subject) === e.sequence)
        : events;
      for (const doc of await read(uncertain.map((e) => markerId(e.id)))) applied.add(doc.eventId!);
      return { applied, positions };
    },

    async record(events) {
      if (events.length === 0) return;
      const at = now();
      const expiresAt = new Date(at.getTime() + options.retentionMs);
      // A marker that exists already (a batch re-run after a fault) is the same marker: nothing to do.
      await insertNew(
        collection,
        events.map((event) => ({
          _id: markerId(event.id),
          consumer,
          eventId: event.id,
          type: event.type,
          subject: event.subject,
          processedAt: at,
          expiresAt,
        })),
      );
      if (!options.ordered) return;
      const highest = new Map<string, number>();
      for (const e of events) highest.set(e.subject, Math.max(highest.get(e.subject) ?? -1, e.sequence));
      const existing = await insertNew(
        collection,
        [...highest].map(([subject, sequence]) => ({
          _id: positionId(subject),
          consumer,
          subject,
          sequence,
          updatedAt: at,
        })),
      );
      if (existing.size === 0) return;
      await collection.bulkWrite(
        [...highest]
          .filter(([subject]) => existing.has(positionId(subject)))
          .map(([subject, sequence]) => ({
            updateOne: {
              filter: { _id: positionId(subject) as never },
              update: { $max: { sequence }, $set: { updatedAt: at } },
            },
          })),
        { ordered: false },
      );
    },
  };
}

/**
 * Keeps `processed_events` from growing forever: markers expire `retentionMs` after they were
 * written. MongoDB does it with a TTL index; FerretDB v1 has none, so the service deletes expired
 * markers itself, every `intervalMs` (positions carry no `expiresAt` and stay).
 */
export function createProcessedEventsRetention(options: {
  collection: mongo.Collection;
  engine: () => Engine;
  logger: Logger;
  intervalMs?: number;
  clock?: () => Date;
}) {
  const log = options.logger.child({ component: 'processed-events-retention' });
  const now = options.clock ?? (() => new Date());
  let timer: NodeJS.Timeout | null = null;

  async function removeExpired(): Promise<number> {
    const result = await options.collection.deleteMany({ expiresAt: { $lt: now() } });
    if (result.deletedCount > 0)
      log.info({ removed: result.deletedCount }, 'expired processed-event markers removed');
    return result.deletedCount;
  }

  return {
    removeExpired,
    async start(): Promise<void> {
      if (options.engine() === 'mongodb') {
        await options.collection.createIndex(
          { expiresAt: 1 },
          { expireAfterSeconds: 0, name: 'processed_events_expiry' },
        );
        return;
      }
      await removeExpired();
      timer = setInterval(() => {
        removeExpired().catch((error: unknown) =>
          log.warn({ err: errorMessage(error) }, 'removing expired markers failed; retried next time'),
        );
      }, options.intervalMs ?? 3_600_000);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
