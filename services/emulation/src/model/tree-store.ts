import type { mongo } from 'mongoose';
import type { BatchedReads } from '@dangvien/db';
import type { LocalityFact, TreeFact } from '../domain/facts';
import { addFact } from '../domain/facts';
import type { LocalityRecord } from '../domain/localities';
import { communesOf } from '../domain/localities';
import type { OrganisationRecord } from '../domain/tree';
import { levelsOf } from '../domain/tree';
import { successorsIn } from '../domain/lineage';
import { linkAncestors } from './province-links';
import type { PendingWrite, VersionedDocument } from './records';
import { loadDocuments, parseJson, saveDocuments } from './records';

export interface TreeDocument extends VersionedDocument {
  facts: string;
  /** Every organisation that was ever above it: the key its province's subtree is read by. */
  ancestorIds: string[];
  isRoot: boolean;
  communeEver: boolean;
  /** The units it was merged or split into (lineage.ts successorsIn); `hasSuccessors` is the load key. */
  successorIds: string[];
  hasSuccessors: boolean;
}

export interface LocalityDocument extends VersionedDocument {
  facts: string;
  communeIds: string[];
}

export const toOrganisationRecord = (doc: TreeDocument): OrganisationRecord => ({
  id: doc._id,
  facts: parseJson<TreeFact[]>(doc.facts, []),
});
export const toLocalityRecord = (doc: LocalityDocument): LocalityRecord => ({
  id: doc._id,
  facts: parseJson<LocalityFact[]>(doc.facts, []),
});

/**
 * The organisation tree and the localities as the organisations service's events describe them.
 * A move publishes an event for the moved unit only, so its descendants' `ancestorIds` are widened
 * here: a union that only grows, the same whatever order the events arrive in.
 */
