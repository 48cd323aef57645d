import { EVENT_TYPES, fromKafkaRecord, TOPIC_DECLARATIONS, TOPICS } from '@dangvien/contracts';
import { ensureTopics } from '@dangvien/kafka';
import { createTestKafka, readTopicMessages, startPrivateBroker, waitFor } from '@dangvien/testing';
import type { PrivateBroker } from '@dangvien/testing';
import { logLevel } from 'kafkajs';
import type { Kafka } from 'kafkajs';
import { createOrganisation, graphql, startSystem } from './harness';
import type { System } from './harness';

describe('broker down: mutations still succeed and no event is lost', () => {
  let broker: PrivateBroker;
  let system: System;
  let reader: Kafka;
  const prefix = `BD${Date.now().toString(36).toUpperCase()}`;

  beforeAll(async () => {
    // A broker of this test's own: stopping it disturbs no other test file.
    broker = await startPrivateBroker();
    reader = createTestKafka('broker-down-reader', {
      brokers: [broker.address],
      credentials: null,
      logLevel: logLevel.NOTHING,
      overrides: broker.kafkaOverrides,
    });
    await ensureTopics(reader, TOPIC_DECLARATIONS);
    system = await startSystem('e2e_broker_down', { brokers: broker.address, kafka: broker.kafkaOverrides });
  }, 180_000);

  afterAll(async () => {
    await broker.start();
    await system.stop();
    await system.drop();
    await broker.close();
  });

  it('stores events while the broker is away and delivers them when it is back', async () => {
    const url = system.gateway.url;
    const { relay } = system.organisations;
    const province = await createOrganisation(url, {
      code: prefix,
      name: 'Tỉnh',
      level: 'PROVINCE',
      sector: 'STATE_AGENCY',
    });
    await relay.idle();

    await broker.stop();
    const startedAt = Date.now();
    const commune = await createOrganisation(url, {
      code: `${prefix}.XA`,
      name: 'Đảng bộ xã Phú Bình',
      level: 'COMMUNE',
      sector: 'RESIDENTIAL',
      parentId: province,
    });
    const renamed = await graphql<{ renameOrganisation: { userErrors: unknown[] } }>(
      url,
      `
        mutation ($input: RenameOrganisationInput!) {
          renameOrganisation(input: $input) {
            userErrors {
              code
            }
          }
        }
      `,
      { input: { id: commune, name: 'Đảng bộ xã Phú Bình mới' } },
    );
    expect(renamed.data!.renameOrganisation.userErrors).toEqual([]);
    // The mutations never waited for the broker.
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    // The relay tried, failed, and kept the events: the commune's document holds both.
    const status = await waitFor(() => relay.status(), {
      until: (s) => s.lastError !== null,
      timeoutMs: 30_000,
      description: 'a failed send to the stopped broker',
    });
    expect(status).toMatchObject({ pendingDocuments: 1, stuckDocuments: 0 });
    const [doc] = await system.organisations.parts.repository.organisationCollection
      .find({ code: `${prefix}.XA` })
      .toArray();
    expect(doc!.outboxPending).toBe(2);
    const readiness = await system.organisations.readiness();
    expect(readiness.status).toBe('degraded');
    expect(readiness.problems.join('\n')).toMatch(/outbox sends failing/);

    await broker.start();
    await waitFor(() => relay.status(), {
      until: (s) => s.pendingDocuments === 0,
      timeoutMs: 60_000,
      description: 'the stored events sent once the broker is back',
    });
    const communeId = String(doc!._id);
    const records = await readTopicMessages(reader, TOPICS.organisations, {
      until: (all) => all.filter((m) => m.key === communeId).length >= 2,
      timeoutMs: 30_000,
    });
    const delivered = records.filter((m) => m.key === communeId).map((m) => fromKafkaRecord(m));
    // Delivery is at least once (consumers dedupe on the id): compare distinct events, in arrival order.
    const distinct = [...new Map(delivered.map((e) => [e.id, e])).values()];
    expect(distinct.map((e) => e.type)).toEqual([
      EVENT_TYPES.OrganisationCreated,
      EVENT_TYPES.OrganisationRenamed,
    ]);
  });
});
