import { generateKeyPair, exportJWK, SignJWT } from 'jose';
import {
  ANONYMOUS,
  AuthenticationError,
  createClientTokenVerifier,
  createIdentitySigner,
  createIdentityVerifier,
  hasScope,
  DEVELOPMENT_IDENTITY_JWKS,
  DEVELOPMENT_IDENTITY_KEY,
  IDENTITY_HEADER,
  identityFromHeaders,
  issueDevelopmentToken,
  SCOPES,
} from '../src';
import type { Identity } from '../src';

const officer: Identity = {
  subject: 'u1',
  role: 'COMMITTEE_OFFICER',
  organisationId: 'org-1',
  memberId: null,
  scopes: [SCOPES.sensitiveRead],
};

describe('the identity the gateway signs for subgraphs', () => {
  const verifier = createIdentityVerifier(DEVELOPMENT_IDENTITY_JWKS);

  it('round-trips through the header, and a token is reused while it is fresh', async () => {
    const signer = await createIdentitySigner(DEVELOPMENT_IDENTITY_KEY);
    const token = await signer.sign(officer);
    expect(await signer.sign(officer)).toBe(token);
    expect(identityFromHeaders({ [IDENTITY_HEADER]: token }, { verifier })).toEqual(officer);
    // Without a verifier given, outside production: the development keys.
    expect(identityFromHeaders({ [IDENTITY_HEADER]: token })).toEqual(officer);
  });

  it('is anonymous without a header, unsigned, tampered, forged with another key or expired', async () => {
    expect(identityFromHeaders({}, { verifier })).toBe(ANONYMOUS);
    expect(identityFromHeaders(null, { verifier })).toBe(ANONYMOUS);
    const plain = JSON.stringify(officer);
    expect(identityFromHeaders({ [IDENTITY_HEADER]: plain }, { verifier })).toBe(ANONYMOUS);
    const token = await (await createIdentitySigner(DEVELOPMENT_IDENTITY_KEY)).sign(officer);
    const [header, , signature] = token.split('.');
    const admin = Buffer.from(
      JSON.stringify({
        role: 'PROVINCIAL_ADMIN',
        iss: 'dangvien-gateway',
        aud: 'dangvien-subgraphs',
        iat: 1,
        exp: 9e9,
      }),
    ).toString('base64url');
    expect(identityFromHeaders({ [IDENTITY_HEADER]: `${header}.${admin}.${signature}` }, { verifier })).toBe(
      ANONYMOUS,
    );
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: DEVELOPMENT_IDENTITY_KEY.kid })).toString(
      'base64url',
    );
    expect(identityFromHeaders({ [IDENTITY_HEADER]: `${none}.${admin}.` }, { verifier })).toBe(ANONYMOUS);
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const forgedKey = { ...(await exportJWK(other.privateKey)), kid: DEVELOPMENT_IDENTITY_KEY.kid };
    const forged = await (await createIdentitySigner(forgedKey)).sign(officer);
    expect(identityFromHeaders({ [IDENTITY_HEADER]: forged }, { verifier })).toBe(ANONYMOUS);
    const expired = await (
      await createIdentitySigner(DEVELOPMENT_IDENTITY_KEY, { ttlSeconds: -10 })
    ).sign(officer);
    expect(identityFromHeaders({ [IDENTITY_HEADER]: expired }, { verifier })).toBe(ANONYMOUS);
    expect(identityFromHeaders({ [IDENTITY_HEADER]: 'not-a-token' }, { verifier })).toBe(ANONYMOUS);
  });

  it('accepts a plain JSON identity only when told to trust unsigned ones (development)', () => {
    const headers = { [IDENTITY_HEADER]: JSON.stringify(officer) };
    expect(identityFromHeaders(headers, { trustUnsigned: true })).toEqual(officer);
    expect(identityFromHeaders(headers, { trustUnsigned: false })).toBe(ANONYMOUS);
    expect(identityFromHeaders({ [IDENTITY_HEADER]: '{not json' }, { trustUnsigned: true })).toBe(ANONYMOUS);
    expect(
      identityFromHeaders({ [IDENTITY_HEADER]: JSON.stringify({ role: 'KING' }) }, { trustUnsigned: true }),
    ).toBe(ANONYMOUS);
  });

  it('needs the sensitive scope explicitly, whatever the role', () => {
    expect(hasScope({ ...ANONYMOUS, role: 'PROVINCIAL_ADMIN' }, SCOPES.sensitiveRead)).toBe(false);
    expect(hasScope(officer, SCOPES.sensitiveRead)).toBe(true);
  });
});

