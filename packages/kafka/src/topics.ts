import type { Kafka } from 'kafkajs';
import type { TopicDeclaration } from '@dangvien/contracts';
import type { Logger } from '@dangvien/logger';
import { sleep } from './retry';

/**
 * Creates the declared topics that do not exist yet, with their partitions and configuration.
 * Idempotent: a topic that exists is left as it is (replicas starting together are fine), so a
 * changed declaration applies to new clusters only.
 */
export async function ensureTopics(kafka: Kafka, topics: readonly TopicDeclaration[]): Promise<string[]> {
  if (topics.length === 0) return [];
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic: topic.name,
          numPartitions: topic.partitions,
          replicationFactor: -1,
          configEntries: Object.entries(topic.config).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    return missing.map((topic) => topic.name);
  } finally {
    await admin.disconnect();
  }
}

/** The topics of `topics` that do not exist. */
export async function missingTopics(kafka: Kafka, topics: readonly string[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    return topics.filter((topic) => !existing.has(topic));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Resolves once every topic exists. A consumer never creates the topics it reads: their owner does,
 * and until it has, the consumer waits (and says so in its status) instead of making a topic with
 * the wrong settings or failing the service's start.
 */
export async function waitForTopics(
  kafka: Kafka,
  topics: readonly string[],
  options: { signal?: AbortSignal; log?: Logger; intervalMs?: number } = {},
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let logged = false;
    while (!options.signal?.aborted) {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic));
      if (missing.length === 0) return;
      if (!logged) options.log?.warn({ missing }, 'waiting for topics their owners have not created yet');
      logged = true;
      await sleep(options.intervalMs ?? 2_000, options.signal);
    }
  } finally {
    await admin.disconnect();
  }
}
