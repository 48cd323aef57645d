import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import {
  ANONYMOUS,
  AuthenticationError,
  createClientTokenVerifier,
  createIdentitySigner,
  DEVELOPMENT_IDENTITY_KEY,
  DEVELOPMENT_TOKEN_SECRET,
} from '@dangvien/auth';
import type { ClientKeys, Identity, IdentitySigner } from '@dangvien/auth';
import { GraphQLError } from 'graphql';
import type { Environment } from './environment';

/** What the gateway knows of a request's caller: the identity, and the token subgraphs get for it. */
export interface Caller {
  identity: Identity;
  /** The identity signed for subgraphs; null for anonymous callers (no header: anonymous there too). */
  identityToken: string | null;
}

export interface Authenticator {
  /** The caller of a request; a bearer token that does not verify is an HTTP 401, never anonymous. */
  authenticate(req: IncomingMessage): Promise<Caller>;
}

function clientKeys(config: Environment): ClientKeys {
  if (config.AUTH_JWKS_FILE) return { jwks: JSON.parse(readFileSync(config.AUTH_JWKS_FILE, 'utf8')) };
  if (config.AUTH_JWKS_URL) return { jwksUrl: config.AUTH_JWKS_URL };
  return { secret: config.AUTH_TOKEN_SECRET ?? DEVELOPMENT_TOKEN_SECRET };
}

function unauthenticated(reason: string, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'UNAUTHENTICATED',
      reason,
      http: { status: 401, headers: new Map([['www-authenticate', `Bearer error="invalid_token"`]]) },
    },
  });
}

const VERIFIED_CACHE_MS = 30_000;
const VERIFIED_CACHE_SIZE = 10_000;

/** The `exp` of a token that has just verified, in ms (0 when it has none: then it is not kept). */
function expiryMs(token: string): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp?: number };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

export async function createAuthenticator(config: Environment): Promise<Authenticator> {
  const verifier = createClientTokenVerifier({
    keys: clientKeys(config),
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
  });
  const signingKey = config.IDENTITY_SIGNING_KEY
    ? JSON.parse(config.IDENTITY_SIGNING_KEY)
    : DEVELOPMENT_IDENTITY_KEY;
  const signer: IdentitySigner = await createIdentitySigner(signingKey, {
    ttlSeconds: config.IDENTITY_TOKEN_TTL_SECONDS,
  });
  // A token that verified is the same token until it expires: its caller is kept for a short while
  // (never past the token's own expiry, nor half the identity's lifetime) instead of verifying the
  // signature again on each request of a session. Failures are never kept.
  const verified = new Map<string, { caller: Caller; until: number }>();
  const keepMs = Math.min(VERIFIED_CACHE_MS, (config.IDENTITY_TOKEN_TTL_SECONDS * 1000) / 2);
  return {
    async authenticate(req) {
      const header = req.headers.authorization;
      if (!header) return { identity: ANONYMOUS, identityToken: null };
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) {
        throw unauthenticated('AUTHORIZATION_MALFORMED', 'The Authorization header must be "Bearer <token>"');
      }
      const token = match[1]!;
      const now = Date.now();
      const kept = verified.get(token);
      if (kept && kept.until > now) return kept.caller;
      try {
        const identity = await verifier.verify(token);
        const caller = { identity, identityToken: await signer.sign(identity) };
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
        verified.set(token, { caller, until: Math.min(now + keepMs, expiryMs(token)) });
        return caller;
      } catch (error) {
        if (error instanceof AuthenticationError) throw unauthenticated(error.reason, error.message);
        throw error;
      }
    },
  };
}
