import type { GraphQLResolveInfo } from 'graphql';
import { localIdOf } from '@dangvien/graphql';
import { ETHNICITIES } from '../domain/catalogue';
import type { Context } from '../context';
import { ethnicityOf } from './member';
import { MEMBER_TYPE, organisationId } from './ids';
import { visibleFile } from './access';
import { memberConnection } from './organisation';
import type { MembersArgs } from './organisation';

export const Query = {
  member: async (_: unknown, args: { id: string }, context: Context) => {
    const id = localIdOf(args.id, MEMBER_TYPE);
    if (!id) return null;
    await context.fresh();
    return visibleFile(context, await context.loaders.member.load(id));
  },
  memberByPartyCard: async (_: unknown, args: { number: string }, context: Context) => {
    await context.fresh();
    return visibleFile(context, await context.members.byCard(args.number.trim()));
  },
  members: (
    _: unknown,
    args: MembersArgs & { under?: string | null },
    context: Context,
    info: GraphQLResolveInfo,
  ) =>
    memberConnection(
      context,
      {
        organisationId: args.under ? organisationId(args.under, ['under']) : null,
        includeSubtree: true,
        filter: args.filter ?? {},
        orderBy: 'NAME',
        asOf: null,
      },
      args,
      info,
    ),
  ethnicities: () => ETHNICITIES.map(([code]) => ethnicityOf(code)),
  memberImport: (_: unknown, args: { id: string }, context: Context) =>
    context.importer.imports.findById(args.id).lean(),
};

export const MemberImport = {
  id: (doc: { _id: string }) => doc._id,
  imported: (doc: { created: number; updated: number; unchanged: number }) =>
    doc.created + doc.updated + doc.unchanged,
  errors: (doc: { rowErrors: unknown[] }, args: { first?: number | null }) =>
    doc.rowErrors.slice(0, args.first ?? 100),
};
