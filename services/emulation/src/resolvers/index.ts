import { DateScalar } from '@dangvien/graphql';
import { InspectionType, Member, Organisation } from './entities';
import { Mutation } from './mutation';
import { Query } from './query';

export const resolvers = {
  Date: DateScalar,
  Query,
  Mutation,
  Organisation,
  Member,
  Inspection: InspectionType,
};