export function createTreeStore(deps: {
  tree: mongo.Collection;
  localities: mongo.Collection;
  orgMembers: mongo.Collection;
  /** Plans are linked to their unit's ancestors like its members (plan-store.ts). */
  plans: mongo.Collection;
  reads: () => BatchedReads;
  /** Called after a batch changed the tree or its localities (projection-version.ts). */
  changed?: () => Promise<void>;
}) {
  const { tree, localities } = deps;
  const link = async (links: { id: string; ancestorIds: string[] }[]) => {
    await linkAncestors(deps.orgMembers, links);
    await linkAncestors(deps.plans, links, 'organisationId');
  };

  async function applyTree(
    changes: readonly { id: string; fact: TreeFact; path: string[] }[],
  ): Promise<void> {
    if (changes.length === 0) return;
    const pathIds = changes.flatMap((c) => c.path);
    const docs = await loadDocuments<TreeDocument>(deps.reads(), tree, [
      ...changes.map((c) => c.id),
      ...pathIds,
    ]);
    const records = new Map<
      string,
      { doc: TreeDocument | undefined; facts: TreeFact[]; ancestors: Set<string> }
    >();
    const widenBelow = new Map<string, Set<string>>();
    for (const change of changes) {
      let entry = records.get(change.id);
      if (!entry) {
        const doc = docs.get(change.id);
        entry = {
          doc,
          facts: parseJson<TreeFact[]>(doc?.facts, []),
          ancestors: new Set(doc?.ancestorIds ?? []),
        };
        records.set(change.id, entry);
      }
      addFact(entry.facts, change.fact);
      // The path names its ancestors then; theirs may have grown since (a move of their own).
      const added = new Set<string>();
      for (const ancestor of change.path) {
        added.add(ancestor);
        docs.get(ancestor)?.ancestorIds.forEach((a) => added.add(a));
      }
      added.delete(change.id);
      added.forEach((a) => entry.ancestors.add(a));
      if (change.fact.k === 'MOVED') {
        const set = widenBelow.get(change.id) ?? new Set<string>();
        added.forEach((a) => set.add(a));
        widenBelow.set(change.id, set);
      }
    }
    const writes: PendingWrite[] = [];
    for (const [id, entry] of records) {
      const record = { id, facts: entry.facts };
      const successorIds = successorsIn(record);
      const fields = {
        facts: JSON.stringify(entry.facts),
        ancestorIds: [...entry.ancestors].sort(),
        isRoot: entry.facts.some((f) => f.k === 'CREATED' && f.parentId === null),
        communeEver: levelsOf(record).includes('COMMUNE'),
        successorIds,
        hasSuccessors: successorIds.length > 0,
      };
      const doc = entry.doc;
      const same =
        doc &&
        doc.facts === fields.facts &&
        doc.ancestorIds.join() === fields.ancestorIds.join() &&
        doc.isRoot === fields.isRoot &&
        (doc.successorIds ?? []).join() === successorIds.join();
      if (!same) writes.push({ _id: id, version: doc?.version ?? null, fields });
    }
    await saveDocuments(tree, writes);
    await link(writes.map((w) => ({ id: w._id, ancestorIds: w.fields.ancestorIds as string[] })));
    for (const [movedId, added] of widenBelow) {
      const below = (await tree
        .find({ ancestorIds: movedId } as never)
        .toArray()) as unknown as TreeDocument[];
      const widened = below.flatMap((doc) => {
        const missing = [...added].filter((a) => a !== doc._id && !doc.ancestorIds.includes(a));
        if (missing.length === 0) return [];
        return [
          {
            _id: doc._id,
            version: doc.version,
            fields: { ancestorIds: [...doc.ancestorIds, ...missing].sort() },
          },
        ];
      });
      await saveDocuments(tree, widened);
      await link(widened.map((w) => ({ id: w._id, ancestorIds: w.fields.ancestorIds })));
    }
    if (writes.length > 0) await deps.changed?.();
  }

  async function applyLocalities(changes: readonly { id: string; fact: LocalityFact }[]): Promise<void> {
    if (changes.length === 0) return;
    const docs = await loadDocuments<LocalityDocument>(
      deps.reads(),
      localities,
      changes.map((c) => c.id),
    );
    const merged = new Map<string, LocalityFact[]>();
    for (const change of changes) {
      const facts = merged.get(change.id) ?? parseJson<LocalityFact[]>(docs.get(change.id)?.facts, []);
      addFact(facts, change.fact);
      merged.set(change.id, facts);
    }
    const writes: PendingWrite[] = [];
    for (const [id, facts] of merged) {
      const text = JSON.stringify(facts);
      const doc = docs.get(id);
      if (doc?.facts === text) continue;
      writes.push({
        _id: id,
        version: doc?.version ?? null,
        fields: { facts: text, communeIds: communesOf({ id, facts }) },
      });
    }
    await saveDocuments(localities, writes);
    if (writes.length > 0) await deps.changed?.();
  }

  return {
    applyTree,
    applyLocalities,
    async load(ids: readonly string[]): Promise<Map<string, TreeDocument>> {
      return loadDocuments<TreeDocument>(deps.reads(), tree, ids);
    },
    /** The root of a tree by its code, once its creation has arrived. */
    async rootByCode(code: string): Promise<string | null> {
      const roots = (await tree.find({ isRoot: true } as never).toArray()) as unknown as TreeDocument[];
      const found = roots.find((doc) =>
        toOrganisationRecord(doc).facts.some((f) => f.k === 'CREATED' && f.code === code),
      );
      return found?._id ?? null;
    },
    /** Every organisation ever under `rootId`, and the root itself. */
    async loadUnder(rootId: string): Promise<OrganisationRecord[]> {
      const [root, below] = await Promise.all([
        tree.findOne({ _id: rootId } as never),
        tree.find({ ancestorIds: rootId } as never).toArray(),
      ]);
      return [...(root ? [root] : []), ...below].map((doc) =>
        toOrganisationRecord(doc as unknown as TreeDocument),
      );
    },
    /** The localities that ever belonged to one of these communes. */
    async localitiesOf(communeIds: readonly string[]): Promise<LocalityRecord[]> {
      if (communeIds.length === 0) return [];
      const docs = await deps.reads().byField<LocalityDocument>(localities, 'communeIds', communeIds);
      return docs.map(toLocalityRecord);
    },
  };
}

export type TreeStore = ReturnType<typeof createTreeStore>;
