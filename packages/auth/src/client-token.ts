import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTPayload, JWTVerifyGetKey } from 'jose';
import { fromGlobalId } from './global-id';
import { isRole } from './identity';
import type { Identity } from './identity';

/** Why a bearer token was refused: the `reason` clients get with a 401. */
export type TokenProblem =
  | 'TOKEN_MALFORMED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_SIGNATURE_INVALID'
  | 'TOKEN_CLAIMS_INVALID';

export class AuthenticationError extends Error {
  constructor(
    readonly reason: TokenProblem,
    message: string,
  ) {
    super(message);
  }
}

/** Where the keys of client tokens come from: one of a JWKS (inline, file contents or URL) or a shared secret. */
export type ClientKeys = { jwks: JSONWebKeySet } | { jwksUrl: string } | { secret: string };

export interface ClientTokenOptions {
  keys: ClientKeys;
  issuer: string;
  audience: string;
  /** Clock tolerance in seconds. */
  clockToleranceSeconds?: number;
}

export interface ClientTokenVerifier {
  /** The identity a bearer token carries; throws `AuthenticationError` naming what is wrong. */
  verify(token: string): Promise<Identity>;
}

/** Organisation and member ids in tokens may be global (Relay) ids or raw ones; identities carry raw ids. */
function rawId(value: unknown, type: string): string | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  const decoded = fromGlobalId(value);
  return decoded && decoded.type === type ? decoded.id : value;
}

function scopesOf(payload: JWTPayload): string[] {
  if (typeof payload.scope === 'string') return payload.scope.split(/\s+/).filter(Boolean);
  if (Array.isArray(payload.scp)) return payload.scp.filter((s): s is string => typeof s === 'string');
  return [];
}

/** The identity of a verified token's claims: `sub`, `role`, `org`, `member`, `scope` (space-separated). */
export function identityOfClaims(payload: JWTPayload): Identity {
  const role = payload.role;
  if (!isRole(role) || role === 'ANONYMOUS') {
    throw new AuthenticationError('TOKEN_CLAIMS_INVALID', 'The token has no valid role claim');
  }
  if (!payload.sub) throw new AuthenticationError('TOKEN_CLAIMS_INVALID', 'The token has no subject');
  const organisationId = rawId(payload.org, 'Organisation');
  const memberId = rawId(payload.member, 'Member');
  if ((role === 'COMMITTEE_OFFICER' || role === 'CELL_SECRETARY') && !organisationId) {
    throw new AuthenticationError('TOKEN_CLAIMS_INVALID', `A ${role} token needs an org claim`);
  }
  if (role === 'MEMBER' && !memberId) {
    throw new AuthenticationError('TOKEN_CLAIMS_INVALID', 'A MEMBER token needs a member claim');
  }
  return Object.freeze({
    subject: payload.sub,
    role,
    organisationId,
    memberId,
    scopes: Object.freeze(scopesOf(payload)),
  });
}

function problemOf(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) return error;
  if (error instanceof errors.JWTExpired)
    return new AuthenticationError('TOKEN_EXPIRED', 'The token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.claim === 'nbf'
      ? new AuthenticationError('TOKEN_NOT_YET_VALID', 'The token is not valid yet')
      : new AuthenticationError('TOKEN_CLAIMS_INVALID', `The token's ${error.claim} claim is not accepted`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new AuthenticationError('TOKEN_SIGNATURE_INVALID', 'The token is not signed by a trusted key');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new AuthenticationError(
      'TOKEN_SIGNATURE_INVALID',
      'The token is signed with an algorithm not accepted',
    );
  }
  return new AuthenticationError('TOKEN_MALFORMED', 'The token is not a well-formed JWT');
}

/**
 * Verifies client bearer tokens with jose. Asymmetric keys (a JWKS) are for production; a shared
 * secret (HS256) is for development tokens (`./dangvien token`). Verified tokens are remembered until
 * they expire, so a client's every request does not pay a signature check.
 */
export function createClientTokenVerifier(options: ClientTokenOptions): ClientTokenVerifier {
  const { keys } = options;
  let key: JWTVerifyGetKey | Uint8Array;
  let algorithms: string[];
  if ('secret' in keys) {
    key = new TextEncoder().encode(keys.secret);
    algorithms = ['HS256'];
  } else {
    key = 'jwks' in keys ? createLocalJWKSet(keys.jwks) : createRemoteJWKSet(new URL(keys.jwksUrl));
    algorithms = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];
  }
  const cache = new Map<string, { identity: Identity; expiresAt: number }>();
  return {
    async verify(token) {
      const now = Date.now();
      const hit = cache.get(token);
      if (hit && hit.expiresAt > now) return hit.identity;
      try {
        const { payload } = await jwtVerify(token, key as JWTVerifyGetKey, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms,
          requiredClaims: ['exp'],
          clockTolerance: options.clockToleranceSeconds ?? 5,
        });
        const identity = identityOfClaims(payload);
        if (cache.size >= 10_000) cache.clear();
        cache.set(token, { identity, expiresAt: payload.exp! * 1000 });
        return identity;
      } catch (error) {
        throw problemOf(error);
      }
    },
  };
}
