import type { Identity } from '@dangvien/auth';
import { Refusal } from '@dangvien/domain';
import type { StepKind } from './domain/review-steps';
import { RULES } from './domain/rules';

/**
 * Who may do what in the emulation service, from the caller's identity (read by @dangvien/auth in the
 * context). Member reviews are personal data: readable by the member, their cell's secretary, the
 * committees above and auditors of that subtree. Units' scores, rankings and classifications are not
 * personal data and are public. Rules take the subject's organisation and its ancestors on the day
 * that matters (the end of the period), so a committee acts on its own subtree only.
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

const within = (identity: Identity, place: Place) =>
  identity.organisationId !== null &&
  (identity.organisationId === place.organisationId || place.ancestors.includes(identity.organisationId));

function refuse(message: string): never {
  throw new Refusal(RULES.notAuthorised, message, null);
}

/** Whether the caller may read a member's reviews. */
export function mayReadMember(identity: Identity, memberId: string, place: Place | null): boolean {
  switch (identity.role) {
    case 'PROVINCIAL_ADMIN':
      return true;
    case 'AUDITOR':
      return identity.organisationId === null || (place !== null && within(identity, place));
    case 'COMMITTEE_OFFICER':
      return place !== null && within(identity, place);
    case 'CELL_SECRETARY':
      return place !== null && identity.organisationId === place.organisationId;
    case 'MEMBER':
      return identity.memberId === memberId;
    default:
      return false;
  }
}

/** Refuses a step the caller may not record: the member assesses themself, the cell proposes, a committee decides. */
export function checkMayRecordStep(
  identity: Identity,
  kind: StepKind,
  subject: { kind: 'MEMBER' | 'ORGANISATION'; memberId: string | null; place: Place },
): void {
  const { role } = identity;
  if (role === 'PROVINCIAL_ADMIN') return;
  if (role === 'COMMITTEE_OFFICER' && within(identity, subject.place)) return;
  if (
    role === 'CELL_SECRETARY' &&
    kind !== 'DECISION' &&
    identity.organisationId === subject.place.organisationId
  )
    return;
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
export function checkMayInspect(identity: Identity, place: Place): void {
  if (identity.role === 'PROVINCIAL_ADMIN') return;
  if (identity.role === 'COMMITTEE_OFFICER' && within(identity, place)) return;
  refuse('Only a committee above the unit (or the province) plans and records its inspections');
}

/** Findings may name people: committees above the unit and auditors read them. */
export function mayReadFindings(identity: Identity, place: Place): boolean {
  if (identity.role === 'PROVINCIAL_ADMIN') return true;
  if (identity.role === 'AUDITOR') return identity.organisationId === null || within(identity, place);
  return identity.role === 'COMMITTEE_OFFICER' && within(identity, place);
}

/** Periods are opened and closed, rankings and award lists published, by the province's committee. */
export function checkMayAdminister(identity: Identity, rootId: string | null): void {
  if (identity.role === 'PROVINCIAL_ADMIN') return;
  if (identity.role === 'COMMITTEE_OFFICER' && rootId !== null && identity.organisationId === rootId) return;
  refuse("Only the province's committee does this");
}
