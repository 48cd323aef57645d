import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { logLevel as KafkaLogLevel } from 'kafkajs';
import type { IHeaders, Kafka, KafkaConfig, KafkaMessage, logCreator } from 'kafkajs';
import { ADMIN_PRINCIPAL } from '@dangvien/contracts';
import type { KafkaPrincipal } from '@dangvien/contracts';
import { createKafkaClient, kafkaCredentials } from '@dangvien/kafka';
import type { KafkaCredentials } from '@dangvien/kafka';

/** The brokers chosen by the integration project's global setup (or given in KAFKA_BROKERS). */
export function kafkaBrokers(value: string | undefined = process.env.KAFKA_BROKERS): string[] {
  const brokers = (value ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  if (brokers.length === 0) {
    throw new Error(
      'KAFKA_BROKERS is not set: run integration tests through jest (its global setup provides the servers) or set it',
    );
  }
  return brokers;
}

/**
 * A topic no other test uses, so tests never read each other's messages. Its name carries its creation
 * time: the global setup deletes test topics once they are stale.
 * Kafka allows [a-zA-Z0-9._-]; '_' becomes '-' too, because names differing only by '.' versus '_'
 * collide in Kafka's metric names (the broker warns about them).
 */
export function uniqueTopic(prefix: string): string {
  const slug = prefix.replace(/[^a-zA-Z0-9.-]+/g, '-').slice(0, 120) || 'topic';
  return `${slug}-test-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** When `uniqueTopic` made this name (ms since the epoch), or undefined for any other topic. */
export function testTopicCreatedAt(topic: string): number | undefined {
  const match = /-test-([0-9a-z]+)-[0-9a-f]{8}$/.exec(topic);
  return match?.[1] === undefined ? undefined : parseInt(match[1], 36);
}

/**
 * The credentials of a principal on the run's broker, or undefined when it has no SASL (a broker
 * from KAFKA_BROKERS without KAFKA_USERNAME). The global setup puts the admin's in
 * KAFKA_USERNAME/KAFKA_PASSWORD and every principal's password in KAFKA_PASSWORD_<PRINCIPAL>.
 * No principal: the admin, which test setup uses.
 */
export function testKafkaCredentials(
  principal?: KafkaPrincipal,
  env: NodeJS.ProcessEnv = process.env,
): KafkaCredentials | undefined {
  const admin = kafkaCredentials({
    KAFKA_SASL_MECHANISM: env.KAFKA_SASL_MECHANISM as KafkaCredentials['mechanism'] | undefined,
    KAFKA_USERNAME: env.KAFKA_USERNAME || undefined,
    KAFKA_PASSWORD: env.KAFKA_PASSWORD || undefined,
  });
  if (!admin || principal === undefined || principal === admin.username) return admin;
  const password = env[passwordVariable(principal)];
  if (!password) {
    throw new Error(
      `${passwordVariable(principal)} is not set: the broker takes SASL (KAFKA_USERNAME=${admin.username}), so a test acting as ${principal} needs its password`,
    );
  }
  return { mechanism: admin.mechanism, username: principal, password };
}

/** Where the global setup puts a principal's password: KAFKA_PASSWORD_ORGANISATIONS, …_INTEGRATOR. */
export function passwordVariable(principal: KafkaPrincipal | string): string {
  return `KAFKA_PASSWORD_${principal.toUpperCase()}`;
}

/**
 * KAFKA_BROKERS and, when the broker takes SASL, the principal's KAFKA_USERNAME/KAFKA_PASSWORD: what a
 * service under test reads from its environment (each service as its own principal).
 */
export function testKafkaEnvironment(principal: KafkaPrincipal = ADMIN_PRINCIPAL): Record<string, string> {
  const credentials = testKafkaCredentials(principal);
  return {
    KAFKA_BROKERS: kafkaBrokers().join(','),
    ...(credentials
      ? {
          KAFKA_SASL_MECHANISM: credentials.mechanism,
          KAFKA_USERNAME: credentials.username,
          KAFKA_PASSWORD: credentials.password,
        }
      : {}),
  };
}

export interface TestKafkaOptions {
  /** ERROR by default: kafkajs logs the retries of normal operation as WARN. */
  logLevel?: KafkaLogLevel;
  /** Who connects: the admin by default (tests set up and inspect everything). */
  principal?: KafkaPrincipal;
  /** Exact credentials instead (a wrong password, say); `null`: none at all. */
  credentials?: KafkaCredentials | null;
  /** Other brokers than the run's (a private broker). */
  brokers?: string[];
  /** Further kafkajs settings (a private broker's `kafkaOverrides`). */
  overrides?: Partial<KafkaConfig>;
}

/**
 * kafkajs logs every error response at ERROR, retried ones included: producing to a topic the
 * broker has just auto-created always logs "This server does not host this topic-partition" once.
 * Those per-request lines are dropped; an error that matters is thrown to the test anyway, and
 * everything else (a consumer crash, a failed rebalance) is still written.
 */
const testLogCreator: logCreator =
  () =>
  ({ namespace, label, log: { message, timestamp: _timestamp, ...details } }) => {
    if (namespace === 'Connection') return;
    process.stderr.write(`kafkajs ${label} [${namespace}] ${message} ${JSON.stringify(details)}\n`);
  };

/**
 * A kafkajs client for tests: short retry back-off (a local broker answers in milliseconds, so the
 * production defaults only slow a failing test down) but enough retries to ride out the leader
 * election of an auto-created topic.
 */
export function createTestKafka(clientId: string, options: TestKafkaOptions = {}): Kafka {
  const credentials =
    options.credentials === null
      ? undefined
      : (options.credentials ?? testKafkaCredentials(options.principal));
  return createKafkaClient({
    clientId,
    brokers: options.brokers ?? kafkaBrokers(),
    credentials,
    overrides: {
      logLevel: options.logLevel ?? KafkaLogLevel.ERROR,
      logCreator: testLogCreator,
      retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: 10 },
      ...options.overrides,
    },
  });
}

/** A consumed message with its bytes decoded as UTF-8, which is what every event in this repo is. */
export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  value: string | null;
  /** Kafka allows a header key twice; the last value wins here. */
  headers: Record<string, string>;
}

interface ReadUntilCount {
  /** Stop after this many messages; exactly those are returned. */
  count: number;
  until?: never;
}

interface ReadUntilCondition {
  /** Stop as soon as this holds for the messages read so far; all of them are returned. */
  until: (messages: readonly ReadMessage[]) => boolean;
  count?: never;
}

export type ReadTopicOptions = {
  /** Give up after this long (default 15 s; joining a fresh consumer group takes about a second). */
  timeoutMs?: number;
  /** The group's name prefix (default `test-reader-`): a principal may join only its own groups. */
  groupPrefix?: string;
} & (ReadUntilCount | ReadUntilCondition);

/**
 * Reads a topic from the beginning with a fresh consumer group, until `count` messages were read or
 * `until` holds, then disconnects.
 * Messages arrive in order within a partition only; across partitions the order is arrival order.
 */
export async function readTopicMessages(
  kafka: Kafka,
  topic: string,
  options: ReadTopicOptions,
): Promise<ReadMessage[]> {
  const { timeoutMs = 15_000 } = options;
  const goal = options.count !== undefined ? `${options.count} message(s)` : 'the until() condition';
  const isDone =
    options.count !== undefined
      ? (messages: readonly ReadMessage[]) => messages.length >= options.count
      : options.until;

  const consumer = kafka.consumer({
    groupId: `${options.groupPrefix ?? 'test-reader-'}${randomBytes(6).toString('hex')}`,
    // Short fetch waits: disconnect() waits for the fetch in flight, up to this long.
    maxWaitTimeInMs: 100,
    // No restart after a crash once we are done: kafkajs's restart timer outlives disconnect().
    retry: { retries: 3, restartOnFailure: async () => !finished },
  });
  let finished = false;
  const messages: ReadMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = new Promise<ReadMessage[]>((resolve, reject) => {
      timer = setTimeout(() => {
        reject(
          new Error(
            `readTopicMessages: ${goal} not read from "${topic}" within ${timeoutMs} ms; ` +
              `read ${messages.length}: ${inspect(messages.slice(-5), { depth: 3, breakLength: 120 })}`,
          ),
        );
      }, timeoutMs);
      // kafkajs restarts a crashed consumer when the error is retriable; only a final crash is fatal.
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) {
          reject(new Error(`readTopicMessages: consumer crashed on "${topic}": ${payload.error.message}`));
        }
      });
      consumer
        .connect()
        .then(() => consumer.subscribe({ topics: [topic], fromBeginning: true }))
        .then(() =>
          consumer.run({
            eachMessage: async ({ topic: from, partition, message }) => {
              messages.push(decode(from, partition, message));
              // A copy: messages of the current batch keep arriving until disconnect().
              if (isDone(messages)) resolve(messages.slice(0, options.count ?? messages.length));
            },
          }),
        )
        .catch(reject);
    });
    return await result;
  } finally {
    clearTimeout(timer);
    finished = true;
    await consumer.disconnect();
  }
}

function decode(topic: string, partition: number, message: KafkaMessage): ReadMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    timestamp: message.timestamp,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value ? message.value.toString('utf8') : null,
    headers: decodeHeaders(message.headers),
  };
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [key, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    if (value !== undefined) decoded[key] = value.toString();
  }
  return decoded;
}
