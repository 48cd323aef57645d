import { ANONYMOUS, hasScope, identityHeaders, readCaller } from '../src';

describe('readCaller', () => {
  const headers = identityHeaders({
    subject: 'u-1',
    name: 'Nguyễn Văn An',
    scopes: ['members:sensitive', 'x'],
  });

  it('reads subject, name (UTF-8) and scopes when told to trust the headers', () => {
    const caller = readCaller(headers, { trustHeaders: true });
    expect(caller).toMatchObject({ subject: 'u-1', name: 'Nguyễn Văn An', trusted: true });
    expect(hasScope(caller, 'members:sensitive')).toBe(true);
    expect(hasScope(caller, 'members:write')).toBe(false);
  });

  it('ignores them otherwise: everybody is anonymous, without scopes', () => {
    const caller = readCaller(headers, { trustHeaders: false });
    expect(caller).toBe(ANONYMOUS);
    expect(hasScope(caller, 'members:sensitive')).toBe(false);
  });

  it('is anonymous without identity headers', () => {
    expect(readCaller({}, { trustHeaders: true })).toBe(ANONYMOUS);
    expect(readCaller(null, { trustHeaders: true })).toBe(ANONYMOUS);
  });
});
