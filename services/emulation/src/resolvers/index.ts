import { DateScalar } from '@dangvien/graphql';
import { InspectionType, Member, Organisation } from './entities';
import { Mutation } from './mutation';
import { emulationChanges } from './changes';
import { nodeResolvers } from './node';
import { Query } from './query';

export const resolvers = {
  Date: DateScalar,
  Query: { ...Query, emulationChanges },
  Mutation,
  Organisation,
  Member,
  ...nodeResolvers,
  Inspection: { ...InspectionType, ...nodeResolvers.Inspection },
};
