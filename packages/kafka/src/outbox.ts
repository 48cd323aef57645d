import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@dangvien/contracts';
import { withActiveTrace } from '@dangvien/observability';
import type { Mutex } from './mutex';
import type { OutboxRelay } from './outbox-relay';

/**
 * The transactional outbox, without transactions.
 *
 * FerretDB (and a MongoDB standalone) has no multi-document transactions, so pending events live
 * inside the aggregate's own document, in a map keyed by event id: the state change and its
 * events are one single-document write, which is atomic on both engines. `outboxPending` counts
 * the entries; `outboxDue` is true while there may be entries, so that the relay's periodic sweep
 * is an equality (index-served on both engines: a range such as `outboxPending > 0` makes FerretDB
 * read and decode every document of the collection at every sweep). The relay removes the flag in
 * the same write that removes the last entries, or, when events came meanwhile, once it finds the
 * count at 0.
 *
 * Entries are removed with `$unset` after the broker acknowledged them, guarded by `$exists` so a
 * relay that races another (two replicas) decrements the counter once. A conditional `$pull` on an
 * array would be simpler but silently does nothing on FerretDB v1. The relay is in outbox-relay.ts.
 *
 * Delivery is at least once: an event may be sent twice (crash after the ack, before the unset);
 * consumers deduplicate on the CloudEvents id.
 */
export const OUTBOX_FIELD = 'outbox';
export const OUTBOX_PENDING_FIELD = 'outboxPending';
/** True while the document may hold entries: what the periodic sweep looks for, by equality. */
export const OUTBOX_DUE_FIELD = 'outboxDue';
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
  outboxDue?: true;
} {
  return {
    outbox: Object.fromEntries(events.map((e) => [e.id, e])),
    outboxPending: events.length,
    ...(events.length > 0 ? { [OUTBOX_DUE_FIELD]: true as const } : {}),
  };
}

/** `update` with `events` added to the document's outbox, in the same single-document write. */
export function withOutbox(update: Update, events: readonly EventEnvelope[]): Update {
  if (events.length === 0) return update;
  const $set = { ...(update.$set as Record<string, unknown> | undefined) };
  for (const event of events) $set[`${OUTBOX_FIELD}.${event.id}`] = event;
  $set[OUTBOX_DUE_FIELD] = true;
  const $inc = { ...(update.$inc as Record<string, number> | undefined) };
  $inc[OUTBOX_PENDING_FIELD] = ($inc[OUTBOX_PENDING_FIELD] ?? 0) + events.length;
  return { ...update, $set, $inc } as Update;
}

/**
 * The one write path for state that publishes events: the state change and its events are stored in
 * one single-document write, under the service's write mutex, and the document is handed to the relay
 * at once. Nothing is published that was not stored; nothing stored stays unpublished. Each event
 * stores the trace of the command writing it (its `traceparent`), which the relay sends with it.
 */
export interface OutboxWriter {
  /** Inserts `document` with `events` in its outbox. A duplicate key is thrown as the driver's error. */
  insert(
    collection: Collection,
    document: mongo.Document & { _id: unknown },
    events: readonly EventEnvelope[],
  ): Promise<void>;
  /**
   * Inserts many new documents, each with its own events in its outbox, in one unordered bulk
   * insert (a bulk import). Documents whose `_id` (or another unique key) is taken are not
   * inserted; their indexes in `documents` are returned, and the rest are stored and relayed.
   */
  insertMany(
    collection: Collection,
    documents: readonly { document: mongo.Document & { _id: unknown }; events: readonly EventEnvelope[] }[],
  ): Promise<{ duplicates: number[] }>;
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
        collection.insertOne({
          ...document,
          ...outboxFields(withActiveTrace(events)),
        } as mongo.OptionalId<mongo.Document>),
      );
      if (events.length > 0) relay.schedule(collection, document._id);
    },
    async insertMany(collection, documents) {
      if (documents.length === 0) return { duplicates: [] };
      const duplicates: number[] = [];
      try {
        await serialise(() =>
          collection.insertMany(
            documents.map(
              ({ document, events }) =>
                ({
                  ...document,
                  ...outboxFields(withActiveTrace(events)),
                }) as mongo.OptionalId<mongo.Document>,
            ),
            { ordered: false },
          ),
        );
      } catch (error) {
        const failures = (error as { writeErrors?: { index: number; code?: number }[] }).writeErrors;
        if (!Array.isArray(failures) || failures.some((failure) => failure.code !== 11000)) throw error;
        duplicates.push(...failures.map((failure) => failure.index).sort((a, b) => a - b));
      }
      const skipped = new Set(duplicates);
      documents.forEach(({ document, events }, index) => {
        if (!skipped.has(index) && events.length > 0) relay.schedule(collection, document._id);
      });
      return { duplicates };
    },
    async update(collection, filter, update, events) {
      const result = await serialise(() =>
        collection.updateOne(filter as Filter, withOutbox(update, withActiveTrace(events))),
      );
      if (result.matchedCount === 0) return false;
      if (events.length > 0) relay.schedule(collection, filter._id);
      return true;
    },
  };
}
