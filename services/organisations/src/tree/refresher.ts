import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { TOPICS } from '@dangvien/contracts';
import { createStoppableConsumer, errorMessage } from '@dangvien/kafka';
import type { Logger } from '@dangvien/logger';
import type { Repository } from '../model/repository';
import type { TreeIndex } from './tree-index';

/** Consumer groups of the refreshers: one per running replica. */
export const REFRESHER_GROUP_PREFIX = 'organisations.tree-index.';

/**
 * Keeps this replica's tree index current with writes made by other replicas: it reads the
 * service's own topic with a consumer group of its own (so every replica sees every event), and for
 * each batch reloads the records the events name — one batched read per collection — then upserts
 * them. An upsert never goes back to an older version, so replays and this process's own events
 * change nothing. Events are only a signal here; the stored document is the truth.
 *
 * The group is this process's alone: it is deleted when the refresher stops, and groups that
 * stopped replicas left behind (a crash) are deleted at start once they have no member.
 */
export function createIndexRefresher(deps: {
  kafka: Kafka;
  repository: Repository;
  index: TreeIndex;
  logger: Logger;
}) {
  const log = deps.logger.child({ component: 'index-refresher' });
  const groupId = `${REFRESHER_GROUP_PREFIX}${randomUUID()}`;
  const { consumer, stop } = createStoppableConsumer(deps.kafka, { groupId, maxWaitTimeInMs: 200 });
  let joined: () => void = () => undefined;
  const hasJoined = new Promise<void>((resolve) => {
    joined = resolve;
  });
  consumer.on(consumer.events.GROUP_JOIN, () => joined());

  /** Deletes the refresher groups that have no member, this one's included once it has left. */
  async function deleteAbandonedGroups(): Promise<void> {
    const admin = deps.kafka.admin();
    await admin.connect();
    try {
      const mine = (await admin.listGroups()).groups
        .map((g) => g.groupId)
        .filter((id) => id.startsWith(REFRESHER_GROUP_PREFIX));
      if (mine.length === 0) return;
      const { groups } = await admin.describeGroups(mine);
      const empty = groups.filter((g) => g.members.length === 0 && ['Empty', 'Dead'].includes(g.state));
      if (empty.length > 0) {
        await admin.deleteGroups(empty.map((g) => g.groupId));
        log.info({ deleted: empty.length }, 'deleted consumer groups of stopped refreshers');
      }
    } catch (error) {
      log.warn({ err: errorMessage(error) }, 'could not delete old refresher groups; tried again next start');
    } finally {
      await admin.disconnect();
    }
  }

  return {
    groupId,
    /** Resolves once the group is joined: load the index after this and no write can be missed. */
    async start(): Promise<void> {
      await deleteAbandonedGroups();
      await consumer.connect();
      await consumer.subscribe({ topics: [TOPICS.organisations], fromBeginning: false });
      await consumer.run({
        eachBatch: async ({ batch }) => {
          const ids = [
            ...new Set(batch.messages.map((m) => m.key?.toString()).filter((k): k is string => Boolean(k))),
          ];
          const { organisations, localities } = await deps.repository.loadByIds(ids);
          let changed = 0;
          for (const record of organisations) if (deps.index.upsertOrganisation(record)) changed += 1;
          for (const record of localities) if (deps.index.upsertLocality(record)) changed += 1;
          if (changed > 0) log.debug({ changed }, 'index refreshed from the topic');
        },
      });
      await hasJoined;
    },
    async stop(): Promise<void> {
      await stop();
      const admin = deps.kafka.admin();
      await admin.connect();
      await admin.deleteGroups([groupId]).catch((error: unknown) => {
        log.warn({ err: errorMessage(error) }, 'could not delete this refresher group; the next start does');
      });
      await admin.disconnect();
    },
  };
}
