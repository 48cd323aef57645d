import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { logLevel } from 'kafkajs';
import type { Kafka } from 'kafkajs';
import {
  createEvent,
  EVENT_TYPES,
  ownedTopics,
  TOPIC_DECLARATIONS,
  toKafkaRecord,
  TOPICS,
} from '@dangvien/contracts';
import {
  composeSupergraph,
  createGateway,
  readEnvironment as readGatewayEnvironment,
  SUBGRAPHS,
} from '@dangvien/gateway';
import { DEVELOPMENT_TOKEN_SECRET, issueDevelopmentToken } from '@dangvien/auth';
import { ensureTopics } from '@dangvien/kafka';
import { createLogger } from '@dangvien/logger';
import { serviceModule as organisations } from '@dangvien/organisations';
import {
  createTestKafka,
  dropDatabase,
  graphql,
  startPrivateBroker,
  testDatabase,
  waitFor,
} from '@dangvien/testing';
import type { PrivateBroker } from '@dangvien/testing';
import { createSandboxService, SANDBOX_SDL } from './sandbox-service';

const logger = createLogger({ name: 'runtime-int-test', level: process.env.TEST_LOG_LEVEL ?? 'fatal' });

function environment(name: string, brokers: string) {
  const database = testDatabase(name);
  return {
    database,
    env: {
      NODE_ENV: 'development',
      PORT: '0',
      MONGO_URL: database.url,
      MONGO_DB: database.name,
      KAFKA_BROKERS: brokers,
      CONSUMER_GROUP_SUFFIX: `test-${randomUUID()}`,
      SEED_DEMO: 'false',
    },
  };
}

describe('the service runtime, with a throw-away subgraph on a broker of its own', () => {
  let broker: PrivateBroker;
  let admin: ReturnType<Kafka['admin']>;
  let kafka: Kafka;

  beforeAll(async () => {
    broker = await startPrivateBroker();
    kafka = createTestKafka('runtime-test', {
      brokers: [broker.address],
      credentials: null,
      logLevel: logLevel.NOTHING,
      overrides: broker.kafkaOverrides,
    });
    admin = kafka.admin();
    await admin.connect();
  }, 180_000);

  afterAll(async () => {
    await admin.disconnect();
    await broker.close();
  });

  it('wires a new subgraph in well under 100 lines', () => {
    const lines = readFileSync(path.join(__dirname, 'sandbox-service.ts'), 'utf8').split('\n').length;
    expect(lines).toBeLessThan(100);
  });

  it('creates only the topics its service owns, waits for those it reads, and reports it in readiness', async () => {
    const { database, env } = environment('runtime_topics', broker.address);
    const service = createSandboxService(env, { logger, kafka: broker.kafkaOverrides });
    await service.start();
    try {
      const topics = await admin.listTopics();
      expect(topics).toEqual(expect.arrayContaining(ownedTopics('emulation').map((t) => t.name)));
      // Nobody has created the members topic on this broker: the consumer waits, the service serves.
      expect(topics).not.toContain(TOPICS.members);
      const waiting = await service.readiness();
      expect(waiting).toMatchObject({ status: 'degraded', database: { ok: true } });
      expect(waiting.problems).toEqual([
        expect.stringMatching(/sandbox\.member-events.* waiting for its topics/),
      ]);
      const ready = await fetch(service.url.replace('/graphql', '/health/ready'));
      expect({ status: ready.status, body: await ready.json() }).toMatchObject({
        status: 200,
        body: { status: 'degraded' },
      });

      // Its owner creates it: the consumer starts by itself and reads what arrives.
      await ensureTopics(
        kafka,
        TOPIC_DECLARATIONS.filter((t) => t.owner === 'members'),
      );
      await waitFor(() => service.consumers[0]!.status().state, {
        until: (s) => s === 'running',
        timeoutMs: 30_000,
      });
      const producer = kafka.producer();
      await producer.connect();
      const memberId = randomUUID();
      await producer.send({
        topic: TOPICS.members,
        messages: [
          toKafkaRecord(
            createEvent(EVENT_TYPES.MemberAdmitted, memberId, 1, {
              memberId,
              organisationId: randomUUID(),
              decisionDate: '2025-05-19',
              ceremonyDate: '2025-06-02',
            }),
          ),
        ],
      });
      await producer.disconnect();
      await waitFor(
        async () =>
          (await graphql<{ memberEventsSeen: number }>(service.url, '{ memberEventsSeen }')).data
            ?.memberEventsSeen === 1,
        { timeoutMs: 30_000 },
      );
      expect((await service.readiness()).status).toBe('ready');
    } finally {
      await service.stop();
      await dropDatabase(database.url);
    }
    // Stopped: not ready, and the group it used has left.
    expect((await service.readiness()).status).toBe('down');
  });

  it('is served through the gateway next to organisations once composed into the supergraph', async () => {
    const sandboxEnv = environment('runtime_sandbox', broker.address);
    const orgEnv = environment('runtime_orgs', broker.address);
    await ensureTopics(kafka, TOPIC_DECLARATIONS);
    const sandbox = createSandboxService(sandboxEnv.env, { logger, kafka: broker.kafkaOverrides });
    const orgs = organisations.create(orgEnv.env, { logger, kafka: broker.kafkaOverrides });
    await Promise.all([sandbox.start(), orgs.start()]);
    const supergraphSdl = composeSupergraph([
      ...SUBGRAPHS.map((s) => ({ ...s, url: orgs.url })),
      { name: 'sandbox', url: sandbox.url, typeDefs: SANDBOX_SDL },
    ]);
    const gatewayConfig = readGatewayEnvironment({ NODE_ENV: 'development', PORT: '0' });
    const gateway = createGateway(gatewayConfig, { logger, supergraphSdl });
    await gateway.start();
    // The sandbox's mutation is for the province (its `@allow`), enforced by the runtime like any service's.
    const admin = {
      authorization: `Bearer ${await issueDevelopmentToken(
        { role: 'PROVINCIAL_ADMIN' },
        {
          secret: DEVELOPMENT_TOKEN_SECRET,
          issuer: gatewayConfig.AUTH_ISSUER,
          audience: gatewayConfig.AUTH_AUDIENCE,
        },
      )}`,
    };
    try {
      const written = await graphql<{ writeNote: { note: { id: string; text: string } } }>(
        gateway.url,
        'mutation { writeNote(text: "Ghi chú đầu tiên") { note { id text } userErrors { code } } }',
        {},
        admin,
      );
      expect(written.errors).toBeUndefined();
      const id = written.data!.writeNote.note.id;
      const read = await graphql<{ note: { text: string }; organisations: { totalCount: number } }>(
        gateway.url,
        `
          query ($id: ID!) {
            note(id: $id) {
              text
            }
            organisations {
              totalCount
            }
          }
        `,
        { id },
      );
      expect(read).toEqual({
        data: { note: { text: 'Ghi chú đầu tiên' }, organisations: { totalCount: 0 } },
        extensions: { traceId: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown as string },
      });
      expect((await fetch(gateway.url.replace('/graphql', '/health/ready'))).status).toBe(200);
    } finally {
      await gateway.stop();
      await Promise.all([sandbox.stop(), orgs.stop()]);
      await Promise.all([dropDatabase(sandboxEnv.database.url), dropDatabase(orgEnv.database.url)]);
    }
  });
});
