import { ANONYMOUS, hasScope, IDENTITY_HEADER, identityFromHeaders, SCOPES } from '../src';

describe('identity from request headers', () => {
  const officer = {
    subject: 'u1',
    role: 'COMMITTEE_OFFICER',
    organisationId: 'org-1',
    scopes: [SCOPES.sensitiveRead],
  };

  it('reads the forwarded identity when trusted, and is anonymous otherwise', () => {
    const headers = { [IDENTITY_HEADER]: JSON.stringify(officer) };
    expect(identityFromHeaders(headers, { trustUnsigned: true })).toEqual({ ...officer, memberId: null });
    expect(identityFromHeaders(headers, { trustUnsigned: false })).toBe(ANONYMOUS);
    expect(identityFromHeaders({}, { trustUnsigned: true })).toBe(ANONYMOUS);
    expect(identityFromHeaders({ [IDENTITY_HEADER]: '{not json' }, { trustUnsigned: true })).toBe(ANONYMOUS);
    expect(
      identityFromHeaders({ [IDENTITY_HEADER]: JSON.stringify({ role: 'KING' }) }, { trustUnsigned: true }),
    ).toBe(ANONYMOUS);
  });

  it('needs the sensitive scope explicitly, except for the provincial administrator', () => {
    expect(hasScope({ ...ANONYMOUS, role: 'COMMITTEE_OFFICER' }, SCOPES.sensitiveRead)).toBe(false);
    expect(
      hasScope(
        { ...ANONYMOUS, role: 'COMMITTEE_OFFICER', scopes: [SCOPES.sensitiveRead] },
        SCOPES.sensitiveRead,
      ),
    ).toBe(true);
    expect(hasScope({ ...ANONYMOUS, role: 'PROVINCIAL_ADMIN' }, SCOPES.sensitiveRead)).toBe(true);
  });
});
