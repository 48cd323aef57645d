import type { Connection, mongo } from 'mongoose';
import type { BatchedReads } from '@dangvien/db';
import type { CalendarDate } from '@dangvien/domain';
import type { FiguresDelta } from '../domain/contribution';
import type { Counts } from '../domain/figure-keys';
import { createChangelog } from '../model/changelog';
import { currentId, figuresModel, yearId } from '../model/figures-document';
import type { FiguresDocument } from '../model/figures-document';
import { createRefresher } from '../model/refresher';

/** The figure changes one file version makes (one MemberFileChanged). */
export interface FiguresChange {
  memberId: string;
  version: number;
  deltas: FiguresDelta[];
}

/** A write was refused because another writer changed the document meanwhile: the batch is run again. */
export class FiguresConflict extends Error {}

interface Current {
  counts: Counts;
  years: number[];
  lastDate: string | null;
}

function add(target: Counts, counts: Counts, sign = 1): void {
  for (const [key, n] of Object.entries(counts)) target[key] = (target[key] ?? 0) + sign * n;
}

/**
 * The maintained statistics: written from the members' own file changes (figures-consumer.ts),
 * read from an in-memory copy of every organisation's current counts, kept current across replicas
 * through the changelog. Figures on a past date subtract what came after it, from the year documents.
 */
