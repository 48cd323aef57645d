import type { mongo } from 'mongoose';
import type { BatchedReads } from '@dangvien/db';
import type { PlanFact, PlanRecord } from '../domain/plans';
import { linkAncestors } from './province-links';
import type { PendingWrite, VersionedDocument } from './records';
import { loadDocuments, parseJson, saveDocuments } from './records';

export interface PlanDocument extends VersionedDocument {
  organisationId: string;
  year: number;
  facts: string;
  /** Every organisation its unit was ever under, and the unit: a province's plans in one read. */
  ancestorIds?: string[];
}

export interface PlanChange {
  planId: string;
  organisationId: string;
  year: number;
  fact: PlanFact;
}

/**
 * Admission plans as the recruitment service's events describe them: one document per plan with its
 * facts as JSON. A batch merges its facts into the documents it names and writes only those it
 * changed, so a batch applied again changes nothing.
 */
export function createPlanStore(deps: {
  plans: mongo.Collection;
  tree: mongo.Collection;
  reads: () => BatchedReads;
  /** Called after a batch changed a plan (projection-version.ts). */
  changed?: () => Promise<void>;
}) {
  async function apply(changes: readonly PlanChange[]): Promise<void> {
    if (changes.length === 0) return;
    const docs = await loadDocuments<PlanDocument>(
      deps.reads(),
      deps.plans,
      changes.map((c) => c.planId),
    );
    const merged = new Map<string, { change: PlanChange; facts: PlanFact[]; changed: boolean }>();
    for (const change of changes) {
      let entry = merged.get(change.planId);
      if (!entry) {
        const facts = parseJson<PlanFact[]>(docs.get(change.planId)?.facts, []);
        entry = { change, facts, changed: false };
        merged.set(change.planId, entry);
      }
      if (entry.facts.some((f) => f.e === change.fact.e)) continue;
      entry.facts.push(change.fact);
      // Sorted by sequence, then id: the same facts are the same text whatever order they came in.
      entry.facts.sort((a, b) => a.s - b.s || (a.e < b.e ? -1 : a.e > b.e ? 1 : 0));
      entry.changed = true;
    }
    const writes: PendingWrite[] = [...merged]
      .filter(([, entry]) => entry.changed)
      .map(([planId, { change, facts }]) => ({
        _id: planId,
        version: docs.get(planId)?.version ?? null,
        fields: {
          organisationId: change.organisationId,
          year: change.year,
          facts: JSON.stringify(facts),
        },
      }));
    await saveDocuments(deps.plans, writes);
    // A new plan is linked to its unit's ancestors once it exists: a tree write before this read is
    // seen here, one after it links the plan itself (by organisationId), so neither order loses it.
    const created = writes.filter((w) => w.version === null);
    if (created.length > 0) await link(created);
    // After the links: a reader that sees the new token finds the plan under its province.
    if (writes.length > 0) await deps.changed?.();
  }

  async function link(created: readonly PendingWrite[]): Promise<void> {
    const unitIds = [...new Set(created.map((w) => w.fields.organisationId as string))];
    const units = await loadDocuments<VersionedDocument & { ancestorIds: string[] }>(
      deps.reads(),
      deps.tree,
      unitIds,
    );
    await linkAncestors(
      deps.plans,
      unitIds.map((id) => ({ id, ancestorIds: units.get(id)?.ancestorIds ?? [] })),
      'organisationId',
    );
  }

  return {
    apply,
    /** Every plan of a unit ever under `rootId` (or of the root itself), in one indexed read. */
    async plansUnder(rootId: string): Promise<PlanRecord[]> {
      const docs = (await deps.plans
        .find({ ancestorIds: rootId } as never)
        .toArray()) as unknown as PlanDocument[];
      return docs.map((doc) => ({
        planId: doc._id,
        organisationId: doc.organisationId,
        year: doc.year,
        facts: parseJson<PlanFact[]>(doc.facts, []),
      }));
    },
  };
}

export type PlanStore = ReturnType<typeof createPlanStore>;
