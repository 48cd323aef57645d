import { EVENT_TYPES, fromKafkaRecord, TOPICS } from '@dangvien/contracts';
import { createTestKafka, dropDatabase, readTopicMessages, waitFor } from '@dangvien/testing';
import { brokerOutage } from './broker';
import { createOrganisation, graphql, startSystem } from './harness';
import type { System } from './harness';

describe('broker down: mutations still succeed and no event is lost', () => {
  const outage = brokerOutage();
  let system: System;
  const prefix = `BD${Date.now().toString(36).toUpperCase()}`;

  beforeAll(async () => {
    system = await startSystem('e2e_broker_down', { kafka: outage.kafkaOverrides });
  });

  afterAll(async () => {
    await outage.start();
    await system.stop();
    await dropDatabase(system.mongoUrl);
  });

  it(`stores events while the broker is away and delivers them when it is back (${outage.how})`, async () => {
    const url = system.gateway.url;
    const province = await createOrganisation(url, {
      code: prefix,
      name: 'Tỉnh',
      level: 'PROVINCE',
      sector: 'STATE_AGENCY',
    });
    await waitFor(async () => (await system.organisations.relay.pendingCount()) === 0, { timeoutMs: 20_000 });

    await outage.stop();
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
    const mutationsTookMs = Date.now() - startedAt;
    // The mutations never waited for the broker.
    expect(mutationsTookMs).toBeLessThan(5_000);
    // Give the relay time to fail at least once against the missing broker.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await system.organisations.relay.pendingCount()).toBe(2);

    await outage.start();
    await waitFor(async () => (await system.organisations.relay.pendingCount()) === 0, { timeoutMs: 60_000 });

    const [communeDoc] = await system.organisations.repository.organisationCollection
      .find({ code: `${prefix}.XA` })
      .toArray();
    const communeId = String(communeDoc!._id);
    const records = await readTopicMessages(createTestKafka('broker-down-reader'), TOPICS.organisations, {
      until: (all) => all.filter((m) => m.key?.toString() === communeId).length >= 2,
      timeoutMs: 30_000,
    });
    const delivered = records.filter((m) => m.key?.toString() === communeId).map((m) => fromKafkaRecord(m));
    // Delivery is at least once (consumers dedupe on the id): compare distinct events, in arrival order.
    const distinct = [...new Map(delivered.map((e) => [e.id, e])).values()];
    expect(distinct.map((e) => e.type)).toEqual([
      EVENT_TYPES.OrganisationCreated,
      EVENT_TYPES.OrganisationRenamed,
    ]);
  });
});
