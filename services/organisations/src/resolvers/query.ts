import { fromGlobalId } from '@dangvien/graphql';
import type { Context } from '../context';
import { normaliseCode } from '../domain/organisation';
import type { FilterInput } from './organisation';
import { listFilter, ORGANISATION_TYPE, organisationPage } from './organisation';

export const Node = {
  __resolveType: () => ORGANISATION_TYPE,
};

export const Query = {
  node: async (_: unknown, args: { id: string }, context: Context) => {
    const decoded = fromGlobalId(args.id);
    if (decoded?.type !== ORGANISATION_TYPE) return null;
    const doc = await context.loaders.organisation.load(decoded.id);
    return doc;
  },
  organisation: (_: unknown, args: { id: string }, context: Context) => {
    const decoded = fromGlobalId(args.id);
    return decoded?.type === ORGANISATION_TYPE ? context.loaders.organisation.load(decoded.id) : null;
  },
  organisationByCode: (_: unknown, args: { code: string }, context: Context) =>
    context.repository.findByCode(normaliseCode(args.code)),
  organisations: (
    _: unknown,
    args: { filter?: FilterInput | null; first?: number | null; after?: string | null },
    context: Context,
  ) => organisationPage(context, listFilter(args.filter), args),
};
