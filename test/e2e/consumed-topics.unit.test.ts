import {
  CONSUMED_TOPICS,
  consumerGroupPrefix,
  DEPLOYED_SERVICES,
  KAFKA_ACLS,
  TOPICS,
} from '@dangvien/contracts';
import type { ServiceName } from '@dangvien/contracts';
import type { ConsumerDefinition } from '@dangvien/kafka';
import { createLogger } from '@dangvien/logger';
import type { Service, ServiceModule } from '@dangvien/runtime';

// The broker's ACLs grant each service the topics CONSUMED_TOPICS lists for it
// (packages/contracts/src/kafka-access.ts). This checks that list against what the services'
// consumers really subscribe to, so a consumer added without its ACL (or an ACL left behind) fails
// here instead of as an authorisation error at run time.

/**
 * Topics a service reads outside its ConsumerDefinitions: the organisations service's tree-index
 * refreshers (services/organisations/src/tree/refresher.ts) subscribe to its own topic directly.
 */
const DIRECT_SUBSCRIPTIONS: Partial<Record<ServiceName, string[]>> = {
  organisations: [TOPICS.organisations],
};

function moduleOf(name: string): ServiceModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`@dangvien/${name}`) as { serviceModule: ServiceModule }).serviceModule;
}

/** A service built but never started: its consumer definitions, with no server reached. */
async function consumersOf(name: ServiceName): Promise<ConsumerDefinition[]> {
  const service: Service<unknown> = moduleOf(name).create(
    {
      NODE_ENV: 'test',
      PORT: '0',
      // An option the driver refuses before connecting: no server is looked for, nothing to wait for.
      MONGO_URL: 'mongodb://127.0.0.1:9/?tls=never',
      KAFKA_BROKERS: '127.0.0.1:9',
      SEED_DEMO: 'false',
    },
    { logger: createLogger({ name: `consumers-${name}`, level: 'fatal' }) },
  );
  try {
    return ((service.parts as { consumers?: ConsumerDefinition[] }).consumers ?? []).slice();
  } finally {
    // Not `stop()`, which drains and disconnects what never started: only the database connection
    // (mongoose opens it on creation, and the driver has refused it) is closed.
    service.runtime.database.connection.on('error', () => undefined);
    await service.runtime.database.connection.close(true);
  }
}

describe('CONSUMED_TOPICS matches what the services consume', () => {
  it.each(DEPLOYED_SERVICES.map((s) => s.name))('%s', async (name) => {
    const consumers = await consumersOf(name);
    expect(consumers.length).toBeGreaterThan(0);
    const subscribed = new Set([
      ...consumers.flatMap((c) => c.topics),
      ...(DIRECT_SUBSCRIPTIONS[name] ?? []),
    ]);
    expect([...subscribed].sort()).toEqual([...CONSUMED_TOPICS[name]].sort());
    // Their group ACL is a prefix: every consumer group of the service must start with it.
    for (const consumer of consumers) expect(consumer.name.startsWith(consumerGroupPrefix(name))).toBe(true);
  });

  it('grants each service READ on exactly the topics it consumes', () => {
    for (const { name } of DEPLOYED_SERVICES) {
      const readable = KAFKA_ACLS.filter(
        (acl) => acl.principal === name && acl.resourceType === 'topic' && acl.operations.includes('READ'),
      ).map((acl) => acl.resourceName);
      expect(readable.sort()).toEqual([...CONSUMED_TOPICS[name]].sort());
    }
  });
});
