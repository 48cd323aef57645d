import { ANONYMOUS, createAccess, SCOPES } from '../src';
import type { Identity, Role } from '../src';

const as = (role: Role, organisationId: string | null = null, extra: Partial<Identity> = {}): Identity => ({
  ...ANONYMOUS,
  subject: 's',
  role,
  organisationId,
  ...extra,
});

// The tree: P > A > A1, P > B; A was merged into M (M is A's successor).
const inA1 = { ancestorIds: ['P', 'A', 'A1'] };
const inB = { ancestorIds: ['P', 'B'] };
const inM = { ancestorIds: ['P', 'M'] };
const successorsOf = (id: string) => (id === 'A' ? ['M'] : id === 'M' ? ['A'] : []);

describe('access', () => {
  it('answers personal reads by role and subtree', () => {
    const table: [Identity, boolean, boolean][] = [
      [as('PROVINCIAL_ADMIN'), true, true],
      [as('COMMITTEE_OFFICER', 'A'), true, false],
      [as('CELL_SECRETARY', 'A1'), true, false],
      [as('AUDITOR', 'B'), false, true],
      [as('AUDITOR'), true, true],
      [as('INTEGRATOR'), false, false],
      [as('MEMBER', null, { memberId: 'm1' }), false, false],
      [ANONYMOUS, false, false],
    ];
    for (const [identity, a1, b] of table) {
      const access = createAccess(identity, { successorsOf });
      expect([identity.role, access.canReadPersonal(inA1), access.canReadPersonal(inB)]).toEqual([
        identity.role,
        a1,
        b,
      ]);
    }
  });

  it('follows reorganisations: a merged unit’s officers see the successor (cycles ignored)', () => {
    expect(createAccess(as('COMMITTEE_OFFICER', 'A'), { successorsOf }).canReadPersonal(inM)).toBe(true);
    expect(createAccess(as('COMMITTEE_OFFICER', 'A')).canReadPersonal(inM)).toBe(false);
  });

  it('lets a member read their own file only', () => {
    const access = createAccess(as('MEMBER', null, { memberId: 'm1' }));
    expect(access.canReadPersonal({ ancestorIds: ['P'], memberId: 'm1' })).toBe(true);
    expect(access.canReadPersonal({ ancestorIds: ['P'], memberId: 'm2' })).toBe(false);
    expect(access.canReadPersonal({ ancestorIds: ['P'] })).toBe(false);
  });

  it('needs the sensitive scope explicitly, the administrator too', () => {
    expect(createAccess(as('PROVINCIAL_ADMIN')).canReadSensitive(inB)).toBe(false);
    expect(
      createAccess(as('PROVINCIAL_ADMIN', null, { scopes: [SCOPES.sensitiveRead] })).canReadSensitive(inB),
    ).toBe(true);
    const officer = createAccess(as('COMMITTEE_OFFICER', 'A', { scopes: [SCOPES.sensitiveRead] }));
    expect([officer.canReadSensitive(inA1), officer.canReadSensitive(inB)]).toEqual([true, false]);
  });

  it('lets only writing roles write, within their subtree; auditors and integrators never', () => {
    expect(createAccess(as('PROVINCIAL_ADMIN')).canWrite([])).toBe(true);
    expect(createAccess(as('COMMITTEE_OFFICER', 'A')).canWrite(inA1.ancestorIds)).toBe(true);
    expect(createAccess(as('COMMITTEE_OFFICER', 'A')).canWrite(inB.ancestorIds)).toBe(false);
    expect(createAccess(as('COMMITTEE_OFFICER', 'A')).canWrite([])).toBe(false);
    expect(createAccess(as('AUDITOR')).canWrite(inA1.ancestorIds)).toBe(false);
    expect(createAccess(as('INTEGRATOR')).canWrite(inA1.ancestorIds)).toBe(false);
    expect(createAccess(ANONYMOUS).denial()).toBe('UNAUTHENTICATED');
    expect(createAccess(as('INTEGRATOR')).denial()).toBe('FORBIDDEN');
  });
});
