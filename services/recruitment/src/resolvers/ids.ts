import { Refusal } from '@dangvien/domain';
import { localIdOf, toGlobalId } from '@dangvien/graphql';
import { RULES } from '../domain/rules';

export const TYPES = {
  candidate: 'Candidate',
  plan: 'AdmissionPlan',
  awarenessClass: 'AwarenessClass',
  organisation: 'Organisation',
  locality: 'Locality',
  member: 'Member',
} as const;

const NOT_FOUND: Record<string, string> = {
  Candidate: RULES.candidateNotFound,
  AdmissionPlan: RULES.planNotFound,
  AwarenessClass: RULES.classNotFound,
  Organisation: RULES.organisationNotFound,
  Locality: RULES.localityNotFound,
  Member: RULES.memberNotFound,
};

export const globalId = (type: string, id: string) => toGlobalId(type, id);
export const globalIdOrNull = (type: string, id: string | null) =>
  id === null ? null : toGlobalId(type, id);

/** The local id behind a global id of `type`, or a refusal naming the input field. */
export function localId(value: string, type: string, field: string[]): string {
  const id = localIdOf(value, type);
  if (!id)
    throw new Refusal(NOT_FOUND[type] ?? RULES.candidateNotFound, `${value} is not a ${type} id`, field);
  return id;
}
