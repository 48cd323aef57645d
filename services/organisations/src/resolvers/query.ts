import { Refusal } from '@dangvien/domain';
import type { LocalityKind, OrganisationLevel, OrganisationSector } from '@dangvien/contracts';
import { buildConnection, decodeCursor, formatCalendarDate, fromGlobalId, pageSize } from '@dangvien/graphql';
import type { Context } from '../context';
import { normaliseCode } from '../domain/organisation';
import type { ReorganisationStatus } from '../domain/reorganisation';
import type { StoredReorganisation } from '../model/repository';
import type { OrganisationQuery } from '../tree/tree-index';
import { headMembershipTarget } from './organisation';
import { LOCALITY_TYPE, ORGANISATION_TYPE, organisationId } from './ids';
import { nodeQueries } from './node';
import { pageByCode } from './pagination';

export interface FilterInput {
  level?: OrganisationLevel[] | null;
  sector?: OrganisationSector[] | null;
  search?: string | null;
  under?: string | null;
  includeDissolved?: boolean | null;
}

export function organisationQuery(input: FilterInput | null | undefined): OrganisationQuery {
  return {
    levels: input?.level ?? null,
    sectors: input?.sector ?? null,
    search: input?.search ?? null,
    includeDissolved: input?.includeDissolved ?? false,
    under: input?.under ? organisationId(input.under, ['filter', 'under']) : null,
  };
}

/** `asOf` as a calendar date; today (Vietnam) when not given. */
export function asOfDate(asOf: Date | null | undefined, context: Context): string {
  return asOf ? formatCalendarDate(asOf) : context.today;
}

type Page = { first?: number | null; after?: string | null };

/** A `reorganisations` cursor: `[createdAt, id]` of the last row seen. */
function reorganisationCursor(cursor: string | null | undefined): { createdAt: Date; id: string } | null {
  if (!cursor) return null;
  const position = decodeCursor<unknown>(cursor);
  const [at, id, ...rest] = Array.isArray(position) ? (position as unknown[]) : [];
  const createdAt = typeof at === 'string' ? new Date(at) : null;
  if (!createdAt || Number.isNaN(createdAt.getTime()) || typeof id !== 'string' || rest.length > 0) {
    throw new Refusal('INVALID_CURSOR', 'This cursor was not issued for this list', ['after']);
  }
  return { createdAt, id };
}

export const Query = {
  ...nodeQueries,
  organisation: (_: unknown, args: { id: string; asOf?: Date | null }, context: Context) => {
    const decoded = fromGlobalId(args.id);
    return decoded?.type === ORGANISATION_TYPE
      ? context.index.organisation(decoded.id, asOfDate(args.asOf, context))
      : null;
  },
  organisationByCode: (_: unknown, args: { code: string; asOf?: Date | null }, context: Context) =>
    context.index.organisationByCode(normaliseCode(args.code), asOfDate(args.asOf, context)),
  organisations: (
    _: unknown,
    args: Page & { filter?: FilterInput | null; asOf?: Date | null },
    context: Context,
  ) =>
    pageByCode(
      context.index.listOrganisations(organisationQuery(args.filter), asOfDate(args.asOf, context)),
      args,
    ),
  organisationTree: (
    _: unknown,
    args: { rootId: string; asOf?: Date | null; maxDepth?: number | null },
    context: Context,
  ) => {
    const asOf = asOfDate(args.asOf, context);
    const root = context.index.organisation(organisationId(args.rootId, ['rootId']), asOf);
    if (!root) return null;
    if (args.maxDepth != null && args.maxDepth < 0) {
      throw new Refusal('INVALID_DEPTH', 'maxDepth cannot be negative', ['maxDepth']);
    }
    const nodes: { depth: number; organisation: unknown }[] = [{ depth: 0, organisation: root }];
    const visit = (id: string, depth: number) => {
      if (args.maxDepth != null && depth > args.maxDepth) return;
      for (const child of context.index.children(id, asOf)) {
        nodes.push({ depth, organisation: child });
        visit(child.record.id, depth + 1);
      }
    };
    visit(root.record.id, 1);
    return { asOf, root, size: nodes.length, nodes };
  },
  locality: (_: unknown, args: { id: string; asOf?: Date | null }, context: Context) => {
    const decoded = fromGlobalId(args.id);
    return decoded?.type === LOCALITY_TYPE
      ? context.index.locality(decoded.id, asOfDate(args.asOf, context))
      : null;
  },
  localities: (
    _: unknown,
    args: Page & {
      filter?: {
        under?: string | null;
        kind?: LocalityKind[] | null;
        withoutCell?: boolean | null;
        includeDissolved?: boolean | null;
      } | null;
      asOf?: Date | null;
    },
    context: Context,
  ) =>
    pageByCode(
      context.index.listLocalities(
        {
          under: args.filter?.under ? organisationId(args.filter.under, ['filter', 'under']) : null,
          kinds: args.filter?.kind ?? null,
          withoutCell: args.filter?.withoutCell ?? false,
          includeDissolved: args.filter?.includeDissolved ?? false,
        },
        asOfDate(args.asOf, context),
      ),
      args,
    ),
  localityHeadMembership: (_: unknown, args: { under: string; asOf?: Date | null }, context: Context) => {
    const asOf = asOfDate(args.asOf, context);
    const under = organisationId(args.under, ['under']);
    const result = context.index.headMembership(under, asOf);
    const target = headMembershipTarget(asOf);
    return { asOf, ...result, target, meetsTarget: result.share === null ? null : result.share > target };
  },
  // Documents, not the tree index: APPLIED ones accumulate with every reform, so paged in the database.
  reorganisations: async (
    _: unknown,
    args: Page & { status?: ReorganisationStatus[] | null },
    context: Context,
  ) => {
    const limit = pageSize(args);
    const after = reorganisationCursor(args.after);
    const page = await context.repository.reorganisationsPage(
      args.status ?? ['PENDING', 'CONFLICT'],
      limit,
      after,
    );
    return buildConnection(page.rows, limit, (r) => [r.createdAt.toISOString(), r.id], {
      hasPreviousPage: after !== null,
      totalCount: page.totalCount,
    });
  },
};

export const Reorganisation = {
  effectiveDate: (r: StoredReorganisation) => r.request.effectiveDate,
};
