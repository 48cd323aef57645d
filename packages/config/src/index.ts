import { z } from 'zod';

export { z };

/** Thrown when the environment does not satisfy a service's schema; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once, at start-up. A service's `environment.ts` is the only reader of
 * `process.env`; everything else receives the typed result.
 */
export function parseEnvironment<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}

/** Shared field types, so every service spells its env the same way. */
export const env = {
  /** 0 lets the system pick a free port (tests). */
  port: (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback),
  /** Comma-separated host:port list. */
  brokers: () =>
    z
      .string()
      .default('127.0.0.1:9092')
      .transform((value) =>
        value
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).min(1)),
  mongoUrl: () =>
    z
      .string()
      .default('mongodb://127.0.0.1:27017')
      .refine((value) => /^mongodb(\+srv)?:\/\//.test(value), 'expected a mongodb:// or mongodb+srv:// URL'),
  boolean: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true' || value === '1' || value === 'yes'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  nodeEnv: () => z.enum(['development', 'production', 'test']).default('development'),
};

/**
 * Puts a database name into a MongoDB URL, keeping credentials and query options:
 * `mongodb://h:27017/?replicaSet=rs0` + `dangvien_x` → `mongodb://h:27017/dangvien_x?replicaSet=rs0`.
 */
export function withDatabase(mongoUrl: string, database: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/([^?]*))?(\?.*)?$/.exec(mongoUrl);
  if (!match) throw new ConfigError([`MONGO_URL: not a MongoDB URL: ${mongoUrl}`]);
  return `${match[1]}/${database}${match[3] ?? ''}`;
}

export { EXIT, runMain } from './main';
export type { Runnable } from './main';
