import { EVENT_TYPES, TOPICS } from '@dangvien/contracts';
import type { AnyEventEnvelope, EventEnvelope } from '@dangvien/contracts';
import { isDuplicateKey } from '@dangvien/db';
import type { ConsumerDefinition, Mutex } from '@dangvien/kafka';
import type { mongo } from 'mongoose';
import type { LocalityNodeDocument, OrganisationNodeDocument } from '../model/schemas';

export const ORGANISATION_TREE_CONSUMER = 'recruitment.organisation-tree';

/**
 * The current organisation tree and localities, from the organisations service's topic: what subtree
 * reads need (`ancestorIds`), the cell's level (a grassroots cell decides without a committee step),
 * the localities of a commune with their heads. A move rewrites the `ancestorIds` of everything below
 * the moved unit here and in the collections given (candidates, plans): organisations publishes no
 * event for the descendants.
 */
export function organisationTreeConsumer(deps: {
  organisations: mongo.Collection;
  localities: mongo.Collection;
  /** Other collections holding `ancestorIds` of organisations (candidates, plans). */
  followers: mongo.Collection[];
  exclusive: Mutex;
  name?: string;
}): ConsumerDefinition {
  const { organisations, localities } = deps;

  async function insertOnce(collection: mongo.Collection, doc: Record<string, unknown>) {
    try {
      await collection.insertOne(doc as never);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async function node(id: string): Promise<OrganisationNodeDocument | null> {
    return (await organisations.findOne({ _id: id } as never)) as unknown as OrganisationNodeDocument | null;
  }

  async function setOrganisation(id: string, sequence: number, fields: Partial<OrganisationNodeDocument>) {
    await organisations.updateOne({ _id: id, sequence: { $lt: sequence } } as never, {
      $set: { ...fields, sequence, updatedAt: new Date() },
    });
  }

  async function setLocality(id: string, sequence: number, update: Record<string, unknown>) {
    await localities.updateOne({ _id: id, sequence: { $lt: sequence } } as never, {
      $set: { ...update, sequence, updatedAt: new Date() },
    });
  }

  /** Every document below `movedId` gets the moved unit's new ancestry in place of the old one. */
  async function rewriteAncestry(movedId: string, ancestry: string[]) {
    for (const collection of [organisations, localities, ...deps.followers]) {
      const docs = (await collection
        .find({ ancestorIds: movedId } as never, { projection: { _id: 1, ancestorIds: 1 } })
        .toArray()) as unknown as {
        _id: string;
        ancestorIds: string[];
      }[];
      const writes = docs.map((doc) => {
        const at = doc.ancestorIds.indexOf(movedId);
        // ancestorIds run root first; what follows the moved unit is its own subtree, kept.
        const next = [...ancestry, ...doc.ancestorIds.slice(at + 1)];
        return { updateOne: { filter: { _id: doc._id } as never, update: { $set: { ancestorIds: next } } } };
      });
      if (writes.length > 0) await collection.bulkWrite(writes, { ordered: false });
    }
  }

  async function apply(event: AnyEventEnvelope): Promise<void> {
    switch (event.type) {
      case EVENT_TYPES.OrganisationCreated: {
        const d = event.data;
        const parent = d.parentId ? await node(d.parentId) : null;
        const ancestorIds = [...(parent ? parent.ancestorIds : d.path), d.organisationId];
        await insertOnce(organisations, {
          _id: d.organisationId,
          code: d.code,
          name: d.name,
          level: d.level,
          sector: d.sector,
          parentId: d.parentId,
          ancestorIds,
          dissolved: false,
          sequence: event.sequence,
          updatedAt: new Date(),
        });
        return;
      }
      case EVENT_TYPES.OrganisationRenamed:
        return setOrganisation(event.subject, event.sequence, { name: event.data.name });
      case EVENT_TYPES.OrganisationReleveled:
        return setOrganisation(event.subject, event.sequence, { level: event.data.level });
      case EVENT_TYPES.OrganisationDissolved:
        return setOrganisation(event.subject, event.sequence, { dissolved: true });
      case EVENT_TYPES.OrganisationMoved: {
        const current = await node(event.subject);
        if (!current || current.sequence >= event.sequence) return;
        const parent = await node(event.data.parentId);
        const ancestry = [...(parent ? parent.ancestorIds : event.data.path), event.subject];
        await setOrganisation(event.subject, event.sequence, { parentId: event.data.parentId });
        await rewriteAncestry(event.subject, ancestry);
        return;
      }
      case EVENT_TYPES.LocalityRegistered: {
        const d = event.data;
        const commune = await node(d.communeId);
        // An insert, not an upsert with $setOnInsert: FerretDB v1 drops the empty arrays of a
        // $setOnInsert (cellIds, heads). A duplicate key is this event applied before.
        await insertOnce(localities, {
          _id: d.localityId,
          code: d.code,
          name: d.name,
          kind: d.kind,
          communeId: d.communeId,
          ancestorIds: commune ? commune.ancestorIds : [d.communeId],
          cellIds: [],
          heads: [],
          dissolved: false,
          sequence: event.sequence,
          updatedAt: new Date(),
        });
        return;
      }
      case EVENT_TYPES.LocalityRenamed:
        return setLocality(event.subject, event.sequence, { name: event.data.name });
      case EVENT_TYPES.LocalityMoved: {
        const commune = await node(event.data.communeId);
        return setLocality(event.subject, event.sequence, {
          communeId: event.data.communeId,
          ancestorIds: commune ? commune.ancestorIds : [event.data.communeId],
        });
      }
      case EVENT_TYPES.LocalityCoverageChanged:
        return setLocality(event.subject, event.sequence, { cellIds: event.data.cellIds });
      case EVENT_TYPES.LocalityHeadAppointed: {
        const doc = (await localities.findOne({
          _id: event.subject,
        } as never)) as unknown as LocalityNodeDocument | null;
        if (!doc || doc.sequence >= event.sequence) return;
        const { headName, memberId, termStart, termEnd } = event.data;
        const heads = [
          ...doc.heads.filter((h) => h.termStart !== termStart),
          { headName, memberId, termStart, termEnd },
        ].sort((a, b) => a.termStart.localeCompare(b.termStart));
        return setLocality(event.subject, event.sequence, { heads });
      }
      case EVENT_TYPES.LocalityDissolved:
        return setLocality(event.subject, event.sequence, { dissolved: true });
      default:
        return;
    }
  }

  return {
    name: deps.name ?? ORGANISATION_TREE_CONSUMER,
    topics: [TOPICS.organisations],
    handlers: Object.fromEntries(
      [
        EVENT_TYPES.OrganisationCreated,
        EVENT_TYPES.OrganisationRenamed,
        EVENT_TYPES.OrganisationReleveled,
        EVENT_TYPES.OrganisationDissolved,
        EVENT_TYPES.OrganisationMoved,
        EVENT_TYPES.LocalityRegistered,
        EVENT_TYPES.LocalityRenamed,
        EVENT_TYPES.LocalityMoved,
        EVENT_TYPES.LocalityCoverageChanged,
        EVENT_TYPES.LocalityHeadAppointed,
        EVENT_TYPES.LocalityDissolved,
      ].map((type) => [
        type,
        (event: EventEnvelope) => deps.exclusive(() => apply(event as AnyEventEnvelope)),
      ]),
    ),
  };
}
