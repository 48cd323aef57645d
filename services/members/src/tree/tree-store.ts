import type { Connection, mongo } from 'mongoose';
import type { BatchedReads } from '@dangvien/db';
import { createChangelog } from '../model/changelog';
import { createRefresher } from '../model/refresher';
import { pendingEffectModel, treeModel, unknownUnitModel } from '../model/tree-document';
import type { StoredFact, TreeDocument } from '../model/tree-document';
import { Tree } from './tree';

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
      await collection.bulkWrite(
        facts.map(({ organisationId, key, code, fact }) => ({
          updateOne: {
            filter: { _id: organisationId } as never,
            update: {
              $set: { [`facts.${key}`]: fact, updatedAt: now, ...(code ? { code } : {}) },
              ...(code ? {} : { $setOnInsert: { code: null } }),
            },
            upsert: true,
          },
        })),
        { ordered: true },
      );
      await pendingEffects.collection.bulkWrite(
        facts.map(({ organisationId, key, fact }) => ({
          replaceOne: {
            filter: { _id: `${organisationId}:${key}` } as never,
            replacement: { organisationId, key, effectiveDate: fact.effectiveDate },
            upsert: true,
          },
        })),
        { ordered: false },
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
    async noteUnknown(units: readonly string[]): Promise<void> {
      const missing = [...new Set(units)].filter((unit) => !tree.has(unit));
      if (missing.length === 0) return;
      await unknownUnits.collection.bulkWrite(
        missing.map((unit) => ({
          replaceOne: { filter: { _id: unit } as never, replacement: {}, upsert: true },
        })),
        { ordered: false },
      );
    },

    /** Of `units`, those some file named before the tree knew them; forgets them. */
    async takeUnknown(units: readonly string[]): Promise<string[]> {
      const found = await reads().byIds<{ _id: string } & mongo.Document>(
        unknownUnits.collection as unknown as mongo.Collection,
        units,
      );
      const ids = found.map((doc) => doc._id);
      if (ids.length > 0) await unknownUnits.collection.deleteMany({ _id: { $in: ids } } as never);
      return ids;
    },

    async markApplied(id: string): Promise<void> {
      await pendingEffects.collection.deleteOne({ _id: id } as never);
    },
  };
}

export type TreeStore = ReturnType<typeof createTreeStore>;
