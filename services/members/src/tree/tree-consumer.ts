import { EVENT_TYPES, TOPICS } from '@dangvien/contracts';
import type { AnyEventEnvelope, EventEnvelope } from '@dangvien/contracts';
import type { ConsumerDefinition } from '@dangvien/kafka';
import type { StoredFact, TreeFact } from '../model/tree-document';
import type { TreeEffects } from './tree-effects';
import type { TreeStore } from './tree-store';

export const TREE_CONSUMER = 'members.tree';

/**
 * A fact's key in its organisation's document: the organisation's version that produced it, which
 * is one per event (the same event sent again with a new id is the same fact).
 */
export const factKey = (sequence: number) => `v${sequence}`;

/** The fact an organisation event records, with the organisation it is about; null for other events. */
export function factOf(
  event: AnyEventEnvelope,
): { organisationId: string; code?: string; fact: TreeFact } | null {
  switch (event.type) {
    case EVENT_TYPES.OrganisationCreated: {
      const { organisationId, code, name, level, parentId } = event.data;
      return { organisationId, code, fact: { kind: 'created', code, name, level, parentId } };
    }
    case EVENT_TYPES.OrganisationRenamed:
      return { organisationId: event.data.organisationId, fact: { kind: 'renamed', name: event.data.name } };
    case EVENT_TYPES.OrganisationMoved:
      return {
        organisationId: event.data.organisationId,
        fact: { kind: 'moved', parentId: event.data.parentId },
      };
    case EVENT_TYPES.OrganisationReleveled:
      return {
        organisationId: event.data.organisationId,
        fact: { kind: 'releveled', level: event.data.level },
      };
    case EVENT_TYPES.OrganisationDissolved:
      return {
        organisationId: event.data.organisationId,
        fact: { kind: 'dissolved', cause: event.data.cause, successorIds: event.data.successorIds },
      };
    default:
      return null;
  }
}

/**
 * Keeps the members service's copy of the organisation tree from the organisations topic, then does
 * what the changes mean for members (tree-effects.ts): a move updates the ancestors stored with
 * every file below, a merge moves the absorbed units' members to the unit that remains, a
 * dissolution or split flags them for placement. Facts are stored by event id (a redelivery writes
 * the same entry) and any order of arrival gives the same tree; effects dated later wait for their day.
 */
export function treeConsumer(
  deps: { store: TreeStore; effects: TreeEffects },
  name = TREE_CONSUMER,
): ConsumerDefinition {
  return {
    name,
    topics: [TOPICS.organisations],
    types: [
      EVENT_TYPES.OrganisationCreated,
      EVENT_TYPES.OrganisationRenamed,
      EVENT_TYPES.OrganisationMoved,
      EVENT_TYPES.OrganisationReleveled,
      EVENT_TYPES.OrganisationDissolved,
    ],
    // Facts are dated and keyed by event id: a late or repeated one is still a fact to keep.
    ordered: false,
    async handleBatch(events: EventEnvelope[]) {
      const facts = events.flatMap((event) => {
        const found = factOf(event as AnyEventEnvelope);
        if (!found) return [];
        const data = event.data as { effectiveDate: string };
        const fact: StoredFact = {
          ...found.fact,
          effectiveDate: data.effectiveDate,
          sequence: event.sequence,
        };
        return [
          { organisationId: found.organisationId, key: factKey(event.sequence), code: found.code, fact },
        ];
      });
      await deps.store.addFacts(facts);
      await deps.effects.applyDue();
    },
  };
}
