import { createAccess } from '@dangvien/auth';
import type { Identity, Role } from '@dangvien/auth';
import { checkMayAdminister, checkMayInspect, checkMayRecordStep, mayReadMember } from '../src/access';

// Units: province P; communes M (merged into S) and S, U; cell S1 under S, cell M1 that went into S1.
const successorsOf = (id: string) => (id === 'M' ? ['S'] : id === 'M1' ? ['S1'] : []);
const as = (role: Role, organisationId: string | null, memberId: string | null = null) =>
  createAccess(
    { subject: `${role}:${organisationId}`, role, organisationId, memberId, scopes: [] } as Identity,
    { successorsOf },
  );
const inS1 = { organisationId: 'S1', ancestors: ['S', 'P'] };
const member = (place = inS1) => ({ kind: 'MEMBER' as const, memberId: 'm1', place });

describe("emulation's review checks follow the caller's unit into its successors", () => {
  it.each([
    ['an officer of S', true, as('COMMITTEE_OFFICER', 'S')],
    ['an officer of M, merged into S', true, as('COMMITTEE_OFFICER', 'M')],
    ['an officer of U', false, as('COMMITTEE_OFFICER', 'U')],
    ['the secretary of S1', true, as('CELL_SECRETARY', 'S1')],
    ['the secretary of M1, which went into S1', true, as('CELL_SECRETARY', 'M1')],
    ["the secretary of M (a committee's subtree is not a secretary's)", false, as('CELL_SECRETARY', 'M')],
    ['an auditor of M', true, as('AUDITOR', 'M')],
    ['an auditor of U', false, as('AUDITOR', 'U')],
    ['the member', true, as('MEMBER', 'S1', 'm1')],
    ['another member', false, as('MEMBER', 'S1', 'm2')],
    ['an integrator', false, as('INTEGRATOR', null)],
  ])("reading a member's reviews in S1: %s (allowed: %s)", (_, allowed, access) => {
    expect(mayReadMember(access, 'm1', inS1)).toBe(allowed);
  });

  it("records steps on the successor's subjects only through the closure", () => {
    expect(() => checkMayRecordStep(as('COMMITTEE_OFFICER', 'M'), 'DECISION', member())).not.toThrow();
    expect(() => checkMayRecordStep(as('COMMITTEE_OFFICER', 'M'), 'PROPOSAL', member())).not.toThrow();
    expect(() => checkMayRecordStep(as('CELL_SECRETARY', 'M1'), 'PROPOSAL', member())).not.toThrow();
    for (const [access, kind] of [
      [as('COMMITTEE_OFFICER', 'U'), 'DECISION'],
      [as('COMMITTEE_OFFICER', 'U'), 'PROPOSAL'],
      [as('CELL_SECRETARY', 'M1'), 'DECISION'],
      [as('MEMBER', 'S1', 'm2'), 'SELF_ASSESSMENT'],
    ] as const) {
      expect(() => checkMayRecordStep(access, kind, member())).toThrow(
        expect.objectContaining({ code: 'NOT_AUTHORISED' }),
      );
    }
    // Successors are followed forwards only: S's officer does not reach what stayed of M's history.
    const inM = { organisationId: 'M', ancestors: ['P'] };
    expect(() => checkMayRecordStep(as('COMMITTEE_OFFICER', 'S'), 'DECISION', member(inM))).toThrow();
  });

  it('inspections and province-wide acts follow the closure too', () => {
    expect(() => checkMayInspect(as('COMMITTEE_OFFICER', 'M'), inS1)).not.toThrow();
    expect(() => checkMayInspect(as('COMMITTEE_OFFICER', 'U'), inS1)).toThrow();
    const merged = createAccess(
      { subject: 'o', role: 'COMMITTEE_OFFICER', organisationId: 'P0', memberId: null, scopes: [] },
      { successorsOf: (id) => (id === 'P0' ? ['P'] : []) },
    );
    expect(() => checkMayAdminister(merged, 'P')).not.toThrow();
    expect(() => checkMayAdminister(as('COMMITTEE_OFFICER', 'S'), 'P')).toThrow();
    expect(() => checkMayAdminister(as('COMMITTEE_OFFICER', 'S'), null)).toThrow();
  });
});
