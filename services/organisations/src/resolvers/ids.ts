import { Refusal } from '@dangvien/domain';
import { localIdOf, toGlobalId } from '@dangvien/graphql';
import { RULES } from '../domain/rules';

export const ORGANISATION_TYPE = 'Organisation';
export const LOCALITY_TYPE = 'Locality';
export const MEMBER_TYPE = 'Member';

export const organisationGlobalId = (id: string) => toGlobalId(ORGANISATION_TYPE, id);
export const localityGlobalId = (id: string) => toGlobalId(LOCALITY_TYPE, id);

/** The local id behind a global id, or a refusal naming the input field. */
export function localId(globalId: string, type: string, field: string[], rule?: string): string {
  const id = localIdOf(globalId, type);
  if (!id) {
    const code = rule ?? (type === LOCALITY_TYPE ? RULES.localityNotFound : RULES.notFound);
    throw new Refusal(
      code,
      `${globalId} is not ${type === LOCALITY_TYPE ? 'a locality' : 'an organisation'} id`,
      field,
    );
  }
  return id;
}

export const organisationId = (globalId: string, field: string[], rule?: string) =>
  localId(globalId, ORGANISATION_TYPE, field, rule);

export const localityId = (globalId: string, field: string[]) => localId(globalId, LOCALITY_TYPE, field);

/** Member ids arrive as `Member` global ids; the raw id (as events carry it) is stored. */
export function memberId(globalId: string): string {
  return localId(globalId, MEMBER_TYPE, ['memberId'], RULES.memberIdInvalid);
}
