import { readServiceEnvironment, z } from '@dangvien/runtime';

/** The only reader of `process.env` in this service: the runtime's base keys and its own. */
export function readEnvironment(source: Record<string, string | undefined> = process.env) {
  return readServiceEnvironment(
    'members',
    {
      /** How often changes of the tree prepared ahead are applied to member files on their day. */
      TREE_EFFECTS_INTERVAL_MS: z.coerce.number().int().min(1_000).default(3_600_000),
      /** How long the demo data waits for the organisations service's demo tree. */
      SEED_WAIT_MS: z.coerce.number().int().min(0).default(60_000),
    },
    source,
  );
}

export type Environment = ReturnType<typeof readEnvironment>;
