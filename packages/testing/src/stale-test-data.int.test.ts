import mongoose from 'mongoose';
import { createTestKafka, kafkaBrokers, mongoUrl, uniqueTopic, withDatabase } from './index';
import { STALE_AFTER_MS, removeStaleTestData } from './stale-test-data';

describe('removeStaleTestData', () => {
  it('removes test topics and databases older than an hour, and nothing else', async () => {
    const twoHoursAgo = (Date.now() - 2 * STALE_AFTER_MS).toString(36);
    const staleTopic = `testing.sweep-test-${twoHoursAgo}-0badc0de`;
    const freshTopic = uniqueTopic('testing.sweep');
    const staleDatabase = `dangvien_test_sweep_${twoHoursAgo}_0badc0de`;

    const admin = createTestKafka('testing-sweep').admin();
    await admin.connect();
    const connection = await mongoose.createConnection(withDatabase(mongoUrl(), staleDatabase)).asPromise();
    try {
      await admin.createTopics({
        topics: [{ topic: staleTopic }, { topic: freshTopic }],
        waitForLeaders: true,
      });
      await connection.collection('leftovers').insertOne({ from: 'a crashed run' });

      const removed = await removeStaleTestData({
        kafkaBrokers: kafkaBrokers().join(','),
        mongoUrl: mongoUrl(),
      });

      expect(removed.problems).toEqual([]);
      expect(removed.topics).toBeGreaterThanOrEqual(1);
      expect(removed.databases).toBeGreaterThanOrEqual(1);
      const topics = await admin.listTopics();
      expect(topics).toContain(freshTopic);
      expect(topics).not.toContain(staleTopic);
      const { databases } = await connection.listDatabases();
      expect(databases.map((database) => database.name)).not.toContain(staleDatabase);
    } finally {
      await admin.deleteTopics({ topics: [freshTopic] }).catch(() => undefined);
      await admin.disconnect();
      await connection.close();
    }
  });
});
