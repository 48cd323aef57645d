import { readServiceEnvironment, z } from '@dangvien/runtime';

/** The only reader of `process.env` in this service: the runtime's base keys and its own below. */
export function readEnvironment(source: Record<string, string | undefined> = process.env) {
  return readServiceEnvironment(
    'emulation',
    {
      /** How often the successor map is reloaded (merges and splits another replica consumed). */
      SUCCESSORS_REFRESH_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
    },
    source,
  );
}

export type Environment = ReturnType<typeof readEnvironment>;
