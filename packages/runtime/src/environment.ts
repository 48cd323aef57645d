import { env, parseEnvironment, z } from '@dangvien/config';
import { deployedService } from '@dangvien/contracts';
import { kafkaCredentialsShape } from '@dangvien/kafka';

function isPublicJwks(value: string): boolean {
  try {
    const jwks = JSON.parse(value) as { keys?: Record<string, unknown>[] };
    return (
      Array.isArray(jwks.keys) &&
      jwks.keys.length > 0 &&
      jwks.keys.every(
        (k) => k.kty === 'OKP' && k.crv === 'Ed25519' && typeof k.kid === 'string' && !('d' in k),
      )
    );
  } catch {
    return false;
  }
}

/**
 * The environment every service reads, one schema: a service adds only its own keys
 * (`serviceEnvironment('members', { IMPORT_DIR: z.string() })`). Its `environment.ts` is the only
 * reader of `process.env`, at start; a bad value stops the start with every problem listed.
 */
export function baseEnvironmentShape(service: string) {
  return {
    NODE_ENV: env.nodeEnv(),
    LOG_LEVEL: env.logLevel(),
    HOST: z.string().default('127.0.0.1'),
    /** Default: the service's port in services.json. */
    PORT: env.port(deployedService(service)?.port ?? 0),
    MONGO_URL: env.mongoUrl(),
    MONGO_DB: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ and - only, at most 63 (FerretDB’s limit)')
      .default(`dangvien_${service}`),
    KAFKA_BROKERS: env.brokers(),
    KAFKA_CLIENT_ID: z.string().min(1).default(service),
    /** The service's own SASL user (KAFKA_USERNAME, KAFKA_PASSWORD); none: no SASL. */
    ...kafkaCredentialsShape,
    /** Creates the service's demo data on first start with an empty database. */
    SEED_DEMO: env.boolean(true),
    /** How often the outbox relay looks for events a crashed process left behind. */
    OUTBOX_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
    /** How long a consumer remembers an applied event by its id (redeliveries, replays). */
    PROCESSED_EVENTS_RETENTION_DAYS: z.coerce.number().min(1).default(30),
    /** On shutdown, how long the relay may keep sending what is pending. */
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).default(10_000),
    /**
     * Appended to every consumer group's name (`organisations.member-counts.<suffix>`): replicas
     * share groups, so leave it empty in production; tests give each run groups of its own.
     */
    /**
     * The public keys (a JWKS in JSON) of the gateway's identity tokens. Unset: the development key
     * outside production; in production no identity is accepted (every caller anonymous).
     */
    IDENTITY_JWKS: z
      .string()
      .refine(isPublicJwks, 'a JWKS in JSON: {"keys":[{"kty":"OKP","crv":"Ed25519","kid":…,"x":…}]}')
      .optional(),
    /**
     * Whether an identity header without the gateway's signature (plain JSON) is believed: only in
     * development by default (tests and tools that call a subgraph directly); never in production.
     */
    TRUST_IDENTITY_HEADERS: z.enum(['true', 'false', 'development']).default('development'),
    CONSUMER_GROUP_SUFFIX: z
      .string()
      .regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only')
      .default(''),
  };
}

export type BaseEnvironment = z.infer<z.ZodObject<ReturnType<typeof baseEnvironmentShape>>>;

export function serviceEnvironment<S extends z.ZodRawShape>(service: string, extra: S) {
  return z.object({ ...baseEnvironmentShape(service), ...extra });
}

export function readServiceEnvironment<S extends z.ZodRawShape>(
  service: string,
  extra: S,
  source: Record<string, string | undefined> = process.env,
) {
  return parseEnvironment(serviceEnvironment(service, extra), source);
}
