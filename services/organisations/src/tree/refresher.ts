import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { TOPICS } from '@dangvien/contracts';
import { createStoppableConsumer } from '@dangvien/kafka';
import type { Logger } from '@dangvien/logger';
import type { Repository } from '../model/repository';
import type { TreeIndex } from './tree-index';

/**
 * Keeps this replica's tree index current with writes made by other replicas: it reads the
 * service's own topic with a consumer group of its own (so every replica sees every event), and for
 * each batch reloads the records the events name — one `$in` read per collection — then upserts
 * them. An upsert never goes back to an older version, so replays and this process's own events
 * change nothing. Events are only a signal here; the stored document is the truth.
 */
export function createIndexRefresher(deps: {
  kafka: Kafka;
  repository: Repository;
  index: TreeIndex;
  logger: Logger;
}) {
  const log = deps.logger.child({ component: 'index-refresher' });
  // One member per group: every replica sees every event.
  const { consumer, stop } = createStoppableConsumer(deps.kafka, {
    groupId: `organisations.tree-index.${randomUUID()}`,
    maxWaitTimeInMs: 200,
  });
  let joined: () => void = () => undefined;
  const hasJoined = new Promise<void>((resolve) => {
    joined = resolve;
  });
  consumer.on(consumer.events.GROUP_JOIN, () => joined());

  return {
    /** Resolves once the group is joined: load the index after this and no write can be missed. */
    async start(): Promise<void> {
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
    stop,
  };
}
