import mongoose from 'mongoose';
import { logLevel } from 'kafkajs';
import { createTestKafka } from './kafka';
import { startPrivateBroker, startPrivateDatabase } from './private-servers';

describe('private servers a test can stop', () => {
  it('a database that really goes away and comes back', async () => {
    const db = await startPrivateDatabase();
    try {
      const connection = await mongoose
        .createConnection(db.address, { serverSelectionTimeoutMS: 1_500 })
        .asPromise();
      await connection.db!.collection('x').insertOne({ a: 1 });
      await db.stop();
      await expect(connection.db!.collection('x').findOne({})).rejects.toThrow();
      await db.start();
      expect(await connection.db!.collection('x').findOne({}, { projection: { _id: 0 } })).toEqual({ a: 1 });
      await connection.close();
    } finally {
      await db.close();
    }
  }, 60_000);

  it('a broker that really goes away and comes back', async () => {
    const broker = await startPrivateBroker();
    try {
      const kafka = createTestKafka('private-test', {
        brokers: [broker.address],
        credentials: null,
        logLevel: logLevel.NOTHING,
        overrides: { ...broker.kafkaOverrides, retry: { retries: 1, initialRetryTime: 100 } },
      });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'kept' }], waitForLeaders: true });
      await admin.disconnect();
      await broker.stop();
      await expect(kafka.admin().connect()).rejects.toThrow();
      await broker.start();
      const again = kafka.admin();
      await again.connect();
      expect(await again.listTopics()).toContain('kept');
      await again.disconnect();
    } finally {
      await broker.close();
    }
  }, 180_000);
});
