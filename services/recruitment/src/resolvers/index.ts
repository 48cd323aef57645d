import { DateScalar, DateTimeScalar } from '@dangvien/graphql';
import { scopedMutations } from './access';
import { Mutation } from './mutation';
import { Query } from './query';
import {
  AdmissionPlan,
  AwarenessClass,
  Candidate,
  CandidateStep,
  DeadlineType,
  Introducer,
  Organisation,
  RecruitmentWarning,
} from './types';

export const resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Node: {
    __resolveType: (value: object) =>
      'steps' in value
        ? 'Candidate'
        : 'plan' in value
          ? 'AdmissionPlan'
          : 'enrolments' in value
            ? 'AwarenessClass'
            : null,
  },
  Query,
  Mutation: scopedMutations(Mutation as never),
  Organisation,
  Candidate,
  CandidateStep,
  Introducer,
  Deadline: DeadlineType,
  AdmissionPlan,
  RecruitmentWarning,
  AwarenessClass,
};
