import { EVENT_TYPES, TOPICS } from '@dangvien/contracts';
import type { AnyEventEnvelope, EventEnvelope } from '@dangvien/contracts';
import { isDuplicateKey } from '@dangvien/db';
import type { BatchedReads } from '@dangvien/db';
import type { ConsumerDefinition, Mutex } from '@dangvien/kafka';
import type { mongo } from 'mongoose';
import type { MemberFacts, Placement } from '../domain/membership';
import type { MemberFactsDocument } from '../model/schemas';

export const MEMBER_FACTS_CONSUMER = 'recruitment.member-facts';

function closeOpen(placements: Placement[], kind: Placement['kind'] | null, on: string): Placement[] {
  return placements.map((p) =>
    p.until === null && (kind === null || p.kind === kind) ? { ...p, until: on } : p,
  );
}

/**
 * What one member event does to the member's facts. Pure; events of one member come in order (the
 * consumer skips stale ones by `ce_sequence`), so folding them in arrival order is the history.
 */
export function applyMemberEvent(facts: MemberFacts | null, event: AnyEventEnvelope): MemberFacts | null {
  const base: MemberFacts = facts ?? {
    memberId: event.subject,
    placements: [],
    officialFrom: null,
    leftOn: null,
    disciplinedOn: [],
  };
  switch (event.type) {
    case EVENT_TYPES.MemberAdmitted: {
      const from = event.data.ceremonyDate ?? event.data.decisionDate;
      return {
        ...base,
        placements: [
          ...closeOpen(base.placements, null, from),
          { organisationId: event.data.organisationId, kind: 'HOME', from, until: null },
        ],
      };
    }
    case EVENT_TYPES.MemberRecognisedOfficial:
      return { ...base, officialFrom: event.data.officialDate };
    case EVENT_TYPES.MemberTransferred: {
      const { kind, toOrganisationId, fromOrganisationId, status, effectiveDate } = event.data;
      // A member first seen on a transfer (the projection started late) is official from then at least.
      const officialFrom = base.officialFrom ?? (status === 'OFFICIAL' ? effectiveDate : null);
      let placements = closeOpen(base.placements, 'TEMPORARY', effectiveDate);
      if (kind === 'PERMANENT') {
        placements = [
          ...closeOpen(placements, 'HOME', effectiveDate),
          { organisationId: toOrganisationId, kind: 'HOME', from: effectiveDate, until: null },
        ];
      } else {
        if (!placements.some((p) => p.kind === 'HOME' && p.until === null)) {
          placements.push({
            organisationId: fromOrganisationId,
            kind: 'HOME',
            from: effectiveDate,
            until: null,
          });
        }
        const home = placements.find((p) => p.kind === 'HOME' && p.until === null)!.organisationId;
        if (toOrganisationId !== home) {
          placements.push({
            organisationId: toOrganisationId,
            kind: 'TEMPORARY',
            from: effectiveDate,
            until: null,
          });
        }
      }
      return { ...base, officialFrom, placements };
    }
    case EVENT_TYPES.MemberLeft:
      return {
        ...base,
        leftOn: event.data.effectiveDate,
        placements: closeOpen(base.placements, null, event.data.effectiveDate),
      };
    default:
      return facts;
  }
}

/**
 * Keeps `member_facts` from the members service's topic, a batch at a time: one read of the members
 * the batch names, their events folded in order, one bulk write guarded by the stored sequence (a
 * batch re-run after a crash, or a replay, changes nothing it already changed).
 */
export function memberFactsConsumer(deps: {
  collection: mongo.Collection;
  reads: () => BatchedReads;
  exclusive: Mutex;
  name?: string;
}): ConsumerDefinition {
  return {
    name: deps.name ?? MEMBER_FACTS_CONSUMER,
    topics: [TOPICS.members],
    types: [
      EVENT_TYPES.MemberAdmitted,
      EVENT_TYPES.MemberRecognisedOfficial,
      EVENT_TYPES.MemberTransferred,
      EVENT_TYPES.MemberLeft,
    ],
    async handleBatch(events: EventEnvelope[]) {
      await deps.exclusive(async () => {
        const ids = [...new Set(events.map((e) => e.subject))];
        const stored = await deps.reads().byIds<MemberFactsDocument & mongo.Document>(deps.collection, ids);
        const byId = new Map(stored.map((d) => [d._id, d]));
        const next = new Map<string, { facts: MemberFacts; sequence: number; previous: number | null }>();
        for (const event of events) {
          const current =
            next.get(event.subject) ??
            (byId.has(event.subject)
              ? {
                  facts: byId.get(event.subject)!.facts,
                  sequence: byId.get(event.subject)!.sequence,
                  previous: byId.get(event.subject)!.sequence,
                }
              : null);
          if (current && event.sequence <= current.sequence) continue;
          const facts = applyMemberEvent(current?.facts ?? null, event as AnyEventEnvelope);
          if (!facts) continue;
          next.set(event.subject, { facts, sequence: event.sequence, previous: current?.previous ?? null });
        }
        if (next.size === 0) return;
        const now = new Date();
        const write = deps.collection.bulkWrite(
          [...next.entries()].map(([id, { facts, sequence, previous }]) => {
            const doc = {
              organisationIds: [...new Set(facts.placements.map((p) => p.organisationId))],
              facts,
              sequence,
              updatedAt: now,
            };
            return previous === null
              ? { insertOne: { document: { _id: id, ...doc } as never } }
              : { updateOne: { filter: { _id: id, sequence: previous } as never, update: { $set: doc } } };
          }),
          { ordered: false },
        );
        // A duplicate key: that member was inserted by an earlier run of this batch; the rest applied.
        await write.catch((error: unknown) => {
          if (!isDuplicateKey(error)) throw error;
        });
      });
    },
  };
}
