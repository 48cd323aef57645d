import { EVENT_TYPES, MEMBER_FILES_TOPIC } from '@dangvien/contracts';
import type { EventEnvelope, MemberFileChangedV1 } from '@dangvien/contracts';
import type { ConsumerDefinition } from '@dangvien/kafka';
import type { mongo } from 'mongoose';
import { isDuplicateKey } from '@dangvien/db';
import type { AuditModel } from '../model/audit-document';
import type { FiguresStore } from './figures-store';

export const FILES_CONSUMER = 'members.files';

/**
 * Reads the members' own log of file changes (dangvien.members.files.v1) into the audit and the
 * statistics (bringing the name index up to the changes on the way), a Kafka batch at a time: one
 * bulk insert of audit entries (by id: a repeated entry is already there) and one bulk write of
 * figures (each document applies a member's version once).
 * Per-member order is not needed: every delta is applied exactly once whatever the order.
 */
export function filesConsumer(
  deps: {
    audit: AuditModel;
    figures: FiguresStore;
    /**
     * Of the members these changes are of, those whose file is in this service's database (and
     * their name index entries brought up to the changes).
     */
    existing: (changes: readonly { memberId: string; version: number }[]) => Promise<Set<string>>;
  },
  name = FILES_CONSUMER,
): ConsumerDefinition {
  return {
    name,
    topics: [MEMBER_FILES_TOPIC],
    types: [EVENT_TYPES.MemberFileChanged],
    ordered: false,
    async handleBatch(events: EventEnvelope[]) {
      // The file is written before its change is relayed, and never deleted: a change of a file this
      // database does not have is another deployment's on the same broker (every test's service
      // reads every other's log from the start) and is not counted here.
      const all = events.map((event) => event.data as MemberFileChangedV1);
      const ours = all.length > 0 ? await deps.existing(all) : new Set<string>();
      const changes = all.filter((c) => ours.has(c.memberId));
      if (changes.length === 0) return;
      try {
        await deps.audit.collection.insertMany(
          changes.map((c) => ({
            _id: c.changeId,
            memberId: c.memberId,
            version: c.version,
            action: c.action,
            recordedAt: new Date(c.recordedAt),
            effectiveDate: c.effectiveDate,
            actor: c.actor,
            reason: c.reason,
            decision: c.decision,
            fields: c.fields,
            organisationIds: c.organisationIds,
            sortKey: `${c.recordedAt} ${c.changeId}`,
          })) as unknown as mongo.OptionalId<mongo.Document>[],
          { ordered: false },
        );
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      await deps.figures.apply(
        changes.map((c) => ({ memberId: c.memberId, version: c.version, deltas: c.figures })),
      );
    },
  };
}
