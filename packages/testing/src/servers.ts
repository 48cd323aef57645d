import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { startKafkaContainer } from './kafka-container';

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
  /**
   * What clients of the broker need besides KAFKA_BROKERS: KAFKA_SASL_MECHANISM, KAFKA_USERNAME and
   * KAFKA_PASSWORD (the admin) and KAFKA_PASSWORD_<PRINCIPAL> for every principal. Empty for a broker
   * from the environment: the caller's own KAFKA_* variables are used as they are.
   */
  kafkaEnvironment: Record<string, string>;
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

const MONGO_IMAGE = 'mongo:8';
const LOCAL_SH = path.resolve(__dirname, '../../../infra/local/local.sh');
const LOCAL_DIR = process.env.DANGVIEN_LOCAL_DIR ?? path.resolve(__dirname, '../../../.local');

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
      kafkaEnvironment: {},
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
    kafkaEnvironment: fromEnv.kafka ? {} : started.kafkaEnvironment,
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
  const { MongoDBContainer } = await import('@testcontainers/mongodb');
  const [mongo, kafka] = await Promise.allSettled([
    missing.includes('mongo') ? new MongoDBContainer(MONGO_IMAGE).start() : undefined,
    missing.includes('kafka') ? startKafkaContainer() : undefined,
  ]);
  const mongoContainer = mongo.status === 'fulfilled' ? mongo.value : undefined;
  const startedKafka = kafka.status === 'fulfilled' ? kafka.value : undefined;
  const kafkaContainer = startedKafka?.container;
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
    kafkaBrokers: startedKafka?.brokers ?? '',
    kafkaEnvironment: startedKafka?.environment ?? {},
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
    kafkaEnvironment: missing.includes('kafka') ? localKafkaEnvironment() : {},
    containers: [],
    localServersStarted,
    detachInterruptHandler: stopLocalServersOnInterrupt(localServersStarted),
  };
}

/**
 * The local broker's client settings, which `local.sh up kafka` writes (mode 0600) with passwords
 * generated for this installation: `KEY=value` lines.
 */
export function localKafkaEnvironment(
  file = path.join(LOCAL_DIR, 'kafka', 'sasl.env'),
): Record<string, string> {
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
    .filter((match) => match !== null)
    .map((match) => [match[1]!, match[2]!] as const);
  return Object.fromEntries(entries);
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
