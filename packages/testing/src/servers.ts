import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { StartedTestContainer } from 'testcontainers';

/**
 * How the servers for integration tests are chosen, first match wins (infra/local/select-servers.sh
 * does the same for shell scripts):
 *   1. KAFKA_BROKERS / MONGO_URL already set: used as they are (CI, or a developer's own servers);
 *   2. a Docker engine answers: throw-away containers from testcontainers;
 *   3. otherwise the local servers of infra/local/local.sh, which need no Docker.
 * A variable the environment sets is kept even when the other server comes from rule 2 or 3.
 */
export type ServerSource = 'env' | 'docker' | 'local';
type Server = 'kafka' | 'mongo';

export interface SelectedServers {
  source: ServerSource;
  kafkaBrokers: string;
  mongoUrl: string;
  /** What `releaseServers` stops: only what the selection started itself. */
  containers: StartedTestContainer[];
  localServersStarted: Server[];
  /** Undoes the interrupt handler of `stopLocalServersOnInterrupt`. */
  detachInterruptHandler?: () => void;
}

declare global {
  // Jest runs the global setup and teardown in one process; a global is how they share state.
  var __dangvienTestServers: SelectedServers | undefined;
}

// testcontainers 12's KafkaContainer drives Confluent's image (its start script and KRaft detection
// by tag); the apache/kafka image would be taken for a ZooKeeper-era one. cp-kafka 8.1 is Kafka 4.1.
const KAFKA_IMAGE = 'confluentinc/cp-kafka:8.1.0';
const MONGO_IMAGE = 'mongo:8';
const KAFKA_CONTAINER_PORT = 9093;
const LOCAL_SH = path.resolve(__dirname, '../../../infra/local/local.sh');

function say(line: string): void {
  process.stderr.write(`servers: ${line}\n`);
}

export async function selectServers(env: NodeJS.ProcessEnv = process.env): Promise<SelectedServers> {
  const fromEnv = { kafka: env.KAFKA_BROKERS || undefined, mongo: env.MONGO_URL || undefined };
  const missing = (['mongo', 'kafka'] as const).filter((server) => fromEnv[server] === undefined);
  if (missing.length === 0) {
    say('using KAFKA_BROKERS/MONGO_URL from the environment');
    return {
      source: 'env',
      kafkaBrokers: fromEnv.kafka ?? '',
      mongoUrl: fromEnv.mongo ?? '',
      containers: [],
      localServersStarted: [],
    };
  }
  if (missing.length === 1) {
    say(`using ${fromEnv.kafka ? 'KAFKA_BROKERS' : 'MONGO_URL'} from the environment`);
  }

  const started = (await dockerAnswers()) ? await startContainers(missing) : startLocalServers(missing, env);
  return {
    ...started,
    kafkaBrokers: fromEnv.kafka ?? started.kafkaBrokers,
    mongoUrl: fromEnv.mongo ?? started.mongoUrl,
  };
}

/** Stops what `selectServers` started; servers that were already running stay up. */
export async function releaseServers(servers: SelectedServers): Promise<void> {
  servers.detachInterruptHandler?.();
  await Promise.all(servers.containers.map((container) => container.stop()));
  if (servers.localServersStarted.length > 0) {
    runLocalSh(['down', ...servers.localServersStarted], 'inherit');
  }
}

async function dockerAnswers(): Promise<boolean> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startContainers(missing: readonly Server[]): Promise<SelectedServers> {
  say(`Docker engine found: starting containers for ${missing.join(' and ')}`);
  const [{ MongoDBContainer }, { KafkaContainer }] = await Promise.all([
    import('@testcontainers/mongodb'),
    import('@testcontainers/kafka'),
  ]);
  const [mongo, kafka] = await Promise.allSettled([
    missing.includes('mongo') ? new MongoDBContainer(MONGO_IMAGE).start() : undefined,
    missing.includes('kafka')
      ? new KafkaContainer(KAFKA_IMAGE)
          // The same topic defaults as the compose and local brokers.
          .withEnvironment({ KAFKA_NUM_PARTITIONS: '3', KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true' })
          .start()
      : undefined,
  ]);
  const mongoContainer = mongo.status === 'fulfilled' ? mongo.value : undefined;
  const kafkaContainer = kafka.status === 'fulfilled' ? kafka.value : undefined;
  const containers = [mongoContainer, kafkaContainer].filter((container) => container !== undefined);
  for (const result of [mongo, kafka]) {
    if (result.status === 'rejected') {
      await Promise.allSettled(containers.map((container) => container.stop()));
      throw result.reason;
    }
  }
  say(`containers ready: ${containers.map((container) => container.getName()).join(', ')}`);
  return {
    source: 'docker',
    kafkaBrokers: kafkaContainer
      ? `${kafkaContainer.getHost()}:${kafkaContainer.getMappedPort(KAFKA_CONTAINER_PORT)}`
      : '',
    // The container is a one-member replica set known by its container hostname; a direct connection
    // skips the discovery that would try to reach that name from the host.
    mongoUrl: mongoContainer ? `${mongoContainer.getConnectionString()}/?directConnection=true` : '',
    containers,
    localServersStarted: [],
  };
}

function startLocalServers(missing: readonly Server[], env: NodeJS.ProcessEnv): SelectedServers {
  // Only servers that were not running before are ours to stop afterwards.
  const localServersStarted = missing.filter((server) => runLocalSh(['status', server], 'ignore') !== 0);
  say(`no Docker engine: local servers (infra/local/local.sh up ${missing.join(' ')})`);
  const status = runLocalSh(['up', ...missing], 'inherit');
  if (status !== 0) {
    // `up` may have started one server before the other failed.
    if (localServersStarted.length > 0) runLocalSh(['down', ...localServersStarted], 'inherit');
    throw new Error(
      `infra/local/local.sh up ${missing.join(' ')} failed (exit ${status}); see its output above`,
    );
  }
  return {
    source: 'local',
    kafkaBrokers: `127.0.0.1:${env.KAFKA_PORT || '9092'}`,
    mongoUrl: `mongodb://127.0.0.1:${env.MONGO_PORT || '27017'}/?directConnection=true`,
    containers: [],
    localServersStarted,
    detachInterruptHandler: stopLocalServersOnInterrupt(localServersStarted),
  };
}

/**
 * Jest skips the global teardown when interrupted (Ctrl-C). The local servers run in a session of
 * their own, so they would outlive the run, and the next run would take them for a developer's own
 * servers and leave them up too. Containers need no such care: testcontainers' reaper removes them
 * when this process dies.
 */
function stopLocalServersOnInterrupt(started: readonly Server[]): (() => void) | undefined {
  if (started.length === 0) return undefined;
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const detach = (): void => {
    for (const signal of signals) process.removeListener(signal, onSignal);
  };
  function onSignal(signal: NodeJS.Signals): void {
    detach();
    runLocalSh(['down', ...started], 'inherit');
    // Without our listener the signal's default action applies again: the process ends as it would have.
    process.kill(process.pid, signal);
  }
  for (const signal of signals) process.on(signal, onSignal);
  return detach;
}

function runLocalSh(args: readonly string[], stdio: 'inherit' | 'ignore'): number | null {
  const result = spawnSync('bash', [LOCAL_SH, ...args], { stdio });
  if (result.error) throw result.error;
  return result.status;
}
