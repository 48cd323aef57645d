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
  return {
    async authenticate(req) {
      const header = req.headers.authorization;
      if (!header) return { identity: ANONYMOUS, identityToken: null };
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) {
        throw unauthenticated('AUTHORIZATION_MALFORMED', 'The Authorization header must be "Bearer <token>"');
      }
      try {
        const identity = await verifier.verify(match[1]!);
        return { identity, identityToken: await signer.sign(identity) };
      } catch (error) {
        if (error instanceof AuthenticationError) throw unauthenticated(error.reason, error.message);
        throw error;
      }
    },
  };
}
