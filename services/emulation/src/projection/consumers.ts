import { TOPICS } from '@dangvien/contracts';
import type { AnyEventEnvelope, EventEnvelope } from '@dangvien/contracts';
import type { ConsumerDefinition } from '@dangvien/kafka';
import type { MemberStore } from '../model/member-store';
import type { TreeStore } from '../model/tree-store';
import {
  localityFactOf,
  MEMBER_EVENT_TYPES,
  memberFactOf,
  ORGANISATION_EVENT_TYPES,
  treeFactOf,
} from './event-facts';

/** Consumer names: also their consumer groups and the scopes of their processed-event ids. */
export const TREE_CONSUMER = 'emulation.tree';
export const MEMBERS_CONSUMER = 'emulation.members';

/**
 * The organisation tree and its localities, from the organisations service's events: one bulk merge per
 * Kafka batch. Every fact is keyed by its event id, so a batch applied again adds nothing.
 */
export function treeConsumer(trees: TreeStore, name = TREE_CONSUMER): ConsumerDefinition {
  return {
    name,
    topics: [TOPICS.organisations],
    types: [...ORGANISATION_EVENT_TYPES],
    async handleBatch(events: EventEnvelope[]) {
      const all = events as AnyEventEnvelope[];
      await trees.applyTree(all.flatMap((event) => treeFactOf(event) ?? []));
      await trees.applyLocalities(all.flatMap((event) => localityFactOf(event) ?? []));
    },
  };
}

/** Members and what each contributes to each organisation's figures, from the members service's events. */
export function membersConsumer(members: MemberStore, name = MEMBERS_CONSUMER): ConsumerDefinition {
  return {
    name,
    topics: [TOPICS.members],
    types: [...MEMBER_EVENT_TYPES],
    async handleBatch(events: EventEnvelope[]) {
      await members.apply((events as AnyEventEnvelope[]).flatMap((event) => memberFactOf(event) ?? []));
    },
  };
}
