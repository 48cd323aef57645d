import { randomUUID } from 'node:crypto';
import { createLogger } from '@dangvien/logger';
import { kafkaBrokers, testDatabase } from '@dangvien/testing';
import type { TestDatabase } from '@dangvien/testing';
import type { KafkaConfig } from 'kafkajs';
import { readEnvironment } from '../src/environment';
import { createOrganisationsService } from '../src/service';
import type { OrganisationsService } from '../src/service';

/** An organisations service on a free port with its own database, against the real servers. */
export function startTestService(
  options: { seed?: boolean; name?: string; database?: TestDatabase; kafka?: Partial<KafkaConfig> } = {},
) {
  const database = options.database ?? testDatabase(options.name ?? 'organisations');
  const config = readEnvironment({
    NODE_ENV: 'test',
    PORT: '0',
    MONGO_URL: database.url,
    MONGO_DB: database.name,
    KAFKA_BROKERS: kafkaBrokers().join(','),
    MEMBER_EVENTS_GROUP: `organisations.member-counts.test-${randomUUID()}`,
    SEED_DEMO: options.seed ? 'true' : 'false',
    OUTBOX_SWEEP_INTERVAL_MS: '1000',
  });
  const service: OrganisationsService = createOrganisationsService(config, {
    logger: createLogger({ name: 'organisations-test', level: process.env.TEST_LOG_LEVEL ?? 'fatal' }),
    ...(options.kafka ? { kafka: options.kafka } : {}),
  });
  return { service, database, mongoUrl: database.url, config };
}

export { graphql } from '@dangvien/testing';
