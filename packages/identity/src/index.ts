import type { IncomingHttpHeaders } from 'node:http';

/**
 * The headers a caller's identity travels in. Until the gateway authenticates requests (the
 * access-control issue), nobody vouches for them: a subgraph reads them only when told to trust
 * them (development), and otherwise treats every caller as anonymous. The gateway will set them
 * after authenticating, and strip whatever a client sent.
 */
export const IDENTITY_HEADERS = {
  /** A stable id of the person or system calling. */
  subject: 'x-dangvien-subject',
  /** Their display name, percent-encoded UTF-8 (headers are Latin-1): `Nguy%E1%BB%85n%20V%C4%83n%20An`. */
  name: 'x-dangvien-name',
  /** Space-separated scopes, e.g. `members:read members:sensitive`. */
  scopes: 'x-dangvien-scopes',
} as const;

export interface Caller {
  subject: string | null;
  name: string | null;
  scopes: ReadonlySet<string>;
  /** Whether the identity was vouched for: false for an anonymous caller or untrusted headers. */
  trusted: boolean;
}

export const ANONYMOUS: Caller = Object.freeze({
  subject: null,
  name: null,
  scopes: new Set<string>(),
  trusted: false,
});

export interface ReadCallerOptions {
  /** Read the identity headers at all (development only until the gateway authenticates). */
  trustHeaders: boolean;
}

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const raw = headers[name];
  const value = (Array.isArray(raw) ? raw.at(-1) : raw)?.trim();
  return value ? value : null;
}

function decoded(value: string | null): string | null {
  if (value === null) return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The caller of a request: every service reads identity through this, nowhere else. */
export function readCaller(
  headers: IncomingHttpHeaders | null | undefined,
  options: ReadCallerOptions,
): Caller {
  if (!headers || !options.trustHeaders) return ANONYMOUS;
  const subject = header(headers, IDENTITY_HEADERS.subject);
  const scopes = new Set((header(headers, IDENTITY_HEADERS.scopes) ?? '').split(/\s+/).filter(Boolean));
  if (subject === null && scopes.size === 0) return ANONYMOUS;
  return { subject, name: decoded(header(headers, IDENTITY_HEADERS.name)), scopes, trusted: true };
}

export function hasScope(caller: Caller, scope: string): boolean {
  return caller.trusted && caller.scopes.has(scope);
}

/** The headers that say `caller` (tests, tools, and the gateway once it authenticates). */
export function identityHeaders(caller: {
  subject?: string;
  name?: string;
  scopes?: string[];
}): Record<string, string> {
  return {
    ...(caller.subject ? { [IDENTITY_HEADERS.subject]: caller.subject } : {}),
    ...(caller.name ? { [IDENTITY_HEADERS.name]: encodeURIComponent(caller.name) } : {}),
    ...(caller.scopes ? { [IDENTITY_HEADERS.scopes]: caller.scopes.join(' ') } : {}),
  };
}
