import { env, parseEnvironment, z } from '@dangvien/config';

/** The only reader of `process.env` in this service. */
const schema = z.object({
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  HOST: z.string().default('127.0.0.1'),
  PORT: env.port(4001),
  MONGO_URL: env.mongoUrl(),
  MONGO_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .default('dangvien_organisations'),
  KAFKA_BROKERS: env.brokers(),
  KAFKA_CLIENT_ID: z.string().default('organisations'),
  /** Consumer group of the member-count projection; replicas share it (tests give each service its own). */
  MEMBER_EVENTS_GROUP: z.string().min(1).default('organisations.member-counts'),
  /** Creates a small demo tree on first start with an empty database. */
  SEED_DEMO: env.boolean(true),
  /** How often the outbox relay looks for events a crashed process left behind. */
  OUTBOX_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
});

export type Environment = z.infer<typeof schema>;

export function readEnvironment(source: Record<string, string | undefined> = process.env): Environment {
  return parseEnvironment(schema, source);
}
