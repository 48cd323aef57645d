import type { IncomingMessage } from 'node:http';

/** The header a caller's scopes arrive in, comma-separated (development only: see `callerOf`). */
export const SCOPES_HEADER = 'x-dangvien-scopes';

/** Scopes the subgraphs check. */
export const SCOPES = {
  /** Ethnicity, religion, citizen id, history (Decree 13/2023's sensitive personal data). */
  sensitivePersonalData: 'personal-data:sensitive',
} as const;

/** Who is asking, as far as a subgraph knows. */
export interface Caller {
  scopes: ReadonlySet<string>;
  has(scope: string): boolean;
}

const NOBODY: Caller = { scopes: new Set(), has: () => false };

/**
 * The caller of a request: the one place a subgraph learns who asks. Until the access-control issue
 * brings authenticated identities through the gateway, the scopes header is honoured in development
 * only; in production every caller has no scope (sensitive fields come back null), and so do internal
 * executions without a request (demo data).
 */
export function callerOf(req: IncomingMessage | null, options: { development: boolean }): Caller {
  if (!req || !options.development) return NOBODY;
  const raw = req.headers[SCOPES_HEADER];
  const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  const scopes = new Set(
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return { scopes, has: (scope) => scopes.has(scope) };
}
