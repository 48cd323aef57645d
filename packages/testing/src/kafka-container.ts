import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { KAFKA_PRINCIPALS } from '@dangvien/contracts';
import type { StartedTestContainer } from 'testcontainers';
import { passwordVariable } from './kafka';

// The tests' broker where a Docker engine answers: the apache/kafka image run by the same
// start-broker.sh as Compose's kafka service (SASL/SCRAM only, ACLs), with passwords of this run.
// testcontainers' KafkaContainer offers SASL only next to a plaintext listener (and with TLS), which
// would leave the broker open, so a generic container it is.

const KAFKA_IMAGE = 'apache/kafka:4.4.0';
const REPO = path.resolve(__dirname, '../../..');
const DOCKER_KAFKA = path.join(REPO, 'infra', 'docker', 'kafka');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface StartedKafka {
  container: StartedTestContainer;
  brokers: string;
  /** KAFKA_SASL_MECHANISM, the admin's KAFKA_USERNAME/KAFKA_PASSWORD, every KAFKA_PASSWORD_<PRINCIPAL>. */
  environment: Record<string, string>;
}

export async function startKafkaContainer(): Promise<StartedKafka> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const secret = (): string => randomBytes(24).toString('hex');
  const passwords = Object.fromEntries(KAFKA_PRINCIPALS.map((p) => [passwordVariable(p), secret()]));
  // The advertised address must be the one the host reaches, known before the broker starts: a
  // fixed binding of a port free now.
  const port = await freePort();
  const container = await new GenericContainer(KAFKA_IMAGE)
    .withEntrypoint(['/bin/bash', '/opt/dangvien/start-broker.sh'])
    .withCopyFilesToContainer([
      { source: path.join(DOCKER_KAFKA, 'start-broker.sh'), target: '/opt/dangvien/start-broker.sh' },
      { source: path.join(DOCKER_KAFKA, 'acls.txt'), target: '/opt/dangvien/acls.txt' },
    ])
    .withEnvironment({
      ...passwords,
      CLUSTER_ID: 'ZGFuZ3ZpZW4tdGVzdHM',
      BROKER_PASSWORD: secret(),
      CONTROLLER_PASSWORD: secret(),
      DANGVIEN_LISTENERS: 'EXTERNAL://:9092',
      DANGVIEN_ADVERTISED_LISTENERS: `EXTERNAL://127.0.0.1:${port}`,
      KAFKA_NUM_PARTITIONS: '3',
      // The same as the local broker: tests produce to topics of their own without creating them.
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
    })
    .withExposedPorts({ container: 9092, host: port })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  const brokers = `127.0.0.1:${port}`;
  const environment = {
    ...passwords,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_USERNAME: 'admin',
    KAFKA_PASSWORD: passwords[passwordVariable('admin')]!,
  };
  // The ACLs, as infra/local applies them (kafkajs, from the host, as the admin).
  const applied = spawnSync(
    process.execPath,
    [path.join(REPO, 'infra', 'local', 'kafka-acls.mjs'), brokers, path.join(DOCKER_KAFKA, 'acls.txt')],
    { env: { ...process.env, ...environment }, encoding: 'utf8' },
  );
  if (applied.status !== 0) {
    await container.stop();
    throw new Error(`applying the ACLs to the Kafka container failed: ${applied.stderr}`);
  }
  return { container, brokers, environment };
}
