import { randomUUID } from 'node:crypto';
import type { KafkaConfig } from 'kafkajs';
import { DEPLOYED_SERVICES, TOPIC_DECLARATIONS } from '@dangvien/contracts';
import {
  createGateway,
  overrideVariable,
  readEnvironment as readGatewayEnvironment,
} from '@dangvien/gateway';
import type { Gateway } from '@dangvien/gateway';
import { createLogger } from '@dangvien/logger';
import type { Logger } from '@dangvien/logger';
import type { OrganisationsService } from '@dangvien/organisations';
import type { Service, ServiceModule } from '@dangvien/runtime';
import { ensureTopics } from '@dangvien/kafka';
import {
  createTestKafka,
  dropDatabase,
  graphql as post,
  testDatabase,
  testKafkaEnvironment,
  waitFor,
} from '@dangvien/testing';
import type { GraphQLResponse } from '@dangvien/testing';
import { fromGlobalId } from '@dangvien/graphql';
import type { TreeStore } from '../../services/members/src/tree/tree-store';
import { testKeys } from './keys';
import type { TestKeys } from './keys';

export interface System {
  /** Every service of the list (packages/contracts/src/services.json), by name. */
  services: Record<string, Service<unknown>>;
  organisations: OrganisationsService;
  gateway: Gateway;
  /** This run's keys: client tokens for the gateway, the identity key subgraphs trust. */
  keys: TestKeys;
  stop(): Promise<void>;
  /** Drops the databases the services used. */
  drop(): Promise<void>;
}

/** A service package's module, found by its name in the list. */
function moduleOf(name: string): ServiceModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`@dangvien/${name}`) as { serviceModule: ServiceModule }).serviceModule;
}

/**
 * The whole system in one process: every service of the list, each with a database of its own, and
 * the gateway over them, on free ports, with consumer groups of this run's own.
 */
export async function startSystem(
  name: string,
  options: {
    kafka?: Partial<KafkaConfig>;
    /** Another broker than the shared one. */ brokers?: string;
    /** The logger of every service and the gateway (a test reading their lines). */ logger?: Logger;
    /**
     * How often each relay looks for events left behind (1 s: a test sees a restart's leftovers at
     * once). A benchmark passes the production default: on FerretDB each look reads every document.
     */
    outboxSweepIntervalMs?: number;
  } = {},
): Promise<System> {
  const logger =
    options.logger ?? createLogger({ name: `e2e-${name}`, level: process.env.TEST_LOG_LEVEL ?? 'fatal' });
  const suffix = `test-${randomUUID()}`;
  const services: Record<string, Service<unknown>> = {};
  const databases: string[] = [];
  const keys = testKeys();
  // Every declared topic first, as Compose's kafka-init and `./dangvien start` do (jest's global setup
  // too; a benchmark has none): a consumer never waits for a topic another service owns.
  if (!options.brokers) await ensureTopics(createTestKafka(`e2e-${name}`), TOPIC_DECLARATIONS);
  for (const { name: service } of DEPLOYED_SERVICES) {
    const database = testDatabase(`${name}_${service}`);
    databases.push(database.url);
    services[service] = moduleOf(service).create(
      {
        NODE_ENV: 'production',
        PORT: '0',
        MONGO_URL: database.url,
        MONGO_DB: database.name,
        // Each service as its own principal; a private broker takes no SASL (its `kafka` overrides
        // carry what it needs).
        ...(options.brokers ? { KAFKA_BROKERS: options.brokers } : testKafkaEnvironment(service)),
        CONSUMER_GROUP_SUFFIX: suffix,
        SEED_DEMO: 'false',
        OUTBOX_SWEEP_INTERVAL_MS: String(options.outboxSweepIntervalMs ?? 1_000),
        ...keys.service,
      },
      { logger, ...(options.kafka ? { kafka: options.kafka } : {}) },
    );
  }
  await Promise.all(Object.values(services).map((service) => service.start()));
  const gateway = createGateway(
    readGatewayEnvironment({
      NODE_ENV: 'production',
      PORT: '0',
      ...keys.gateway,
      ...Object.fromEntries(
        Object.entries(services).map(([service, s]) => [overrideVariable(service), s.url]),
      ),
    }),
    { logger },
  );
  await gateway.start();
  adminTokens.set(
    new URL(gateway.url).origin,
    await keys.token({ role: 'PROVINCIAL_ADMIN', scope: 'sensitive:read' }, { expiresIn: 3_600 }),
  );
  return {
    services,
    organisations: services.organisations as unknown as OrganisationsService,
    gateway,
    keys,
    async stop() {
      await gateway.stop();
      await Promise.all(Object.values(services).map((service) => service.stop()));
    },
    async drop() {
      await Promise.all(databases.map((url) => dropDatabase(url)));
    },
  };
}

