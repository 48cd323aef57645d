import { randomUUID } from 'node:crypto';
import { logLevel } from 'kafkajs';
import type { Kafka } from 'kafkajs';
import {
  ADMISSIONS_TOPIC,
  consumerGroupPrefix,
  INTEGRATOR_PRINCIPAL,
  MEMBER_FILES_TOPIC,
  TOPIC_DECLARATIONS,
  TOPICS,
} from '@dangvien/contracts';
import { createTestKafka, readTopicMessages, testKafkaCredentials } from '@dangvien/testing';

// The broker's ACLs as the principals see them (they come from KAFKA_ACLS through
// infra/docker/kafka/acls.txt): what an integrator may read, that it writes nowhere, that a service
// writes only its own topics, and that a wrong password gets nobody in.

/** The kafkajs error a refused request ends with: its `type` (kafkajs nests retried causes). */
function errorType(error: unknown): string | undefined {
  let current: unknown = error;
  while (current && typeof current === 'object') {
    const { type, originalError, cause } = current as {
      type?: string;
      originalError?: unknown;
      cause?: unknown;
    };
    if (type) return type;
    current = originalError ?? cause;
  }
  return undefined;
}

async function refusal(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (error) {
    return errorType(error) ?? `untyped: ${String(error)}`;
  }
  return 'not refused';
}

/** The next offset of every partition, to show a refused write left the topic as it was. */
async function endOffsets(admin: Kafka, topic: string): Promise<string> {
  const client = admin.admin();
  await client.connect();
  try {
    const offsets = await client.fetchTopicOffsets(topic);
    return offsets.map((o) => `${o.partition}:${o.offset}`).join(',');
  } finally {
    await client.disconnect();
  }
}

async function send(kafka: Kafka, topic: string, key: string): Promise<void> {
  // No retries: a refusal is final, and retrying it only makes the test slower.
  const producer = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 0 } });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key, value: JSON.stringify({ probe: key }) }] });
  } finally {
    await producer.disconnect();
  }
}

describe('Kafka access: principals and ACLs', () => {
  const admin = createTestKafka('access-admin');
  // Refusals are what these tests expect: kafkajs's own error lines about them are noise.
  const quiet = { logLevel: logLevel.NOTHING };
  const integrator = createTestKafka('access-integrator', { principal: INTEGRATOR_PRINCIPAL, ...quiet });
  const personalTopics = TOPIC_DECLARATIONS.filter((t) => t.kind === 'events' && t.personalData);

  it('runs against a broker that takes SASL (the local, Compose and testcontainers brokers all do)', () => {
    expect(testKafkaCredentials()).toMatchObject({ mechanism: 'scram-sha-512', username: 'admin' });
    expect(testKafkaCredentials(INTEGRATOR_PRINCIPAL)?.username).toBe(INTEGRATOR_PRINCIPAL);
  });

  it('lets an integrator read a topic without personal data, in a group of its own prefix', async () => {
    // Nothing is written for it: the topic is the real one, which every test's consumers read from
    // the start. A fetch that completes on an assigned partition is the broker granting READ (a
    // refused one crashes the consumer, as the next test shows).
    const consumer = integrator.consumer({
      groupId: `${consumerGroupPrefix(INTEGRATOR_PRINCIPAL)}test-${randomUUID()}`,
      maxWaitTimeInMs: 100,
      retry: { retries: 0, restartOnFailure: async () => false },
    });
    const fetched = new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.FETCH, () => resolve());
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
    });
    let assigned: Record<string, number[]> = {};
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      assigned = payload.memberAssignment;
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [TOPICS.organisations], fromBeginning: true });
      await consumer.run({ eachMessage: async () => undefined });
      await fetched;
      expect(assigned[TOPICS.organisations]?.length).toBe(3);
    } finally {
      await consumer.disconnect();
    }
  });

  it('refuses an integrator every topic with personal data, the sensitive ones included', async () => {
    expect(personalTopics.map((t) => t.name)).toEqual(
      expect.arrayContaining([TOPICS.members, ADMISSIONS_TOPIC, MEMBER_FILES_TOPIC]),
    );
    for (const topic of personalTopics) {
      const reading = readTopicMessages(integrator, topic.name, {
        count: 1,
        groupPrefix: `${consumerGroupPrefix(INTEGRATOR_PRINCIPAL)}test-`,
        timeoutMs: 20_000,
      });
      await expect(refusal(() => reading)).resolves.toBe('TOPIC_AUTHORIZATION_FAILED');
    }
  });

  it('refuses an integrator a group outside its prefix, even on a topic it may read', async () => {
    // The broker answers FindCoordinator with GROUP_AUTHORIZATION_FAILED; kafkajs drops that cause
    // and reports the coordinator as not found (the same read in an `integrator.` group works above).
    const reading = readTopicMessages(integrator, TOPICS.organisations, { count: 1, timeoutMs: 20_000 });
    await expect(reading).rejects.toThrow(
      /consumer crashed on "dangvien.organisations.events.v1": Failed to find group coordinator/,
    );
  });

  it('refuses an integrator writes to every declared topic, and the topics stay as they were', async () => {
    for (const topic of TOPIC_DECLARATIONS) {
      const before = await endOffsets(admin, topic.name);
      await expect(refusal(() => send(integrator, topic.name, `access-${randomUUID()}`))).resolves.toBe(
        'TOPIC_AUTHORIZATION_FAILED',
      );
      expect(await endOffsets(admin, topic.name)).toBe(before);
    }
  });

  it("refuses a service writes to another service's topic", async () => {
    const members = createTestKafka('access-members', { principal: 'members', ...quiet });
    const organisations = createTestKafka('access-organisations', { principal: 'organisations', ...quiet });
    const attempts: [Kafka, string][] = [
      [members, TOPICS.organisations],
      [members, ADMISSIONS_TOPIC],
      [organisations, TOPICS.members],
      [organisations, ADMISSIONS_TOPIC],
    ];
    for (const [client, topic] of attempts) {
      const before = await endOffsets(admin, topic);
      await expect(refusal(() => send(client, topic, `access-${randomUUID()}`))).resolves.toBe(
        'TOPIC_AUTHORIZATION_FAILED',
      );
      expect(await endOffsets(admin, topic)).toBe(before);
    }
  });

  it('refuses a wrong password, and a client without credentials', async () => {
    const right = testKafkaCredentials(INTEGRATOR_PRINCIPAL)!;
    const wrong = createTestKafka('access-wrong-password', {
      credentials: { ...right, password: `${right.password}x` },
      ...quiet,
    });
    const refused = wrong.admin();
    await expect(refused.connect()).rejects.toMatchObject({
      name: 'KafkaJSSASLAuthenticationError',
      message: expect.stringMatching(/invalid credentials/),
    });
    // Without SASL the broker closes the connection at the first request past the API versions.
    const anonymous = createTestKafka('access-anonymous', {
      credentials: null,
      ...quiet,
      overrides: { retry: { retries: 0 } },
    }).admin();
    try {
      await anonymous.connect();
      await expect(anonymous.listTopics()).rejects.toMatchObject({ name: 'KafkaJSConnectionClosedError' });
    } finally {
      await anonymous.disconnect();
    }
  });
});
