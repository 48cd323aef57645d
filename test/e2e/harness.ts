import { randomUUID } from 'node:crypto';
import { createGateway, readEnvironment as readGatewayEnvironment } from '@dangvien/gateway';
import type { Gateway } from '@dangvien/gateway';
import { createLogger } from '@dangvien/logger';
import { createOrganisationsService, readEnvironment } from '@dangvien/organisations';
import type { OrganisationsService } from '@dangvien/organisations';
import { graphql, kafkaBrokers, testDatabase } from '@dangvien/testing';
import type { KafkaConfig } from 'kafkajs';

export interface System {
  organisations: OrganisationsService;
  gateway: Gateway;
  mongoUrl: string;
  stop(): Promise<void>;
}

/** The supergraph in one process: the organisations subgraph and the gateway, on free ports. */
export async function startSystem(
  name: string,
  options: { kafka?: Partial<KafkaConfig> } = {},
): Promise<System> {
  const database = testDatabase(name);
  const mongoUrl = database.url;
  const logger = createLogger({ name: `e2e-${name}`, level: process.env.TEST_LOG_LEVEL ?? 'fatal' });
  const organisations = createOrganisationsService(
    readEnvironment({
      NODE_ENV: 'production',
      PORT: '0',
      MONGO_URL: mongoUrl,
      MONGO_DB: database.name,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      MEMBER_EVENTS_GROUP: `organisations.member-counts.test-${randomUUID()}`,
      SEED_DEMO: 'false',
      OUTBOX_SWEEP_INTERVAL_MS: '1000',
    }),
    { logger, ...(options.kafka ? { kafka: options.kafka } : {}) },
  );
  await organisations.start();
  const gateway = createGateway(
    readGatewayEnvironment({
      NODE_ENV: 'production',
      PORT: '0',
      SUBGRAPH_ORGANISATIONS_URL: organisations.url,
    }),
    { logger },
  );
  await gateway.start();
  return {
    organisations,
    gateway,
    mongoUrl,
    async stop() {
      await gateway.stop();
      await organisations.stop();
    },
  };
}

export { graphql };

export const CREATE_ORGANISATION = `mutation ($input: CreateOrganisationInput!) {
  createOrganisation(input: $input) { organisation { id code } userErrors { code field message } }
}`;

/** Creates an organisation through the gateway and returns its id, failing the test on any error. */
export async function createOrganisation(
  url: string,
  input: { code: string; name: string; level: string; sector: string; parentId?: string | null },
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