describe('client bearer tokens', () => {
  const secret = 'a-test-secret-of-enough-length-0123456789';
  const verifier = createClientTokenVerifier({ keys: { secret }, issuer: 'dv', audience: 'api' });
  const sign = (
    claims: Record<string, unknown>,
    options: { exp?: number; key?: string; iss?: string } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(options.iss ?? 'dv')
      .setAudience('api')
      .setSubject('user-1')
      .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 60)
      .sign(new TextEncoder().encode(options.key ?? secret));

  it('gives the identity of the claims; org and member as global or raw ids', async () => {
    const token = await sign({
      role: 'CELL_SECRETARY',
      org: Buffer.from('Organisation:c1').toString('base64url'),
      scope: 'a b',
    });
    expect(await verifier.verify(token)).toEqual({
      subject: 'user-1',
      role: 'CELL_SECRETARY',
      organisationId: 'c1',
      memberId: null,
      scopes: ['a', 'b'],
    });
  });

  it.each([
    [
      'expired',
      () => sign({ role: 'PROVINCIAL_ADMIN' }, { exp: Math.floor(Date.now() / 1000) - 60 }),
      'TOKEN_EXPIRED',
    ],
    [
      'wrongly signed',
      () => sign({ role: 'PROVINCIAL_ADMIN' }, { key: `${secret}-other` }),
      'TOKEN_SIGNATURE_INVALID',
    ],
    ['malformed', async () => 'not.a.jwt', 'TOKEN_MALFORMED'],
    ['of another issuer', () => sign({ role: 'PROVINCIAL_ADMIN' }, { iss: 'evil' }), 'TOKEN_CLAIMS_INVALID'],
    ['without a role', () => sign({}), 'TOKEN_CLAIMS_INVALID'],
    ['an officer without org', () => sign({ role: 'COMMITTEE_OFFICER' }), 'TOKEN_CLAIMS_INVALID'],
    ['a member without member', () => sign({ role: 'MEMBER' }), 'TOKEN_CLAIMS_INVALID'],
  ])('refuses a token %s', async (_, make, reason) => {
    const token = await make();
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(verifier.verify(token)).rejects.toMatchObject({ reason });
  });

  it('refuses alg none and a token signed with an asymmetric key the secret does not match', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({ role: 'PROVINCIAL_ADMIN', sub: 'x', iss: 'dv', aud: 'api', exp: 9e9 }),
    ).toString('base64url');
    await expect(verifier.verify(`${header}.${body}.`)).rejects.toMatchObject({
      reason: 'TOKEN_SIGNATURE_INVALID',
    });
  });

  it('accepts the development tokens `./dangvien token` issues, and refuses unknown roles', async () => {
    const keys = { secret, issuer: 'dv', audience: 'api' };
    const token = await issueDevelopmentToken(
      { role: 'MEMBER', member: 'm1', scopes: [SCOPES.sensitiveRead] },
      keys,
    );
    expect(await verifier.verify(token)).toEqual({
      subject: 'dev-member',
      role: 'MEMBER',
      organisationId: null,
      memberId: 'm1',
      scopes: [SCOPES.sensitiveRead],
    });
    await expect(issueDevelopmentToken({ role: 'KING' }, keys)).rejects.toThrow(/unknown role/);
  });
});
