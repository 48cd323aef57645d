/**
 * The roles of the people and systems that call the API (docs/SECURITY.md has the table):
 * - PROVINCIAL_ADMIN: the whole province, reads and writes;
 * - COMMITTEE_OFFICER: an organisation subtree (`organisationId` and below, and its successors);
 * - CELL_SECRETARY: one cell (`organisationId`, and its successors);
 * - MEMBER: their own file (`memberId`);
 * - AUDITOR: read-only, within `organisationId` (or everything when null);
 * - INTEGRATOR: a system, no personal data;
 * - ANONYMOUS: no token: nothing personal.
 */
export const ROLES = [
  'PROVINCIAL_ADMIN',
  'COMMITTEE_OFFICER',
  'CELL_SECRETARY',
  'MEMBER',
  'AUDITOR',
  'INTEGRATOR',
  'ANONYMOUS',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Scopes a caller may hold besides its role. Reading sensitive personal data (Decree 13/2023:
 * ethnicity, religion, history, citizen id) needs `sensitive:read` explicitly, whatever the role.
 */
export const SCOPES = { sensitiveRead: 'sensitive:read' } as const;

export interface Identity {
  /** Who: the token's subject (a user or system id); null when anonymous. */
  subject: string | null;
  role: Role;
  /** The root of the organisation subtree the role covers (a cell for a secretary); null for all or none. */
  organisationId: string | null;
  /** For MEMBER: their own member id. */
  memberId: string | null;
  scopes: readonly string[];
}

export const ANONYMOUS: Identity = Object.freeze({
  subject: null,
  role: 'ANONYMOUS',
  organisationId: null,
  memberId: null,
  scopes: Object.freeze([]) as readonly string[],
});

/** Whether the caller was granted `scope` explicitly (no role implies a scope). */
export function hasScope(identity: Identity, scope: string): boolean {
  return identity.scopes.includes(scope);
}
