import { Refusal } from '@dangvien/domain';
import { formatCalendarDate, localIdOf, toGlobalId } from '@dangvien/graphql';
import type { DecisionReference } from '@dangvien/contracts';
import type { CalendarDate } from '@dangvien/domain';
import { RULES } from '../domain/rules';

export const MEMBER_TYPE = 'Member';
export const ORGANISATION_TYPE = 'Organisation';

export const memberGlobalId = (id: string) => toGlobalId(MEMBER_TYPE, id);

/** An organisation for the organisations subgraph to resolve: its key, local (Organisation.id encodes it). */
export const organisationRef = (id: string) => ({ id });

export function memberId(globalId: string, field: string[] = ['id']): string {
  const id = localIdOf(globalId, MEMBER_TYPE);
  if (!id) throw new Refusal(RULES.memberIdInvalid, `${globalId} is not a member id`, field);
  return id;
}

export function organisationId(globalId: string, field: string[]): string {
  const id = localIdOf(globalId, ORGANISATION_TYPE);
  if (!id) throw new Refusal(RULES.organisationNotFound, `${globalId} is not an organisation id`, field);
  return id;
}

export interface DecisionInput {
  number: string;
  date: Date;
  issuedBy?: string | null;
}

export function decisionOf(input: DecisionInput | null | undefined): DecisionReference | null {
  if (!input) return null;
  return {
    number: input.number.trim(),
    date: formatCalendarDate(input.date),
    issuedBy: input.issuedBy?.trim() || null,
  };
}

export const dateOf = (value: Date | null | undefined): CalendarDate | null =>
  value ? formatCalendarDate(value) : null;
