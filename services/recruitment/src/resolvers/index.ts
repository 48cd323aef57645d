import { DateScalar, DateTimeScalar } from '@dangvien/graphql';
import { guardWrites } from '@dangvien/auth';
import { unitsActedIn } from './access';
import { Mutation } from './mutation';
import { Query } from './query';
import { AdmissionPlanReference, AwarenessClassReference } from './references';
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
  Mutation: guardWrites(Mutation as never, unitsActedIn),
  Organisation,
  Candidate,
  CandidateStep,
  Introducer,
  Deadline: DeadlineType,
  AdmissionPlan: { ...AdmissionPlan, ...AdmissionPlanReference },
  RecruitmentWarning,
  AwarenessClass: { ...AwarenessClass, ...AwarenessClassReference },
};
