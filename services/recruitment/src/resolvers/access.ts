import { accessError, accessOf } from '@dangvien/auth';
import type { ObjectScope } from '@dangvien/auth';
import type { Context } from '../context';
import type { Candidate } from '../domain/candidate';
import { localIdOf } from '@dangvien/graphql';
import { TYPES } from './ids';

/**
 * Who may see and change which admission files. A candidate's file is personal data as a whole: it
 * is answered to callers whose scope covers the cell it is in (and, once admitted, to the member),
 * lists of a subtree only to callers covering it, and changes only to writers covering the unit the
 * step is taken in. Sensitive person fields need the explicit scope on top (`@sensitive`).
 */
/** The scope of a `Person` the `Candidate.person` resolver answered (its candidate's, in `scope`). */
export const personScope = (person: { scope?: ObjectScope }): ObjectScope | null => person.scope ?? null;

async function lineage(ctx: Context, organisationId: string): Promise<string[]> {
  return (await ctx.loaders.organisation.load(organisationId))?.ancestorIds ?? [organisationId];
}

export async function candidateScope(ctx: Context, candidate: Candidate): Promise<ObjectScope> {
  return { ancestorIds: await lineage(ctx, candidate.organisationId), memberId: candidate.memberId };
}

/** A candidate's file for a caller who may read it; an error (the value null) otherwise. */
export async function visibleCandidate(ctx: Context, candidate: Candidate | null): Promise<Candidate | null> {
  if (!candidate) return null;
  const access = accessOf(ctx);
  if (access.canReadPersonal(await candidateScope(ctx, candidate))) return candidate;
  throw accessError(
    access,
    'PERSONAL_DATA_OUT_OF_SCOPE',
    "This candidate's file is outside the caller's scope",
  );
}

/** Refuses what lists people of `organisationId`'s subtree to a caller who does not cover it. */
export async function requireSubtreeReadable(ctx: Context, organisationId: string): Promise<void> {
  const access = accessOf(ctx);
  if (access.canReadPersonal({ ancestorIds: await lineage(ctx, organisationId) })) return;
  throw accessError(
    access,
    'PERSONAL_DATA_OUT_OF_SCOPE',
    "The candidates of this organisation are outside the caller's scope",
  );
}

type MutationInput = Record<string, unknown> & {
  candidateId?: string;
  organisationId?: string;
  setByOrganisationId?: string;
  organiserId?: string;
  classId?: string;
};

/**
 * The units a mutation acts in, from its input, with their ancestors (the ones that exist: an
 * unknown id is the command's refusal); `guardWrites` of @dangvien/auth checks the caller covers them.
 */
export async function unitsActedIn(_name: string, input: MutationInput, ctx: Context): Promise<string[][]> {
  const units: string[] = [];
  // A malformed id is left to the command, which refuses it naming the field.
  const id = (value: string, type: string) => localIdOf(value, type) ?? '';
  if (input.candidateId) {
    const candidate = await ctx.loaders.candidate.load(id(input.candidateId, TYPES.candidate) || '-');
    if (candidate) units.push(candidate.organisationId);
  }
  // A plan is set by a committee for a unit under it: the setter is the one acting.
  if (input.setByOrganisationId) units.push(id(input.setByOrganisationId, TYPES.organisation));
  else if (input.organisationId) units.push(id(input.organisationId, TYPES.organisation));
  if (input.organiserId) units.push(id(input.organiserId, TYPES.organisation));
  if (input.classId) {
    const found = await ctx.repository.awarenessClass(id(input.classId, TYPES.awarenessClass));
    if (found) units.push(found.organiserId);
  }
  return Promise.all(units.map((unit) => lineage(ctx, unit)));
}
