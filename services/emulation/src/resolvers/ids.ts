import { Refusal } from '@dangvien/domain';
import { formatCalendarDate, localIdOf, toGlobalId } from '@dangvien/graphql';
import { RULES } from '../domain/rules';

export const ORGANISATION_TYPE = 'Organisation';
export const MEMBER_TYPE = 'Member';

export const organisationRef = (id: string) => ({ id: toGlobalId(ORGANISATION_TYPE, id) });
export const memberRef = (id: string) => ({ id: toGlobalId(MEMBER_TYPE, id) });

/** The local id behind an Organisation global id, or a refusal naming the field. */
export function organisationId(globalId: string, field: string[]): string {
  const id = localIdOf(globalId, ORGANISATION_TYPE);
  if (!id) throw new Refusal(RULES.organisationIdInvalid, `${globalId} is not an organisation id`, field);
  return id;
}

export function memberId(globalId: string, field: string[]): string {
  const id = localIdOf(globalId, MEMBER_TYPE);
  if (!id) throw new Refusal(RULES.memberIdInvalid, `${globalId} is not a member id`, field);
  return id;
}

/** A review subject's id: a Member or an Organisation global id, as the kind says. */
export const subjectId = (kind: 'MEMBER' | 'ORGANISATION', globalId: string, field: string[]) =>
  kind === 'MEMBER' ? memberId(globalId, field) : organisationId(globalId, field);

/** GraphQL `Date` inputs arrive as Date objects; the domain works with calendar dates (`YYYY-MM-DD`). */
export function calendarDates<T>(value: T): T {
  if (value instanceof Date) return formatCalendarDate(value) as T;
  if (Array.isArray(value)) return value.map(calendarDates) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, calendarDates(v)])) as T;
  }
  return value;
}
