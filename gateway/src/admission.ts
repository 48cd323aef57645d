import { GraphQLError } from 'graphql';
import type { RateLimiter } from './rate-limit';
import { operationHash } from './safelist';
import type { OperationSafelist } from './safelist';

/** The parts of an HTTP GraphQL request admission looks at (Apollo's HTTPGraphQLRequest has them). */
export interface OperationRequest {
  method: string;
  /** The URL's query string (`?query=…&extensions=…` for GET). */
  search: string;
  /** The parsed JSON body for POST. */
  body: unknown;
}

/** The operation's text and its APQ hash, as the client sent them (either may be missing). */
export function operationOf(request: OperationRequest): { query?: string; hash?: string } {
  let query: unknown;
  let extensions: unknown;
  if (request.method === 'GET') {
    const params = new URLSearchParams(request.search);
    query = params.get('query') ?? undefined;
    try {
      extensions = JSON.parse(params.get('extensions') ?? 'null');
    } catch {
      extensions = null; // Apollo Server answers a malformed parameter itself
    }
  } else if (request.body && typeof request.body === 'object' && !Array.isArray(request.body)) {
    ({ query, extensions } = request.body as { query?: unknown; extensions?: unknown });
  }
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | null)?.persistedQuery;
  return {
    ...(typeof query === 'string' && query.length > 0 ? { query } : {}),
    ...(typeof persisted?.sha256Hash === 'string' ? { hash: persisted.sha256Hash } : {}),
  };
}

function refused(code: string, message: string, status: number, headers: [string, string][] = []) {
  return new GraphQLError(message, { extensions: { code, http: { status, headers: new Map(headers) } } });
}

/** A caller over its rate: HTTP 429 with Retry-After, before anything of the operation is read. */
export function checkRate(limiter: RateLimiter, key: string): void {
  const decision = limiter.take(key);
  if (decision.allowed) return;
  throw refused('RATE_LIMITED', `Too many requests; retry in ${decision.retryAfterSeconds} s`, 429, [
    ['retry-after', String(decision.retryAfterSeconds)],
  ]);
}

/**
 * The operation checks made before Apollo parses anything: a text that is not the hash it came with
 * (APQ would otherwise register nothing and answer an opaque error), and, in safelist mode, any
 * operation whose hash — given, or of the text given — is not in the list. A hash alone that is in
 * the list is found by APQ in the safelist itself (persisted-queries.ts).
 */
export function checkOperation(request: OperationRequest, safelist: OperationSafelist | null): void {
  const { query, hash } = operationOf(request);
  // Hashed only when something is compared with it: most requests carry neither hash nor safelist.
  if (hash === undefined && !safelist) return;
  const computed = query === undefined ? undefined : operationHash(query);
  if (hash !== undefined && computed !== undefined && hash !== computed) {
    throw refused(
      'PERSISTED_QUERY_HASH_MISMATCH',
      'The persisted query hash is not the sha256 of the query sent with it',
      400,
    );
  }
  if (!safelist) return;
  const id = computed ?? hash;
  // No operation at all: Apollo Server answers that request with its own 400.
  if (id === undefined) return;
  if (safelist.body(id) === undefined) {
    throw refused(
      'OPERATION_NOT_IN_SAFELIST',
      'This gateway accepts only registered operations, and this one is not among them',
      400,
    );
  }
}
