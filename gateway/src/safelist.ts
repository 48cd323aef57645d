import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from '@dangvien/config';

/** The sha256 of an operation's text, in hex: its id in APQ and in a persisted-query manifest. */
export function operationHash(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Apollo's persisted-query manifest (what `npm run safelist` writes, and Apollo's tools too). */
const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().regex(/^[0-9a-f]{64}$/, 'the sha256 of the body, in hex'),
      name: z.string(),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string().min(1),
    }),
  ),
});

export type PersistedQueryManifest = z.infer<typeof manifestSchema>;

/** The operations a gateway in safelist mode accepts, by their hash. */
export interface OperationSafelist {
  /** The operation's text for a hash in the list, else undefined. */
  body(hash: string): string | undefined;
  readonly size: number;
}

/**
 * A safelist from a manifest. An entry whose id is not its body's hash is refused at start: the
 * gateway would otherwise accept a text nobody listed, or never find the one that was.
 */
export function createSafelist(manifest: unknown): OperationSafelist {
  const parsed = manifestSchema.safeParse(manifest);
  if (!parsed.success) {
    throw new Error(
      `Not a persisted-query manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const bodies = new Map<string, string>();
  for (const operation of parsed.data.operations) {
    if (operationHash(operation.body) !== operation.id) {
      throw new Error(`Persisted-query manifest: the id of ${operation.name} is not the sha256 of its body`);
    }
    bodies.set(operation.id, operation.body);
  }
  return {
    body: (hash) => bodies.get(hash),
    size: bodies.size,
  };
}

export function readSafelist(path: string): OperationSafelist {
  return createSafelist(JSON.parse(readFileSync(path, 'utf8')));
}
