import type { Access, Identity } from '@dangvien/auth';
import { Refusal } from '@dangvien/domain';
import type { StepKind } from './domain/review-steps';
import { RULES } from './domain/rules';

/**
 * Who may do what in the emulation service, from the caller's identity (read by @dangvien/auth in the
 * context). Member reviews are personal data: readable by the member, their cell's secretary, the
 * committees above and auditors of that subtree. Units' scores, rankings and classifications are not
 * personal data and are public. Rules take the subject's organisation and its ancestors on the day
 * that matters (the end of the period), so a committee acts on its own subtree only. A caller's reach is
 * the request's `Access` (@dangvien/auth): their own unit and, when it was merged or split, the units
 * that took it over (the service's successor map, model/successors.ts), so the scope follows
 * reorganisations here as in every other subgraph.
 */
export interface Place {
  organisationId: string;
  /** Ancestors of `organisationId`, parent first. */
  ancestors: readonly string[];
}

/** The internal caller (demo data through the service's own API): it needs no header. */
export const SERVICE_IDENTITY: Identity = Object.freeze({
  subject: 'emulation:service',
  role: 'PROVINCIAL_ADMIN',
  organisationId: null,
  memberId: null,
  scopes: Object.freeze([]) as readonly string[],
});

/** The place is under one of the caller's roots (their unit or a successor of it), or is one. */
function within(access: Access, place: Place): boolean {
  const { roots } = access;
  if (roots === null) return true;
  return roots.has(place.organisationId) || place.ancestors.some((id) => roots.has(id));
}

/** The place is the caller's own unit, or one that took it over (a cell's secretary acts on the cell alone). */
const isOwnUnit = (access: Access, place: Place) =>
  access.roots === null || access.roots.has(place.organisationId);

function refuse(message: string): never {
  throw new Refusal(RULES.notAuthorised, message, null);
}

/** Whether the caller may read a member's reviews. */
export function mayReadMember(access: Access, memberId: string, place: Place | null): boolean {
  const { identity } = access;
  switch (identity.role) {
    case 'PROVINCIAL_ADMIN':
      return true;
    case 'AUDITOR':
      return identity.organisationId === null || (place !== null && within(access, place));
    case 'COMMITTEE_OFFICER':
      return place !== null && within(access, place);
    case 'CELL_SECRETARY':
      return place !== null && isOwnUnit(access, place);
    case 'MEMBER':
      return identity.memberId === memberId;
    default:
      return false;
  }
}

/** Refuses a step the caller may not record: the member assesses themself, the cell proposes, a committee decides. */
export function checkMayRecordStep(
  access: Access,
  kind: StepKind,
  subject: { kind: 'MEMBER' | 'ORGANISATION'; memberId: string | null; place: Place },
): void {
  const { identity } = access;
  const { role } = identity;
  if (role === 'PROVINCIAL_ADMIN') return;
  if (role === 'COMMITTEE_OFFICER' && within(access, subject.place)) return;
  if (role === 'CELL_SECRETARY' && kind !== 'DECISION' && isOwnUnit(access, subject.place)) return;
  if (
    role === 'MEMBER' &&
    kind === 'SELF_ASSESSMENT' &&
    subject.kind === 'MEMBER' &&
    identity.memberId === subject.memberId
  )
    return;
  refuse(
    kind === 'DECISION'
      ? 'Only a committee above the subject (or the province) decides classifications'
      : kind === 'PROPOSAL'
        ? "Only the subject's cell or a committee above it proposes a classification"
        : 'Only the member, their cell or a committee above it records a self-assessment',
  );
}

/** Inspections and supervisions are planned and recorded by the committees above the unit. */
export function checkMayInspect(access: Access, place: Place): void {
  const { role } = access.identity;
  if (role === 'PROVINCIAL_ADMIN') return;
  if (role === 'COMMITTEE_OFFICER' && within(access, place)) return;
  refuse('Only a committee above the unit (or the province) plans and records its inspections');
}

/** Findings may name people: committees above the unit and auditors read them. */
export function mayReadFindings(access: Access, place: Place): boolean {
  const { role } = access.identity;
  if (role === 'PROVINCIAL_ADMIN') return true;
  if (role === 'AUDITOR') return within(access, place);
  return role === 'COMMITTEE_OFFICER' && within(access, place);
}

/** Periods are opened and closed, rankings and award lists published, by the province's committee. */
export function checkMayAdminister(access: Access, rootId: string | null): void {
  const { role } = access.identity;
  if (role === 'PROVINCIAL_ADMIN') return;
  // The province's committee, or that of a province merged into it.
  if (role === 'COMMITTEE_OFFICER' && rootId !== null && access.roots?.has(rootId)) return;
  refuse("Only the province's committee does this");
}
