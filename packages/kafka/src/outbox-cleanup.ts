import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@dangvien/contracts';
import type { Mutex } from './mutex';
import { OUTBOX_DUE_FIELD, OUTBOX_FIELD, OUTBOX_PENDING_FIELD, OUTBOX_STUCK_FIELD } from './outbox';

type Collection = mongo.Collection;
type Filter = mongo.Filter<mongo.Document>;

/** Events of one document on Kafka, to be removed from it. */
interface Sent {
  collection: Collection;
  id: unknown;
  eventIds: Set<string>;
  /** Clear the stuck mark with them: the document was stuck and is sent at last. */
  wasStuck: boolean;
}

/**
 * What the relay has sent and not yet removed from the documents, and the removal itself. Removing is
 * an update per document — a round of FerretDB's write gate each — so it trails the sends instead of
 * slowing them: the relay skips what is listed here, and a crash before the removal only re-sends
 * (consumers deduplicate).
 */
/** Removes the due flag of a document with no entry left (none came since). */
export function notDue(id: unknown) {
  return {
    updateOne: {
      filter: { _id: id, [OUTBOX_PENDING_FIELD]: 0, [OUTBOX_DUE_FIELD]: true } as Filter,
      update: { $unset: { [OUTBOX_DUE_FIELD]: '' } },
    },
  };
}

export function createSentEvents(serialise: Mutex) {
  const sent = new Map<string, Sent>();

  /**
   * One update per document, guarded by every entry's existence (another replica may have raced)
   * and by the count: when these are all its entries (no event came meanwhile), the due flag goes
   * in the same write.
   */
  function whole(s: Sent) {
    return {
      updateOne: {
        filter: Object.fromEntries([
          ['_id', s.id],
          [OUTBOX_PENDING_FIELD, s.eventIds.size],
          ...[...s.eventIds].map((id) => [`${OUTBOX_FIELD}.${id}`, { $exists: true }]),
        ]) as Filter,
        update: {
          $unset: {
            ...Object.fromEntries([...s.eventIds].map((id) => [`${OUTBOX_FIELD}.${id}`, ''])),
            ...(s.wasStuck ? { [OUTBOX_STUCK_FIELD]: '' } : {}),
            [OUTBOX_DUE_FIELD]: '',
          },
          $inc: { [OUTBOX_PENDING_FIELD]: -s.eventIds.size },
        },
      },
    };
  }

  /**
   * Entry by entry, each guarded: for documents where the whole update matched nothing (events came
   * meanwhile, or another replica removed some); then the flag, if no entry is left.
   */
  function byEntry(s: Sent) {
    return [
      ...[...s.eventIds].map((id) => ({
        updateOne: {
          filter: { _id: s.id, [`${OUTBOX_FIELD}.${id}`]: { $exists: true } } as Filter,
          update: {
            $unset: {
              [`${OUTBOX_FIELD}.${id}`]: '',
              ...(s.wasStuck ? { [OUTBOX_STUCK_FIELD]: '' } : {}),
            },
            $inc: { [OUTBOX_PENDING_FIELD]: -1 },
          },
        },
      })),
      notDue(s.id),
    ];
  }

  return {
    get size() {
      return sent.size;
    },
    eventIdsOf(key: string): ReadonlySet<string> | undefined {
      return sent.get(key)?.eventIds;
    },
    add(
      key: string,
      collection: Collection,
      id: unknown,
      events: readonly EventEnvelope[],
      wasStuck: boolean,
    ) {
      const entry = sent.get(key) ?? { collection, id, eventIds: new Set<string>(), wasStuck: false };
      for (const event of events) entry.eventIds.add(event.id);
      entry.wasStuck ||= wasStuck;
      sent.set(key, entry);
    },
    /**
     * Removes a batch of sent events from their documents (at most 100 documents at a time).
     * Returns the documents of a collection where not every whole removal matched: events may have
     * come meanwhile (another replica's write), so they are to be read again.
     */
    async cleanUp(): Promise<{ collection: Collection; id: unknown }[]> {
      const again: { collection: Collection; id: unknown }[] = [];
      const byCollection = new Map<Collection, [string, Sent][]>();
      for (const item of [...sent.entries()].slice(0, 100)) {
        byCollection.set(item[1].collection, [...(byCollection.get(item[1].collection) ?? []), item]);
      }
      for (const [collection, items] of byCollection) {
        const result = await serialise(() =>
          collection.bulkWrite(
            items.map(([, s]) => whole(s)),
            { ordered: false },
          ),
        );
        if (result.matchedCount < items.length) {
          await serialise(() =>
            collection.bulkWrite(
              items.flatMap(([, s]) => byEntry(s)),
              { ordered: false },
            ),
          );
          again.push(...items.map(([, s]) => ({ collection, id: s.id })));
        }
        for (const [key] of items) sent.delete(key);
      }
      return again;
    },
  };
}
