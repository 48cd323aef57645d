import { TOPICS } from '@dangvien/contracts';
import type { AnyEventEnvelope, EventEnvelope } from '@dangvien/contracts';
import type { ConsumerDefinition } from '@dangvien/kafka';
import type { LateFact, LateFacts } from '../model/late-facts';
import { isLate } from '../model/late-facts';
import type { MemberStore } from '../model/member-store';
import type { PlanStore } from '../model/plan-store';
import type { Successors } from '../model/successors';
import type { TreeStore } from '../model/tree-store';
import {
  causeOf,
  localityFactOf,
  MEMBER_EVENT_TYPES,
  memberFactOf,
  ORGANISATION_EVENT_TYPES,
  treeFactOf,
} from './event-facts';
import { PLAN_EVENT_TYPES, planFactOf } from './plan-facts';

/** Consumer names: also their consumer groups and the scopes of their processed-event ids. */
export const TREE_CONSUMER = 'emulation.tree';
export const MEMBERS_CONSUMER = 'emulation.members';
export const PLANS_CONSUMER = 'emulation.plans';

/** The late ones among a batch's facts: `facts` gives each event's effective day and organisations. */
function lateFactsOf(
  events: readonly AnyEventEnvelope[],
  facts: (event: AnyEventEnvelope) => { d: string; orgIds: string[] } | null,
): LateFact[] {
  return events.flatMap((event) => {
    const fact = facts(event);
    if (!fact) return [];
    const cause = causeOf(event, fact.d);
    return isLate(cause)
      ? [{ ...cause, year: Number(fact.d.slice(0, 4)), organisationIds: fact.orgIds }]
      : [];
  });
}

const memberOrgs = (fact: NonNullable<ReturnType<typeof memberFactOf>>['fact']) =>
  fact.k === 'TRANSFERRED' ? [fact.from, fact.to] : [fact.org];

/**
 * The organisation tree and its localities, from the organisations service's events: one bulk merge per
 * Kafka batch. Every fact is keyed by its event id, so a batch applied again adds nothing. The
 * successor map (when given) notes the merges and splits once they are written.
 */
export function treeConsumer(
  trees: TreeStore,
  late: LateFacts,
  successors: Successors | null = null,
  name = TREE_CONSUMER,
): ConsumerDefinition {
  return {
    name,
    topics: [TOPICS.organisations],
    types: [...ORGANISATION_EVENT_TYPES],
    async handleBatch(events: EventEnvelope[]) {
      const all = events as AnyEventEnvelope[];
      const facts = all.flatMap((event) => treeFactOf(event) ?? []);
      await trees.applyTree(facts);
      successors?.note(facts);
      await trees.applyLocalities(all.flatMap((event) => localityFactOf(event) ?? []));
      await late.record(
        lateFactsOf(all, (event) => {
          const tree = treeFactOf(event);
          if (tree) return { d: tree.fact.d, orgIds: [tree.id] };
          const locality = localityFactOf(event);
          return locality ? { d: locality.fact.d, orgIds: locality.orgIds } : null;
        }),
      );
    },
  };
}

/** Members and what each contributes to each organisation's figures, from the members service's events. */
export function membersConsumer(
  members: MemberStore,
  late: LateFacts,
  name = MEMBERS_CONSUMER,
): ConsumerDefinition {
  return {
    name,
    topics: [TOPICS.members],
    types: [...MEMBER_EVENT_TYPES],
    async handleBatch(events: EventEnvelope[]) {
      const all = events as AnyEventEnvelope[];
      await members.apply(all.flatMap((event) => memberFactOf(event) ?? []));
      await late.record(
        lateFactsOf(all, (event) => {
          const member = memberFactOf(event);
          return member ? { d: member.fact.d, orgIds: memberOrgs(member.fact) } : null;
        }),
      );
    },
  };
}

/** Admission plans (quota and structure targets) and the counts against them, from recruitment's events. */
export function plansConsumer(plans: PlanStore, late: LateFacts, name = PLANS_CONSUMER): ConsumerDefinition {
  return {
    name,
    topics: [TOPICS.recruitment],
    types: [...PLAN_EVENT_TYPES],
    async handleBatch(events: EventEnvelope[]) {
      const all = events as AnyEventEnvelope[];
      await plans.apply(all.flatMap((event) => planFactOf(event) ?? []));
      await late.record(
        lateFactsOf(all, (event) => {
          const plan = planFactOf(event);
          return plan ? { d: plan.fact.d, orgIds: [plan.organisationId] } : null;
        }),
      );
    },
  };
}
