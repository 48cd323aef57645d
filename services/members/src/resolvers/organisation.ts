import { Refusal } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import { buildConnection, decodeCursor, nodeFieldsAsked, pageSize, toGlobalId } from '@dangvien/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RULES } from '../domain/rules';
import { memberMovements, memberStatistics } from '../figures/statistics';
import type { MemberDocument } from '../model/member-document';
import { toMemberFile } from '../model/member-fields';
import { positionOf, THIN_MEMBER_FIELDS } from '../queries/member-queries';
import type { ListFilter, ListRequest } from '../queries/member-queries';
import type { Context } from '../context';
import { requireSubtreeReadable } from './access';
import { afterOf, auditConnection } from './member';
import {
  awaitingPlacementConnection,
  badgeDueConnection,
  pendingTransferConnection,
} from './organisation-lists';
import { dateOf, ORGANISATION_TYPE, organisationId } from './ids';

/** An organisation as the members subgraph sees it: its id, the rest belongs to the organisations subgraph. */
export interface OrganisationRef {
  id: string;
}

type Page = { first?: number | null; after?: string | null };

export interface MembersArgs extends Page {
  filter?: ListFilter | null;
  orderBy?: 'NAME' | 'DECISION_DATE' | null;
  includeSubtree?: boolean | null;
  asOf?: Date | null;
}

/** A page of members for `request`, as a Relay connection of member files. */
export async function memberConnection(
  context: Context,
  request: Omit<ListRequest, 'limit' | 'after'>,
  args: Page,
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>,
) {
  const limit = pageSize(args);
  const after = args.after ? decodeCursor<unknown>(args.after) : null;
  if (after !== null && typeof after !== 'string') {
    throw new Refusal('INVALID_CURSOR', 'This cursor was not issued for this list', ['after']);
  }
  await context.fresh();
  requireSubtreeReadable(context, request.organisationId);
  const asked = nodeFieldsAsked(info);
  const rows: MemberDocument[] = await context.members.list({ ...request, limit, after }, context.today, {
    entriesSuffice: [...asked].every((field) => THIN_MEMBER_FIELDS.has(field)),
  });
  const connection = buildConnection(rows, limit, (doc) => positionOf(doc, request.orderBy), {
    hasPreviousPage: after !== null,
  });
  return {
    ...connection,
    edges: connection.edges.map((e) => ({ ...e, node: toMemberFile(e.node) })),
    nodes: connection.nodes.map(toMemberFile),
  };
}

function period(from: Date, to: Date): { from: CalendarDate; to: CalendarDate } {
  const range = { from: dateOf(from)!, to: dateOf(to)! };
  if (range.to < range.from)
    throw new Refusal(RULES.datesOutOfOrder, 'The period ends before it starts', ['to']);
  return range;
}

export const Organisation = {
  __resolveReference: (reference: { id: string }): OrganisationRef => ({
    id: organisationId(reference.id, ['id']),
  }),
  id: (org: OrganisationRef) => toGlobalId(ORGANISATION_TYPE, org.id),

  members: (org: OrganisationRef, args: MembersArgs, context: Context, info: GraphQLResolveInfo) =>
    memberConnection(
      context,
      {
        organisationId: org.id,
        includeSubtree: args.includeSubtree ?? false,
        filter: args.filter ?? {},
        orderBy: args.orderBy ?? 'NAME',
        asOf: dateOf(args.asOf),
      },
      args,
      info,
    ),

  memberStatistics: async (org: OrganisationRef, args: { asOf?: Date | null }, context: Context) => {
    await context.fresh();
    return memberStatistics(
      context.treeStore.tree,
      context.figures,
      org.id,
      dateOf(args.asOf) ?? context.today,
    );
  },

  memberMovements: async (org: OrganisationRef, args: { from: Date; to: Date }, context: Context) => {
    const { from, to } = period(args.from, args.to);
    await context.fresh();
    return memberMovements(context.treeStore.tree, context.figures, org.id, from, to);
  },

  memberAudit: async (org: OrganisationRef, args: Page, context: Context) => {
    await readable(context, org.id);
    return auditConnection(await context.audit.ofOrganisation(org.id, pageSize(args), afterOf(args)), args);
  },

  pendingTransfers: async (
    org: OrganisationRef,
    args: Page & { overdueOnly?: boolean | null; asOf?: Date | null },
    context: Context,
  ) => {
    await readable(context, org.id);
    return pendingTransferConnection(context, org.id, {
      ...args,
      asOf: dateOf(args.asOf) ?? context.today,
    });
  },

  membersAwaitingPlacement: async (org: OrganisationRef, args: Page, context: Context) => {
    await readable(context, org.id);
    return awaitingPlacementConnection(context, org.id, args);
  },

  membersDueBadge: async (org: OrganisationRef, args: Page & { from: Date; to: Date }, context: Context) => {
    const range = period(args.from, args.to);
    await readable(context, org.id);
    return badgeDueConnection(context, org.id, { ...args, ...range });
  },
};

/** The tree brought up to date, and the subtree's members readable by the caller. */
async function readable(context: Context, organisationId: string): Promise<void> {
  await context.fresh();
  requireSubtreeReadable(context, organisationId);
}
