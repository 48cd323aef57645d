import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { importJWK, SignJWT } from 'jose';
import type { JSONWebKeySet, JWK, KeyLike } from 'jose';
import { DEVELOPMENT_IDENTITY_JWKS } from './development-keys';
import { ANONYMOUS, isRole, ROLES } from './identity';
import type { Identity, Role } from './identity';

/** The header through which the gateway forwards the caller's identity to subgraphs: a signed JWT. */
export const IDENTITY_HEADER = 'x-dangvien-identity';

const ISSUER = 'dangvien-gateway';
const AUDIENCE = 'dangvien-subgraphs';
const ALGORITHM = 'EdDSA';
/** Clock skew tolerated between the gateway and a subgraph, in seconds. */
const SKEW_SECONDS = 5;

/**
 * Signs identities for subgraphs (the gateway holds the private key; subgraphs only the public one,
 * so no subgraph can forge a caller for another). A token lives `ttlSeconds` and is reused while
 * more than half of it is left: one signature per caller per half-life, not per request.
 */
export interface IdentitySigner {
  sign(identity: Identity): Promise<string>;
}

export async function createIdentitySigner(
  privateKey: JWK,
  options: { ttlSeconds?: number; maxCached?: number } = {},
): Promise<IdentitySigner> {
  if (!privateKey.kid) throw new Error('the identity signing key needs a kid');
  const kid = privateKey.kid;
  const key = (await importJWK(privateKey, ALGORITHM)) as KeyLike;
  const ttl = options.ttlSeconds ?? 60;
  const maxCached = options.maxCached ?? 10_000;
  const cache = new Map<string, { token: string; renewAt: number }>();
  return {
    async sign(identity) {
      const cacheKey = JSON.stringify(identity);
      const now = Date.now();
      const hit = cache.get(cacheKey);
      if (hit && hit.renewAt > now) return hit.token;
      const token = await new SignJWT({
        role: identity.role,
        org: identity.organisationId,
        mem: identity.memberId,
        scp: identity.scopes,
      })
        .setProtectedHeader({ alg: ALGORITHM, kid })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(identity.subject ?? '')
        .setIssuedAt(Math.floor(now / 1000))
        .setExpirationTime(Math.floor(now / 1000) + ttl)
        .sign(key);
      if (cache.size >= maxCached) cache.clear();
      cache.set(cacheKey, { token, renewAt: now + (ttl * 1000) / 2 });
      return token;
    },
  };
}

/**
 * Verifies the gateway's identity tokens. Synchronous on purpose (Ed25519 with node:crypto), so that
 * `identityFromHeaders` stays a plain function services call in their context builders; a token seen
 * before is answered from memory until it expires.
 */
export interface IdentityVerifier {
  verify(token: string): Identity | null;
}

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function claimsAccepted(payload: Record<string, unknown>, nowSeconds: number): boolean {
  const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  return (
    payload.iss === ISSUER &&
    audience.includes(AUDIENCE) &&
    typeof payload.exp === 'number' &&
    payload.exp > nowSeconds - SKEW_SECONDS &&
    typeof payload.iat === 'number' &&
    payload.iat <= nowSeconds + SKEW_SECONDS &&
    isRole(payload.role)
  );
}

function identityOf(payload: Record<string, unknown>): Identity {
  return Object.freeze({
    subject: typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : null,
    role: payload.role as Role,
    organisationId: typeof payload.org === 'string' ? payload.org : null,
    memberId: typeof payload.mem === 'string' ? payload.mem : null,
    scopes: Object.freeze(
      Array.isArray(payload.scp) ? payload.scp.filter((s): s is string => typeof s === 'string') : [],
    ),
  });
}

