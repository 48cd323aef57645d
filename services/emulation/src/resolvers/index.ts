import { DateScalar } from '@dangvien/graphql';
import type { Context } from '../context';
import { InspectionType, Member, Organisation } from './entities';
import { Mutation } from './mutation';
import { emulationChanges } from './changes';
import { nodeResolvers } from './node';
import { Query } from './query';

type Resolver = (parent: unknown, args: unknown, context: Context, info: unknown) => Promise<unknown>;

/**
 * Every mutation changes the version token once it has written (or refused: a spare recomputation),
 * so a province year cached before it is recomputed on the next read.
 */
const versioned = Object.fromEntries(
  Object.entries(Mutation as Record<string, Resolver>).map(([name, resolve]) => [
    name,
    async (parent: unknown, args: unknown, context: Context, info: unknown) => {
      try {
        return await resolve(parent, args, context, info);
      } finally {
        await context.version.touch();
      }
    },
  ]),
);

export const resolvers = {
  Date: DateScalar,
  Query: { ...Query, emulationChanges },
  Mutation: versioned,
  Organisation,
  Member,
  ...nodeResolvers,
  Inspection: { ...InspectionType, ...nodeResolvers.Inspection },
};
