import type { Connection, mongo } from 'mongoose';
import type { BatchedReads } from '@dangvien/db';
import type { CalendarDate } from '@dangvien/domain';
import { isDuplicateKey } from '@dangvien/db';
import { createChangelog } from '../model/changelog';
import { createRefresher } from '../model/refresher';
import { pendingEffectModel, treeModel, unknownUnitModel } from '../model/tree-document';
import type { StoredFact, TreeDocument } from '../model/tree-document';
import { Tree } from './tree';

/** Inserts `docs` unordered; the ids of those that already existed (every other failure throws). */
async function insertNew(collection: mongo.Collection, docs: ({ _id: string } & mongo.Document)[]) {
  if (docs.length === 0) return new Set<string>();
  try {
    await collection.insertMany(docs as never[], { ordered: false });
    return new Set<string>();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const failures = (error as { writeErrors?: { index: number } | { index: number }[] }).writeErrors;
    const list = Array.isArray(failures) ? failures : failures ? [failures] : [];
    return new Set(list.map((failure) => docs[failure.index]!._id));
  }
}

/** The tree projection's data access, and the in-memory tree every replica keeps current from it. */
export function createTreeStore(connection: Connection, reads: () => BatchedReads) {
  const model = treeModel(connection);
  const collection = model.collection as unknown as mongo.Collection;
  const pendingEffects = pendingEffectModel(connection);
  const unknownUnits = unknownUnitModel(connection);
  const changelog = createChangelog(connection, 'tree', reads);
  const tree = new Tree();
  const refresher = createRefresher({
    changelog,
    async loadAll() {
      const docs = await model.find({}).batchSize(10_000).lean<TreeDocument[]>();
      for (const doc of docs) tree.upsert(doc);
    },
    async loadIds(ids) {
      for (const doc of await reads().byIds<TreeDocument & mongo.Document>(collection, ids)) tree.upsert(doc);
    },
  });

  return {
    model,
    tree,
    load: refresher.load,
    /** Brings the in-memory tree up to date with the projection (one read when nothing changed). */
    refresh: refresher.refresh,

    /**
     * Records facts (idempotent: keyed by event id), each with its effect on member files pending,
     * and which units changed.
     */
    async addFacts(
      facts: { organisationId: string; key: string; code?: string; fact: StoredFact }[],
    ): Promise<void> {
      if (facts.length === 0) return;
      const now = new Date();
      // Insert first (FerretDB runs an insert batch as one statement, each update on its own): units
      // the tree has not seen are inserted whole with their facts; the rest, and any a concurrent
      // writer inserted meanwhile, get all their facts of the batch in one update each.
      const byUnit = new Map<string, { code?: string; facts: Record<string, StoredFact> }>();
      for (const { organisationId, key, code, fact } of facts) {
        const entry = byUnit.get(organisationId) ?? { facts: {} };
        entry.facts[key] = fact;
        if (code) entry.code = code;
        byUnit.set(organisationId, entry);
      }
      const fresh = [...byUnit].filter(([unit]) => !tree.has(unit));
      const taken = await insertNew(
        collection,
        fresh.map(([unit, entry]) => ({
          _id: unit,
          code: entry.code ?? null,
          facts: entry.facts,
          updatedAt: now,
        })),
      );
      const updates = [...byUnit].filter(([unit]) => tree.has(unit) || taken.has(unit));
      if (updates.length > 0) {
        await collection.bulkWrite(
          updates.map(([unit, entry]) => ({
            updateOne: {
              filter: { _id: unit } as never,
              update: {
                $set: {
                  ...Object.fromEntries(
                    Object.entries(entry.facts).map(([key, fact]) => [`facts.${key}`, fact]),
                  ),
                  updatedAt: now,
                  ...(entry.code ? { code: entry.code } : {}),
                },
                ...(entry.code ? {} : { $setOnInsert: { code: null } }),
              },
              upsert: true,
            },
          })),
          { ordered: false },
        );
      }
      // A pending effect already stored is the same one (keyed by unit and fact).
      await insertNew(
        pendingEffects.collection as unknown as mongo.Collection,
        facts.map(({ organisationId, key, fact }) => ({
          _id: `${organisationId}:${key}`,
          organisationId,
          key,
          effectiveDate: fact.effectiveDate,
        })),
      );
      await changelog.record(facts.map((f) => f.organisationId));
      await refresher.refresh();
    },

    /** Facts whose effect on member files is not done, with the unit they are about. */
    async pending(): Promise<{ id: string; key: string; organisationId: string; effectiveDate: string }[]> {
      const docs = await pendingEffects.find({}).lean();
      return docs.map((doc) => ({
        id: doc._id,
        key: doc.key,
        organisationId: doc.organisationId,
        effectiveDate: doc.effectiveDate,
      }));
    },

    /** Notes the units files name that the tree does not know yet (see UnknownUnitDocument). */
    async noteUnknown(units: readonly string[], today: CalendarDate): Promise<void> {
      // Organisation events of different units come on different partitions: a cell may arrive
      // before its commune. A path then ends at the first unit the tree lacks (its top), which is
      // noted too, so that unit's arrival re-derives every file under it.
      const tops = units.map((unit) => tree.lineage(unit, today)[0] ?? unit);
      const missing = [...new Set([...units, ...tops])].filter((unit) => !tree.has(unit));
      if (missing.length === 0) return;
      await unknownUnits.collection.bulkWrite(
        missing.map((unit) => ({
          replaceOne: { filter: { _id: unit } as never, replacement: {}, upsert: true },
        })),
        { ordered: false },
      );
    },

    /** Of `units`, those some file named before the tree knew them (one batched read). */
    async unknownAmong(units: readonly string[]): Promise<string[]> {
      if (units.length === 0) return [];
      const found = await reads().byIds<{ _id: string } & mongo.Document>(
        unknownUnits.collection as unknown as mongo.Collection,
        units,
      );
      return found.map((doc) => doc._id);
    },

    /** Forgets units noted as unknown, once the files naming them were re-derived. */
    async forgetUnknown(units: readonly string[]): Promise<void> {
      if (units.length > 0) await unknownUnits.collection.deleteMany({ _id: { $in: units } } as never);
    },

    /** Marks pending effects done, in one command. */
    async markApplied(ids: readonly string[]): Promise<void> {
      if (ids.length > 0) await pendingEffects.collection.deleteMany({ _id: { $in: ids } } as never);
    },
  };
}

export type TreeStore = ReturnType<typeof createTreeStore>;
