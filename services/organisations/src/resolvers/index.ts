import { DateTimeScalar } from '@dangvien/graphql';
import { Mutation } from './mutation';
import { Organisation } from './organisation';
import { Node, Query } from './query';

export const resolvers = { DateTime: DateTimeScalar, Node, Query, Mutation, Organisation };
