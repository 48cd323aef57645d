import type { mongo } from 'mongoose';
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
 * Both are read in one batched read per Kafka batch and written in one bulk write.
 */
export interface ProcessedEvents {
  /** Event ids already applied, and the positions of the batch's aggregates. */
  lookup(events: readonly EventEnvelope[]): Promise<{ applied: Set<string>; positions: Map<string, number> }>;
  /** Records `events` as applied (and advances positions), in one unordered bulk write. */
  record(events: readonly EventEnvelope[]): Promise<void>;
}

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

  return {
    async lookup(events) {
      const ids = events.map((e) => markerId(e.id));
      if (options.ordered) ids.push(...new Set(events.map((e) => positionId(e.subject))));
      const docs = await options
        .reads()
        .byIds<{ _id: string; eventId?: string; subject?: string; sequence?: number }>(collection, ids, {
          projection: { _id: 1, eventId: 1, subject: 1, sequence: 1 },
        });
      const applied = new Set<string>();
      const positions = new Map<string, number>();
      for (const doc of docs) {
        if (doc.eventId !== undefined) applied.add(doc.eventId);
        else if (doc.subject !== undefined && doc.sequence !== undefined)
          positions.set(doc.subject, doc.sequence);
      }
      return { applied, positions };
    },

    async record(events) {
      if (events.length === 0) return;
      const at = now();
      const expiresAt = new Date(at.getTime() + options.retentionMs);
      const operations: mongo.AnyBulkWriteOperation[] = events.map((event) => ({
        updateOne: {
          filter: { _id: markerId(event.id) as never },
          update: {
            $setOnInsert: {
              consumer,
              eventId: event.id,
              type: event.type,
              subject: event.subject,
              processedAt: at,
              expiresAt,
            },
          },
          upsert: true,
        },
      }));
      if (options.ordered) {
        const highest = new Map<string, number>();
        for (const e of events) highest.set(e.subject, Math.max(highest.get(e.subject) ?? -1, e.sequence));
        for (const [subject, sequence] of highest) {
          operations.push({
            updateOne: {
              filter: { _id: positionId(subject) as never },
              update: { $max: { sequence }, $set: { consumer, subject, updatedAt: at } },
              upsert: true,
            },
          });
        }
      }
      await collection.bulkWrite(operations, { ordered: false });
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
