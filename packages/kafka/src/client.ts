import { Kafka, logLevel } from 'kafkajs';
import type { Consumer, ConsumerConfig, KafkaConfig, LogEntry } from 'kafkajs';
import type { Logger } from '@dangvien/logger';
import { saslOptions } from './credentials';
import type { KafkaCredentials } from './credentials';

export interface KafkaClientOptions {
  clientId: string;
  brokers: string[];
  /** Where kafkajs's own logs go; without one, `overrides.logCreator` or kafkajs's console. */
  logger?: Logger;
  /** SASL credentials (`kafkaCredentials(config)`); none: an unauthenticated connection. */
  credentials?: KafkaCredentials | undefined;
  /** Extra kafkajs settings (tests pass a socketFactory or shorter timeouts). */
  overrides?: Partial<KafkaConfig>;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * Every kafkajs client of the repository is made here (services, relay, consumers, topic creation,
 * `./dangvien dlt`, test helpers, benchmarks), so that credentials and timeouts are set in one place.
 * Its own logs go through our pino logger (warn and up by default).
 */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  const log = options.logger?.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 200, retries: 5, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN,
    ...(log
      ? {
          logCreator:
            () =>
            ({ level, log: entry }: LogEntry) => {
              const { message, ...rest } = entry;
              log[LEVELS[level] ?? 'info'](rest, message);
            },
        }
      : {}),
    ...(options.credentials ? { sasl: saslOptions(options.credentials) } : {}),
    ...options.overrides,
  });
}

export interface StoppableConsumer {
  consumer: Consumer;
  /** Leaves the group and disconnects; a crash after this never restarts the consumer. */
  stop(): Promise<void>;
}

/**
 * A kafkajs consumer with the settings every consumer here needs:
 * - a short fetch wait, so an idle consumer asks twice a second and shutdown never waits long;
 * - a 10 s session (kafkajs default 30 s): after a broker restart the group waits for members of the
 *   previous session to expire before it rebalances, and a shutdown in that window waits too;
 * - no restart after stop: kafkajs restarts a crashed consumer on a timer that `disconnect()` does
 *   not cancel, which would bring a stopped consumer back.
 */
export function createStoppableConsumer(
  kafka: Kafka,
  config: Pick<ConsumerConfig, 'groupId'> & Partial<ConsumerConfig>,
): StoppableConsumer {
  let stopping = false;
  const consumer = kafka.consumer({
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 500,
    sessionTimeout: 10_000,
    heartbeatInterval: 3_000,
    ...config,
    retry: { ...config.retry, restartOnFailure: async () => !stopping },
  });
  return {
    consumer,
    async stop() {
      stopping = true;
      await consumer.disconnect();
    },
  };
}

/**
 * kafkajs 2.2 sets a negative timeout on Node 22+, which prints a harmless TimeoutNegativeWarning on
 * every run: command-line tools drop that one warning so their output stays what they print.
 */
export function quietKafkaWarnings(): void {
  const listeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') for (const listener of listeners) listener(warning);
  });
}
