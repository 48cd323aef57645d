import { DateScalar, DateTimeScalar } from '@dangvien/graphql';
import { guardWrites } from '@dangvien/auth';
import { unitsActedIn } from './access';
import { Mutation } from './mutation';
import { Locality, LocalityHead, Organisation, OrganisationVersionType } from './organisation';
import { Node } from './node';
import { Query, Reorganisation } from './query';

export const resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Node,
  Query,
  Mutation: guardWrites(Mutation as never, unitsActedIn),
  Organisation,
  OrganisationVersion: OrganisationVersionType,
  Locality,
  LocalityHead,
  Reorganisation,
};