export function createFiguresStore(connection: Connection, reads: () => BatchedReads) {
  const model = figuresModel(connection);
  const collection = model.collection as unknown as mongo.Collection;
  const changelog = createChangelog(connection, 'figures', reads);
  const cache = new Map<string, Current>();
  const remember = (doc: FiguresDocument) =>
    cache.set(doc.organisationId, {
      counts: doc.counts ?? {},
      years: doc.years ?? [],
      lastDate: doc.lastDate ?? null,
    });
  const refresher = createRefresher({
    changelog,
    async loadAll() {
      const docs = await model
        .find({ kind: 'current' }, { seq: 0 })
        .batchSize(10_000)
        .lean<FiguresDocument[]>();
      cache.clear();
      for (const doc of docs) remember(doc);
    },
    async loadIds(ids) {
      const docs = await reads().byIds<FiguresDocument & mongo.Document>(collection, ids.map(currentId), {
        projection: { seq: 0 },
      });
      for (const doc of docs) remember(doc);
    },
  });

  async function yearDocuments(organisationIds: readonly string[], years: (current: Current) => number[]) {
    const ids = organisationIds.flatMap((id) => {
      const current = cache.get(id);
      return current ? years(current).map((year) => yearId(id, year)) : [];
    });
    const docs = ids.length
      ? await reads().byIds<FiguresDocument & mongo.Document>(collection, ids, { projection: { seq: 0 } })
      : [];
    return new Map(docs.map((doc) => [doc._id, doc]));
  }

  return {
    model,
    load: refresher.load,
    refresh: refresher.refresh,

    /**
     * Applies file changes to the figures, each once: per document, only the changes of a member
     * newer than the version it last applied there, in one single-document write per document that
     * also records those versions. One bulk write for the whole batch.
     */
    async apply(changes: readonly FiguresChange[]): Promise<void> {
      type Pending = {
        organisationId: string;
        year: number | null;
        counts: Counts;
        days: Record<string, Counts>;
        members: Map<string, number>;
        dates: string[];
      };
      const pending = new Map<string, Pending>();
      for (const change of changes) {
        for (const delta of change.deltas) {
          const year = Number(delta.date.slice(0, 4));
          for (const [id, y] of [
            [currentId(delta.organisationId), null],
            [yearId(delta.organisationId, year), year],
          ] as const) {
            const entry = pending.get(id) ?? {
              organisationId: delta.organisationId,
              year: y,
              counts: {},
              days: {},
              members: new Map(),
              dates: [],
            };
            entry.members.set(
              change.memberId,
              Math.max(entry.members.get(change.memberId) ?? 0, change.version),
            );
            pending.set(id, entry);
          }
        }
      }
      if (pending.size === 0) return;
      const stored = await reads().byIds<Pick<FiguresDocument, '_id' | 'seq' | 'version'> & mongo.Document>(
        collection,
        [...pending.keys()],
        { projection: { seq: 1, version: 1 } },
      );
      const found = new Map(stored.map((doc) => [doc._id, doc]));
      for (const change of changes) {
        for (const delta of change.deltas) {
          const year = Number(delta.date.slice(0, 4));
          for (const id of [currentId(delta.organisationId), yearId(delta.organisationId, year)]) {
            const applied = found.get(id)?.seq?.[change.memberId] ?? 0;
            if (change.version <= applied) continue;
            const entry = pending.get(id)!;
            if (entry.year === null) {
              add(entry.counts, delta.counts);
              entry.dates.push(delta.date);
            } else {
              add((entry.days[delta.date.slice(5)] ??= {}), delta.counts);
              add(entry.counts, delta.counts);
            }
          }
        }
      }
      const operations: mongo.AnyBulkWriteOperation[] = [];
      for (const [id, entry] of pending) {
        const doc = found.get(id);
        const fresh = [...entry.members].filter(([member, version]) => version > (doc?.seq?.[member] ?? 0));
        if (fresh.length === 0) continue;
        const $inc: Record<string, number> = { version: 1 };
        if (entry.year === null) {
          for (const [key, n] of Object.entries(entry.counts)) $inc[`counts.${key}`] = n;
        } else {
          for (const [day, counts] of Object.entries(entry.days)) {
            for (const [key, n] of Object.entries(counts)) $inc[`days.${day}.${key}`] = n;
          }
          for (const [key, n] of Object.entries(entry.counts)) $inc[`total.${key}`] = n;
        }
        const update: mongo.UpdateFilter<mongo.Document> = {
          $inc,
          $set: Object.fromEntries(fresh.map(([member, version]) => [`seq.${member}`, version])),
          $setOnInsert: {
            kind: entry.year === null ? 'current' : 'year',
            organisationId: entry.organisationId,
            year: entry.year,
          },
        };
        if (entry.year === null && entry.dates.length > 0) {
          update.$max = { lastDate: entry.dates.reduce((a, b) => (a > b ? a : b)) };
          update.$addToSet = {
            years: { $each: [...new Set(entry.dates.map((d) => Number(d.slice(0, 4))))] },
          };
        }
        operations.push({
          updateOne: {
            filter: (doc ? { _id: id, version: doc.version } : { _id: id }) as never,
            update,
            upsert: !doc,
          },
        });
      }
      if (operations.length === 0) return;
      const result = await collection.bulkWrite(operations, { ordered: false });
      const expected = operations.filter((op) => !('updateOne' in op && op.updateOne.upsert)).length;
      if (result.matchedCount < expected) {
        throw new FiguresConflict('figures changed meanwhile; the batch is applied again');
      }
      await changelog.record([...new Set([...pending.values()].map((e) => e.organisationId))]);
    },

    /** Own counts of each organisation on `date`, from the copy in memory and the year documents after it. */
    async countsOn(organisationIds: readonly string[], date: CalendarDate): Promise<Map<string, Counts>> {
      const year = Number(date.slice(0, 4));
      const later = (current: Current) =>
        current.lastDate && current.lastDate > date ? current.years.filter((y) => y >= year) : [];
      const docs = await yearDocuments(organisationIds, later);
      const result = new Map<string, Counts>();
      for (const id of organisationIds) {
        const current = cache.get(id);
        if (!current) continue;
        const years = later(current);
        if (years.length === 0) {
          result.set(id, current.counts);
          continue;
        }
        const counts = { ...current.counts };
        for (const y of years) {
          const doc = docs.get(yearId(id, y));
          if (!doc) continue;
          if (y > year) add(counts, doc.total ?? {}, -1);
          else
            for (const [day, delta] of Object.entries(doc.days ?? {}))
              if (`${y}-${day}` > date) add(counts, delta, -1);
        }
        result.set(id, counts);
      }
      return result;
    },

    /** Each organisation's changes by day from `from` to `to` (both included). */
    async changesBetween(organisationIds: readonly string[], from: CalendarDate, to: CalendarDate) {
      const [first, last] = [Number(from.slice(0, 4)), Number(to.slice(0, 4))];
      const docs = await yearDocuments(organisationIds, (c) =>
        c.years.filter((y) => y >= first && y <= last),
      );
      const result = new Map<string, { date: CalendarDate; counts: Counts }[]>();
      for (const doc of docs.values()) {
        const days = Object.entries(doc.days ?? {})
          .map(([day, counts]) => ({ date: `${doc.year}-${day}`, counts }))
          .filter((d) => d.date >= from && d.date <= to);
        result.set(doc.organisationId, [...(result.get(doc.organisationId) ?? []), ...days]);
      }
      return result;
    },
  };
}

export type FiguresStore = ReturnType<typeof createFiguresStore>;