/**
 * Another gateway over a running system, as production runs it (keys of the run), every subgraph at
 * its service unless `environment` routes it elsewhere (`SUBGRAPH_<NAME>_URL`, e.g. a recording
 * proxy) or sets limits; started. Its caller stops it.
 */
export async function startGateway(
  system: System,
  environment: Record<string, string> = {},
): Promise<Gateway> {
  const gateway = createGateway(
    readGatewayEnvironment({
      NODE_ENV: 'production',
      PORT: '0',
      ...system.keys.gateway,
      ...Object.fromEntries(
        Object.entries(system.services).map(([service, s]) => [overrideVariable(service), s.url]),
      ),
      ...environment,
    }),
    { logger: createLogger({ name: 'e2e-gateway', level: process.env.TEST_LOG_LEVEL ?? 'fatal' }) },
  );
  await gateway.start();
  return gateway;
}

/** Per gateway started here (by origin): a provincial administrator's token, with the sensitive scope. */
const adminTokens = new Map<string, string>();

/**
 * Posts an operation as a client would. Without `headers`, to a gateway of `startSystem`, as its
 * provincial administrator (the tests set up data they then read); anywhere else, anonymously.
 * Tests of access pass the headers of the caller they play.
 */
export function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers?: Record<string, string>,
): Promise<GraphQLResponse<T>> {
  const token = headers ? undefined : adminTokens.get(new URL(url).origin);
  return post<T>(url, query, variables, headers ?? (token ? { authorization: `Bearer ${token}` } : {}));
}

export const CREATE_ORGANISATION = `mutation ($input: CreateOrganisationInput!) {
  createOrganisation(input: $input) { organisation { id code } userErrors { code field message } }
}`;

/** Creates an organisation through the gateway and returns its id, failing the test on any error. */
export async function createOrganisation(
  url: string,
  input: {
    code: string;
    name: string;
    level: string;
    sector: string;
    parentId?: string | null;
    effectiveDate?: string;
  },
): Promise<string> {
  const response = await graphql<{
    createOrganisation: {
      organisation: { id: string } | null;
      userErrors: { code: string; message: string }[];
    };
  }>(url, CREATE_ORGANISATION, { input });
  const payload = response.data?.createOrganisation;
  if (!payload?.organisation) throw new Error(`create ${input.code} failed: ${JSON.stringify(response)}`);
  return payload.organisation.id;
}

/**
 * Waits until the members service's tree holds every one of these organisations (global or local
 * ids). The tree reaches it over Kafka a unit at a time, in no order across units, after every
 * organisation event already on the shared topic.
 */
export async function membersTreeHolds(
  system: System,
  ids: readonly string[],
  timeoutMs = 120_000,
): Promise<void> {
  const { treeStore } = system.services.members!.parts as { treeStore: TreeStore };
  const local = ids.map((id) => fromGlobalId(id)?.id ?? id);
  await waitFor(
    async () => {
      await treeStore.refresh();
      return local.every((id) => treeStore.tree.has(id));
    },
    { until: Boolean, timeoutMs, intervalMs: 500, description: 'the tree in the members service' },
  );
}
