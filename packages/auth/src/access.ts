import { hasScope, SCOPES } from './identity';
import type { Identity, Role } from './identity';

/**
 * What an object's scope is, for the questions below: the organisation ids at or above where it sits
 * (its `ancestorIds`, itself included when it is an organisation) and, for a member's file, whose it is.
 */
export interface ObjectScope {
  ancestorIds: readonly string[];
  memberId?: string | null;
}

/** Roles whose organisation scope is a subtree: they see personal data of what sits under their root. */
const SUBTREE_ROLES: ReadonlySet<Role> = new Set(['COMMITTEE_OFFICER', 'CELL_SECRETARY', 'AUDITOR']);
/** Roles that may change anything at all (within their subtree; the field's `@allow` narrows it). */
const WRITING_ROLES: ReadonlySet<Role> = new Set(['PROVINCIAL_ADMIN', 'COMMITTEE_OFFICER', 'CELL_SECRETARY']);

export type AccessDenial = 'UNAUTHENTICATED' | 'FORBIDDEN';

/**
 * The authorization questions of one request, answered the same way in every subgraph. Built once per
 * request from the verified identity and, where the service knows them, the successors of the caller's
 * organisation: a unit merged or split away hands its officers' scope to the units that took it over.
 */
export interface Access {
  readonly identity: Identity;
  /** The organisation roots the caller's subtree covers (own root and successors); null: every one. */
  readonly roots: ReadonlySet<string> | null;
  /** Whether the caller may read personal data of an object with this scope. */
  canReadPersonal(scope: ObjectScope): boolean;
  /** Personal, and the explicit sensitive scope (Decree 13/2023). */
  canReadSensitive(scope: ObjectScope, requiredScope?: string): boolean;
  /** Whether the caller may change what sits under these organisations (role permitting). */
  canWrite(ancestorIds: readonly string[]): boolean;
  /** Whether the role is one of `roles` (the `@allow` of a field). */
  hasRole(roles: readonly Role[]): boolean;
  /** Why the caller is refused: anonymous callers are unauthenticated, others forbidden. */
  denial(): AccessDenial;
}

function within(roots: ReadonlySet<string> | null, ancestorIds: readonly string[]): boolean {
  if (roots === null) return true;
  for (const id of ancestorIds) if (roots.has(id)) return true;
  return false;
}

/**
 * `successorsOf(id)`: the units an organisation was merged or split into, directly (the closure is
 * taken here, cycles ignored). Services that know no lineage pass nothing.
 */
export function createAccess(
  identity: Identity,
  options: { successorsOf?: (organisationId: string) => readonly string[] } = {},
): Access {
  const { role } = identity;
  let roots: ReadonlySet<string> | null;
  if (role === 'PROVINCIAL_ADMIN' || (role === 'AUDITOR' && identity.organisationId === null)) {
    roots = null;
  } else if (SUBTREE_ROLES.has(role) && identity.organisationId) {
    const closure = new Set<string>([identity.organisationId]);
    const queue = [identity.organisationId];
    while (queue.length > 0) {
      // Popped outside the optional call: `f?.(queue.pop())` would not pop when there is no `f`.
      const current = queue.pop()!;
      for (const next of options.successorsOf?.(current) ?? []) {
        if (!closure.has(next)) {
          closure.add(next);
          queue.push(next);
        }
      }
    }
    roots = closure;
  } else {
    roots = new Set();
  }

  const canReadPersonal = (scope: ObjectScope): boolean => {
    if (role === 'INTEGRATOR' || role === 'ANONYMOUS') return false;
    if (role === 'MEMBER') return Boolean(scope.memberId) && scope.memberId === identity.memberId;
    if (role === 'PROVINCIAL_ADMIN') return true;
    return within(roots, scope.ancestorIds);
  };
  return {
    identity,
    roots,
    canReadPersonal,
    canReadSensitive: (scope, requiredScope = SCOPES.sensitiveRead) =>
      canReadPersonal(scope) && hasScope(identity, requiredScope),
    canWrite: (ancestorIds) =>
      WRITING_ROLES.has(role) && (role === 'PROVINCIAL_ADMIN' || within(roots, ancestorIds)),
    hasRole: (roles) => roles.includes(role),
    denial: () => (role === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN'),
  };
}
