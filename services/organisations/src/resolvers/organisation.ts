import type { OrganisationLevel, OrganisationSector } from '@dangvien/contracts';
import { buildConnection, decodeCursor, localIdOf, pageSize, toGlobalId, UserInputError } from '@dangvien/graphql';
import type { Context } from '../context';
import type { OrganisationDocument } from '../model/organisation';
import type { ListFilter } from '../model/repository';

export const ORGANISATION_TYPE = 'Organisation';

export function organisationGlobalId(id: string): string {
  return toGlobalId(ORGANISATION_TYPE, id);
}

/** The local id behind a global id, or a typed refusal naming the input field. */
export function organisationIdFrom(globalId: string, field: string[], code = 'ORGANISATION_NOT_FOUND'): string {
  const id = localIdOf(globalId, ORGANISATION_TYPE);
  if (!id) throw new UserInputError(code, `${globalId} is not an organisation id`, field);
  return id;
}

export interface FilterInput {
  level?: OrganisationLevel[] | null;
  sector?: OrganisationSector[] | null;
  search?: string | null;
  under?: string | null;
  includeDissolved?: boolean | null;
}

export function listFilter(input: FilterInput | null | undefined): ListFilter {
  return {
    levels: input?.level ?? null,
    sectors: input?.sector ?? null,
    search: input?.search ?? null,
    includeDissolved: input?.includeDissolved ?? false,
    ...(input?.under ? { under: organisationIdFrom(input.under, ['filter', 'under']) } : {}),
  };
}

/** A page of organisations sorted by code; `totalCount` costs a count query only when asked for. */
export async function organisationPage(
  context: Context,
  filter: ListFilter,
  args: { first?: number | null; after?: string | null },
) {
  const limit = pageSize(args);
  const afterCode = args.after ? decodeCursor<string>(args.after) : null;
  if (afterCode !== null && typeof afterCode !== 'string') {
    throw new UserInputError('INVALID_CURSOR', 'This cursor was not issued for this list', ['after']);
  }
  const rows = await context.repository.list(filter, { limit, afterCode });
  for (const row of rows) context.loaders.organisation.prime(row._id, row);
  const connection = buildConnection(rows, limit, (doc) => doc.code, { hasPreviousPage: afterCode !== null });
  return { ...connection, totalCount: () => context.repository.count(filter) };
}

export const Organisation = {
  __resolveReference(reference: { id: string }, context: Context) {
    const id = localIdOf(reference.id, ORGANISATION_TYPE);
    return id ? context.loaders.organisation.load(id) : null;
  },
  id: (doc: OrganisationDocument) => organisationGlobalId(doc._id),
  parent: (doc: OrganisationDocument, _: unknown, context: Context) =>
    doc.parentId ? context.loaders.organisation.load(doc.parentId) : null,
  ancestors: async (doc: OrganisationDocument, _: unknown, context: Context) => {
    const ancestors = await context.loaders.organisation.loadMany(doc.path);
    return ancestors.filter((a): a is OrganisationDocument => a !== null && !(a instanceof Error));
  },
  depth: (doc: OrganisationDocument) => doc.path.length,
  children: (
    doc: OrganisationDocument,
    args: { first?: number | null; after?: string | null; includeDissolved?: boolean | null },
    context: Context,
  ) => organisationPage(context, { parentId: doc._id, includeDissolved: args.includeDissolved ?? false }, args),
  descendants: (
    doc: OrganisationDocument,
    args: { first?: number | null; after?: string | null; filter?: FilterInput | null },
    context: Context,
  ) => organisationPage(context, { ...listFilter(args.filter), under: doc._id }, args),
};
