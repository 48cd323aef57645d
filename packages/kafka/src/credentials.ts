import type { SASLOptions } from 'kafkajs';
import { ConfigError, env, parseEnvironment, z } from '@dangvien/config';

export const SASL_MECHANISMS = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** Who a client is to the broker: one SASL user (a principal of KAFKA_PRINCIPALS). */
export interface KafkaCredentials {
  mechanism: SaslMechanism;
  username: string;
  password: string;
}

/**
 * The environment keys of a Kafka client, for every reader of the environment (the services' base
 * environment, the command-line tools). No KAFKA_USERNAME: no SASL at all, so KAFKA_BROKERS may
 * point at an open broker; with it, KAFKA_PASSWORD is required and the mechanism defaults to
 * SCRAM-SHA-512, which is what every broker of this repository offers.
 */
export const kafkaCredentialsShape = {
  KAFKA_SASL_MECHANISM: z.enum(SASL_MECHANISMS).optional(),
  KAFKA_USERNAME: z.string().min(1).optional(),
  KAFKA_PASSWORD: z.string().min(1).optional(),
};

export const kafkaEnvironmentShape = { KAFKA_BROKERS: env.brokers(), ...kafkaCredentialsShape };

type CredentialsEnvironment = z.infer<z.ZodObject<typeof kafkaCredentialsShape>>;

/** The credentials the environment gives, or undefined for none; a half-given pair is refused. */
export function kafkaCredentials(config: CredentialsEnvironment): KafkaCredentials | undefined {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_USERNAME: username, KAFKA_PASSWORD: password } = config;
  const problems: string[] = [];
  if (username && !password) problems.push('KAFKA_PASSWORD: required with KAFKA_USERNAME');
  if (password && !username) problems.push('KAFKA_USERNAME: required with KAFKA_PASSWORD');
  if (mechanism && !username) problems.push('KAFKA_USERNAME: required with KAFKA_SASL_MECHANISM');
  if (problems.length > 0) throw new ConfigError(problems);
  if (!username || !password) return undefined;
  return { mechanism: mechanism ?? 'scram-sha-512', username, password };
}

/** kafkajs's `sasl` setting for these credentials. */
export function saslOptions(credentials: KafkaCredentials): SASLOptions {
  const { mechanism, username, password } = credentials;
  // One branch per mechanism: kafkajs types `sasl` as a union keyed by its literal.
  switch (mechanism) {
    case 'plain':
      return { mechanism, username, password };
    case 'scram-sha-256':
      return { mechanism, username, password };
    case 'scram-sha-512':
      return { mechanism, username, password };
  }
}

/** KAFKA_BROKERS and the credentials, read from an environment (the command-line tools' way). */
export function readKafkaEnvironment(source: Record<string, string | undefined> = process.env): {
  brokers: string[];
  credentials: KafkaCredentials | undefined;
} {
  const config = parseEnvironment(z.object(kafkaEnvironmentShape), source);
  return { brokers: config.KAFKA_BROKERS, credentials: kafkaCredentials(config) };
}
