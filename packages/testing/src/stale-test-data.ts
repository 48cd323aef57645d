import { logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { createTestKafka, kafkaBrokers, testTopicCreatedAt } from './kafka';
import { testDatabaseCreatedAt, withDatabase } from './mongo';

/** Consumer groups tests make: `test-reader-…`, `<consumer>.test-<uuid>`, `test-<uuid>`. */
const TEST_GROUP = /(^|[.-])test-/;

/** Test data older than this belongs to a finished run: no test run lasts an hour. */
export const STALE_AFTER_MS = 60 * 60_000;

/**
 * Every test makes its own topics and databases, and most never delete them. The local servers keep
 * their data across restarts, so without this sweep every run would add topics until the broker takes
 * minutes to start. Only names made by `uniqueTopic` / `uniqueDatabaseName` go, and only once stale,
 * so that another run on the same servers keeps its data. Best effort: a failure is reported, never
 * fatal, since the tests themselves do not need it.
 */
export async function removeStaleTestData(
  servers: { kafkaBrokers: string; mongoUrl: string },
  now: number = Date.now(),
): Promise<{ topics: number; databases: number; problems: string[] }> {
  const isStale = (createdAt: number | undefined): boolean =>
    createdAt !== undefined && now - createdAt > STALE_AFTER_MS;
  const [topics, databases] = await Promise.allSettled([
    removeStaleTopics(servers.kafkaBrokers, isStale),
    removeStaleDatabases(servers.mongoUrl, isStale),
  ]);
  const problems = [topics, databases].flatMap((result) =>
    result.status === 'rejected' ? [String(result.reason)] : [],
  );
  return {
    topics: topics.status === 'fulfilled' ? topics.value : 0,
    databases: databases.status === 'fulfilled' ? databases.value : 0,
    problems,
  };
}

async function removeStaleTopics(
  brokers: string,
  isStale: (createdAt: number | undefined) => boolean,
): Promise<number> {
  const admin = createTestKafka('dangvien-test-sweeper', {
    brokers: kafkaBrokers(brokers),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const stale = (await admin.listTopics()).filter((topic) => isStale(testTopicCreatedAt(topic)));
    if (stale.length > 0) await admin.deleteTopics({ topics: stale, timeout: 30_000 });
    // Consumer groups of finished tests (`…test-<id>`): a group with no member is used by no one.
    const testGroups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((id) => TEST_GROUP.test(id));
    if (testGroups.length > 0) {
      const { groups } = await admin.describeGroups(testGroups);
      const empty = groups.filter((g) => g.members.length === 0).map((g) => g.groupId);
      if (empty.length > 0) await admin.deleteGroups(empty).catch(() => undefined);
    }
    return stale.length;
  } finally {
    await admin.disconnect();
  }
}

async function removeStaleDatabases(
  url: string,
  isStale: (createdAt: number | undefined) => boolean,
): Promise<number> {
  const connection = await mongoose
    .createConnection(withDatabase(url, 'admin'), { serverSelectionTimeoutMS: 5_000 })
    .asPromise();
  try {
    const { databases } = await connection.listDatabases();
    const stale = databases.filter((database) => isStale(testDatabaseCreatedAt(database.name)));
    for (const database of stale) {
      await connection.useDb(database.name, { useCache: false }).dropDatabase();
    }
    return stale.length;
  } finally {
    await connection.close();
  }
}
