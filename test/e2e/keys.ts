import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { JWK } from 'jose';

export const TEST_ISSUER = 'dangvien-e2e';
export const TEST_AUDIENCE = 'dangvien-api';

export interface TokenClaims {
  role: string;
  org?: string;
  member?: string;
  scope?: string;
  sub?: string;
}

/**
 * Keys of one test run, as production has them: the identity provider's key pair (clients' tokens,
 * its JWKS in a file the gateway reads) and the gateway's identity key pair (its private half for
 * the gateway, the public JWKS for every subgraph). Nothing of the committed development keys.
 */
export function testKeys() {
  const provider = generateKeyPairSync('ed25519');
  const providerKid = `provider-${randomUUID()}`;
  const jwksFile = join(tmpdir(), `dangvien-e2e-jwks-${randomUUID()}.json`);
  writeFileSync(
    jwksFile,
    JSON.stringify({
      keys: [{ ...provider.publicKey.export({ format: 'jwk' }), kid: providerKid, alg: 'EdDSA' }],
    }),
  );
  const identity = generateKeyPairSync('ed25519');
  const identityKid = `gateway-${randomUUID()}`;
  const signingKey = { ...identity.privateKey.export({ format: 'jwk' }), kid: identityKid } as JWK;
  const identityJwks = { keys: [{ ...identity.publicKey.export({ format: 'jwk' }), kid: identityKid }] };

  return {
    /** The gateway's environment keys for these keys. */
    gateway: {
      AUTH_JWKS_FILE: jwksFile,
      AUTH_ISSUER: TEST_ISSUER,
      AUTH_AUDIENCE: TEST_AUDIENCE,
      IDENTITY_SIGNING_KEY: JSON.stringify(signingKey),
    },
    /** A subgraph's environment key for these keys. */
    service: { IDENTITY_JWKS: JSON.stringify(identityJwks) },
    /** The gateway's private identity key (a test forging what only the gateway may sign). */
    signingKey,
    /** A client token from the identity provider; `expiresIn` in seconds (negative: already expired). */
    token(claims: TokenClaims, options: { expiresIn?: number; key?: 'provider' | 'other' } = {}) {
      const now = Math.floor(Date.now() / 1000);
      const key = options.key === 'other' ? generateKeyPairSync('ed25519').privateKey : provider.privateKey;
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'EdDSA', kid: providerKid })
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setSubject(claims.sub ?? `user-${randomUUID()}`)
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresIn ?? 300))
        .sign(key);
    },
  };
}

export type TestKeys = ReturnType<typeof testKeys>;
