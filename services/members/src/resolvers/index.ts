import { DateScalar, DateTimeScalar } from '@dangvien/graphql';
import { AuditEntry, Member, TransferLetterType } from './member';
import { Mutation } from './mutation';
import { Organisation } from './organisation';
import { MemberImport, Query } from './query';
import { organisationRef } from './ids';

export const resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Member,
  Organisation,
  TransferLetter: TransferLetterType,
  AuditEntry,
  MemberImport,
  Placement: { organisation: (p: { organisationId: string }) => organisationRef(p.organisationId) },
};
