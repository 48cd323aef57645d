import { DateScalar, DateTimeScalar } from '@dangvien/graphql';
import { scopedMutations } from './access';
import { Mutation } from './mutation';
import { Locality, LocalityHead, Organisation, OrganisationVersionType } from './organisation';
import { Node, Query, Reorganisation } from './query';

export const resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Node,
  Query,
  Mutation: scopedMutations(Mutation as never),
  Organisation,
  OrganisationVersion: OrganisationVersionType,
  Locality,
  LocalityHead,
  Reorganisation,
};
