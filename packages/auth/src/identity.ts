import type { IncomingHttpHeaders } from 'node:http';

/**
 * The roles of the people and systems that call the API (DOMAIN.md; the access-control issue):
 * - PROVINCIAL_ADMIN: the whole province, every field;
 * - COMMITTEE_OFFICER: an organisation subtree (`organisationId` and below);
 * - CELL_SECRETARY: one cell (`organisationId`);
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

/** Scopes a caller may hold besides its role: reading sensitive personal data needs this one explicitly. */
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

/** The header through which the gateway forwards the caller's identity to subgraphs. */
export const IDENTITY_HEADER = 'x-dangvien-identity';

function parse(value: string): Identity | null {
  try {
    const raw = JSON.parse(value) as Partial<Identity>;
    if (!raw || typeof raw !== 'object' || !(ROLES as readonly string[]).includes(raw.role ?? ''))
      return null;
    return {
      subject: typeof raw.subject === 'string' ? raw.subject : null,
      role: raw.role as Role,
      organisationId: typeof raw.organisationId === 'string' ? raw.organisationId : null,
      memberId: typeof raw.memberId === 'string' ? raw.memberId : null,
      scopes: Array.isArray(raw.scopes) ? raw.scopes.filter((s): s is string => typeof s === 'string') : [],
    };
  } catch {
    return null;
  }
}

/**
 * The caller's identity, from the header the gateway sets: the ONE way a subgraph learns who calls.
 * Until the gateway signs it (the access-control issue), a subgraph trusts the plain header only in
 * development (`trustUnsigned`); otherwise every request is anonymous.
 */
export function identityFromHeaders(
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined> | null | undefined,
  options: { trustUnsigned: boolean },
): Identity {
  const value = headers?.[IDENTITY_HEADER];
  const header = Array.isArray(value) ? value[0] : value;
  if (!header || !options.trustUnsigned) return ANONYMOUS;
  return parse(header) ?? ANONYMOUS;
}

export function hasScope(identity: Identity, scope: string): boolean {
  return identity.role === 'PROVINCIAL_ADMIN' || identity.scopes.includes(scope);
}
