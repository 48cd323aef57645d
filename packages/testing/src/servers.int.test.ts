// Proves that the servers chosen by the global setup are real: a message goes through Kafka and a
// document through the database, with the same clients the services use.
import mongoose from 'mongoose';
import { createTestKafka, dropDatabase, readTopicMessages, testMongoUrl, uniqueTopic } from './index';

describe('the servers chosen by the global setup', () => {
  it('Kafka delivers a produced message to a fresh consumer group', async () => {
    const kafka = createTestKafka('testing-servers');
    const topic = uniqueTopic('testing.servers');
    const producer = kafka.producer();
    await producer.connect();
    try {
      // The topic does not exist yet: the broker creates it on first use, as services rely on.
      await producer.send({
        topic,
        messages: [{ key: 'organisation-1', value: '{"hello":"kafka"}', headers: { ce_type: 'Probe.v1' } }],
      });
    } finally {
      await producer.disconnect();
    }

    const messages = await readTopicMessages(kafka, topic, { count: 1 });

    expect(messages).toEqual([
      expect.objectContaining({
        topic,
        key: 'organisation-1',
        value: '{"hello":"kafka"}',
        headers: { ce_type: 'Probe.v1' },
      }),
    ]);
  });

  it('readTopicMessages stops when until() holds, and explains a timeout with what it read', async () => {
    const kafka = createTestKafka('testing-servers');
    const topic = uniqueTopic('testing.servers');
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: ['a', 'b', 'c'].map((value) => ({ key: 'same-partition', value })),
      });
    } finally {
      await producer.disconnect();
    }

    const upToB = await readTopicMessages(kafka, topic, {
      until: (messages) => messages.some((message) => message.value === 'b'),
    });
    expect(upToB.map((message) => message.value)).toEqual(['a', 'b']);

    await expect(readTopicMessages(kafka, topic, { count: 4, timeoutMs: 3_000 })).rejects.toThrow(
      /4 message\(s\) not read from "testing\.servers-test-.+" within 3000 ms; read 3/,
    );
  });

  describe('the database', () => {
    const url = testMongoUrl('testing-servers');
    const connection = mongoose.createConnection(url);
    const Probe = connection.model(
      'Probe',
      new mongoose.Schema({ name: { type: String, required: true }, members: [String] }),
    );

    afterAll(async () => {
      await connection.close();
      await dropDatabase(url);
    });

    it('stores a document and returns it through mongoose', async () => {
      const created = await Probe.create({ name: 'Chi bộ 1', members: ['An', 'Bình'] });

      const found = await Probe.findById(created._id).lean();

      expect(found).toMatchObject({ name: 'Chi bộ 1', members: ['An', 'Bình'] });
      expect(connection.name).toMatch(/^dangvien_test_testing_servers_/);
    });
  });
});
