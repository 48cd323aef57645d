import { z } from '@dangvien/config';
import type { SchemaChange } from './changes';

/**
 * A breaking change someone decided to make: it passes the check until the next release makes it
 * part of the baseline (`npm run schema:release` empties the list). The reason and the issue are
 * what a reviewer, and the client teams told of the break, read.
 */
const deliberateChange = z.object({
  /** `supergraph` or a subgraph's name, as the check prints it. */
  schema: z.string().min(1),
  /** The change type the check prints; optional, the sentence alone identifies the change. */
  type: z.string().min(1).optional(),
  /** The sentence the check prints, exactly: `Organisation.code was removed.` */
  change: z.string().min(1),
  reason: z.string().min(10, 'say why the break is worth it (at least 10 characters)'),
  /** Where clients were told: an issue number or URL. */
  issue: z.string().min(1),
});

export const deliberateChangesFile = z.object({ changes: z.array(deliberateChange) }).strict();

export type DeliberateChange = z.infer<typeof deliberateChange>;

/** Reads the file's JSON, or throws naming every entry that is not well formed. */
export function parseDeliberateChanges(json: string, source: string): DeliberateChange[] {
  const parsed = deliberateChangesFile.safeParse(JSON.parse(json));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`${source} is not well formed:\n${problems.join('\n')}`);
  }
  return parsed.data.changes;
}

export function isListed(change: SchemaChange, entry: DeliberateChange): boolean {
  return (
    entry.schema === change.schema &&
    entry.change === change.change &&
    (entry.type === undefined || entry.type === change.type)
  );
}