export function createIdentityVerifier(
  keys: JSONWebKeySet,
  options: { maxCached?: number } = {},
): IdentityVerifier {
  const byKid = new Map<string, KeyObject>();
  for (const jwk of keys.keys) {
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.kid || !jwk.x) {
      throw new Error(`identity keys are Ed25519 public JWKs with a kid (got kid ${String(jwk.kid)})`);
    }
    byKid.set(jwk.kid, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }));
  }
  const maxCached = options.maxCached ?? 10_000;
  const cache = new Map<string, { identity: Identity; expiresAt: number }>();
  return {
    verify(token) {
      const now = Date.now();
      const hit = cache.get(token);
      if (hit && hit.expiresAt > now) return hit.identity;
      const parts = token.split('.');
      if (parts.length !== 3) return null;
      const [encodedHeader, encodedPayload, signature] = parts as [string, string, string];
      const header = decodeJson(encodedHeader);
      const key = typeof header?.kid === 'string' ? byKid.get(header.kid) : undefined;
      // The algorithm is fixed: a token naming another one (`none`, HS256 with the public key) is refused.
      if (!header || header.alg !== ALGORITHM || !key) return null;
      const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`);
      if (!verify(null, signed, key, Buffer.from(signature, 'base64url'))) return null;
      const payload = decodeJson(encodedPayload);
      if (!payload || !claimsAccepted(payload, Math.floor(now / 1000))) return null;
      const identity = identityOf(payload);
      if (cache.size >= maxCached) cache.clear();
      cache.set(token, { identity, expiresAt: (payload.exp as number) * 1000 });
      return identity;
    },
  };
}

/**
 * The keys subgraphs verify with unless told otherwise: the development key outside production
 * (the gateway signs with its private half by default), none in production until the runtime
 * configures the deployment's keys (`IDENTITY_JWKS`): fail closed, every caller anonymous.
 */
let defaultVerifier: IdentityVerifier | null = null;

export function configureIdentityKeys(keys: JSONWebKeySet | null, nodeEnv: string): void {
  defaultVerifier = createIdentityVerifier(
    keys ?? (nodeEnv === 'production' ? { keys: [] } : DEVELOPMENT_IDENTITY_JWKS),
  );
}

function configuredVerifier(): IdentityVerifier {
  defaultVerifier ??= createIdentityVerifier(
    process.env.NODE_ENV === 'production' ? { keys: [] } : DEVELOPMENT_IDENTITY_JWKS,
  );
  return defaultVerifier;
}

/** The plain JSON identity a developer may send straight to a subgraph in development (`trustUnsigned`). */
function parseUnsigned(value: string): Identity | null {
  const raw = (() => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  })();
  if (!raw || typeof raw !== 'object') return null;
  const record = raw as Record<string, unknown>;
  if (!(ROLES as readonly string[]).includes(String(record.role))) return null;
  return identityOf({
    ...record,
    org: record.organisationId,
    mem: record.memberId,
    scp: record.scopes,
    sub: record.subject,
  });
}

export interface IdentityOptions {
  /**
   * Also accept an unsigned JSON identity (development only: a developer calling a subgraph
   * directly). Signed tokens are verified whatever this says.
   */
  trustUnsigned?: boolean;
  /** Verify with these keys instead of the configured ones (tests, tools). */
  verifier?: IdentityVerifier;
}

/**
 * The caller's identity, from the header the gateway sets: the ONE way a subgraph learns who calls.
 * No header, or one that is not a token the gateway signed and still valid (unsigned, forged,
 * expired, signed by another key), is anonymous: a request that bypasses the gateway gets nothing
 * personal. Only `trustUnsigned` (development) accepts a plain JSON identity.
 */
export function identityFromHeaders(
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined> | null | undefined,
  options: IdentityOptions = {},
): Identity {
  const value = headers?.[IDENTITY_HEADER];
  const header = Array.isArray(value) ? value[0] : value;
  if (!header) return ANONYMOUS;
  if (header.trimStart().startsWith('{')) {
    return (options.trustUnsigned && parseUnsigned(header)) || ANONYMOUS;
  }
  return (options.verifier ?? configuredVerifier()).verify(header) ?? ANONYMOUS;
}
