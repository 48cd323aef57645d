import { readFileSync } from 'node:fs';
import { readServiceEnvironment, z } from '@dangvien/runtime';

/** The only reader of `process.env` (and of the rules file it names) in this service. */
export function readEnvironment(source: Record<string, string | undefined> = process.env) {
  const env = readServiceEnvironment(
    'recruitment',
    {
      /**
       * A JSON file of rule sets to add to the shipped ones (same shape as src/rules/admission-rules.json):
       * a new regulation (the 2026 revision) takes effect on its date without a code change.
       */
      RECRUITMENT_RULES_FILE: z.string().min(1).optional(),
      /** How often the warnings are looked for again (deadlines come and go with the days). */
      WARNING_SWEEP_INTERVAL_MS: z.coerce.number().int().min(500).default(300_000),
    },
    source,
  );
  const extraRules: unknown = env.RECRUITMENT_RULES_FILE
    ? JSON.parse(readFileSync(env.RECRUITMENT_RULES_FILE, 'utf8'))
    : null;
  return { ...env, extraRules };
}

export type Environment = ReturnType<typeof readEnvironment>;
