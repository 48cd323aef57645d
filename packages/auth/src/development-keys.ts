import type { JWK } from 'jose';

/**
 * Keys for development only (`NODE_ENV=development`): committed, so anyone can sign with them.
 * Production refuses to start without keys of its own and refuses these (see `isDevelopmentKey`).
 */
export const DEVELOPMENT_IDENTITY_KEY: JWK = Object.freeze({
  kty: 'OKP',
  crv: 'Ed25519',
  kid: 'dangvien-development',
  d: 'AoiG1yKNE8SverPYu0XC9KCyrj5oVptLFiafxxKLfz8',
  x: 'Y9VDNieV_1kWzza7JTr21v-E5e5Q6R8qwt0Gf1wAVxY',
});

/** The public half, as the JWKS a subgraph verifies against in development. */
export const DEVELOPMENT_IDENTITY_JWKS = Object.freeze({
  keys: [
    {
      kty: 'OKP',
      crv: 'Ed25519',
      kid: DEVELOPMENT_IDENTITY_KEY.kid,
      x: DEVELOPMENT_IDENTITY_KEY.x,
    },
  ],
});

/** The HS256 secret the gateway accepts client tokens signed with in development (`./dangvien token`). */
export const DEVELOPMENT_TOKEN_SECRET = 'dangvien-development-token-secret-not-for-production';

export function isDevelopmentKey(key: { x?: string } | null | undefined): boolean {
  return key?.x === DEVELOPMENT_IDENTITY_KEY.x;
}
