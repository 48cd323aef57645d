// Jest global setup of the `integration` project: provides a real Kafka broker and a real
// MongoDB-compatible database before any test file runs (see servers.ts for how they are chosen).
import { TOPIC_DECLARATIONS } from '@dangvien/contracts';
import { ensureTopics } from '@dangvien/kafka';
import { createTestKafka } from './kafka';
import { selectServers } from './servers';
import { removeStaleTestData } from './stale-test-data';

export default async function globalSetup(): Promise<void> {
  const kafkaFromEnv = Boolean(process.env.KAFKA_BROKERS);
  const servers = await selectServers();
  globalThis.__dangvienTestServers = servers;
  // Test workers are forked after this and inherit the parent's environment.
  process.env.KAFKA_BROKERS = servers.kafkaBrokers;
  process.env.MONGO_URL = servers.mongoUrl;
  // The admin's credentials and every principal's password, for the broker this setup started.
  Object.assign(process.env, servers.kafkaEnvironment);
  // Tests that stop and restart the broker may only do so with servers the run owns; a value set by
  // a caller that chose the servers itself (infra/local/select-servers.sh) is the better answer.
  process.env.DANGVIEN_SERVERS =
    servers.source === 'env' ? process.env.DANGVIEN_SERVERS || 'env' : servers.source;
  // Where the broker itself came from: a test may stop and restart it only when it is a local one.
  process.env.DANGVIEN_KAFKA_SOURCE = kafkaFromEnv ? 'env' : servers.source;
  say(`KAFKA_BROKERS=${servers.kafkaBrokers} MONGO_URL=${servers.mongoUrl}`);

  // What Docker Compose's kafka-init and `./dangvien start` do: every declared topic exists before any
  // service starts, so a test service's consumers never wait for a topic no test service owns.
  const kafka = createTestKafka('test-setup');
  const created = await ensureTopics(kafka, TOPIC_DECLARATIONS);
  if (created.length > 0) say(`created topics ${created.join(', ')}`);

  const removed = await removeStaleTestData(servers);
  if (removed.topics > 0 || removed.databases > 0) {
    say(`removed ${removed.topics} topic(s) and ${removed.databases} database(s) left by earlier runs`);
  }
  for (const problem of removed.problems) say(`could not remove stale test data: ${problem}`);
}

function say(line: string): void {
  process.stderr.write(`servers: ${line}\n`);
}
