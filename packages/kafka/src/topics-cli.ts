#!/usr/bin/env node
// `node packages/kafka/dist/topics-cli.js create`: creates every declared topic that does not exist yet,
// as Docker Compose's kafka-init does; `./dangvien start` runs it once the broker answers, before any
// service starts. KAFKA_BROKERS says where, KAFKA_USERNAME/KAFKA_PASSWORD as whom (the admin principal:
// creating topics is granted to no other).
import { logLevel } from 'kafkajs';
import { TOPIC_DECLARATIONS } from '@dangvien/contracts';
import { createLogger } from '@dangvien/logger';
import { createKafkaClient, quietKafkaWarnings } from './client';
import { readKafkaEnvironment } from './credentials';
import { ensureTopics } from './topics';

async function main(): Promise<number> {
  quietKafkaWarnings();
  if (process.argv[2] !== 'create') {
    process.stderr.write('usage: topics-cli create\n');
    return 2;
  }
  const { brokers, credentials } = readKafkaEnvironment();
  const kafka = createKafkaClient({
    clientId: 'dangvien-topics',
    brokers,
    credentials,
    logger: createLogger({ name: 'topics', level: 'error' }),
    overrides: { logLevel: logLevel.ERROR },
  });
  const created = await ensureTopics(kafka, TOPIC_DECLARATIONS);
  process.stdout.write(
    created.length > 0
      ? `created ${created.length} topic(s): ${created.join(', ')}\n`
      : `all ${TOPIC_DECLARATIONS.length} declared topics exist\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`topics: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
