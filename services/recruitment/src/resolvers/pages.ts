import { Refusal } from '@dangvien/domain';
import { connectionFromList, decodeCursor } from '@dangvien/graphql';
import type { Connection, PageArgs } from '@dangvien/graphql';
import type { Deadline } from '../domain/deadlines';
import type { Candidate } from '../domain/candidate';
import type { Warning } from '../domain/warnings';
import type { PlanView } from '../reads';

/** The order of a list computed whole: a unique position of `width` strings per item. */
export interface ListOrder<T> {
  width: number;
  positionOf(item: T): string[];
}

/** Plans top down by their unit's code (a parent's code is a prefix of its children's); the plan id breaks ties. */
export const PLAN_ORDER: ListOrder<PlanView> = { width: 2, positionOf: (v) => [v.code, v.plan.id] };

/** Warnings by code, then by id (which names the subject, unique per code). */
export const WARNING_ORDER: ListOrder<Warning> = { width: 2, positionOf: (w) => [w.code, w.id] };

/** Deadlines soonest due first; a candidate has one deadline of each kind. */
export const DEADLINE_ORDER: ListOrder<{ candidate: Candidate; deadline: Deadline }> = {
  width: 3,
  positionOf: (row) => [row.deadline.dueOn, row.candidate.id, row.deadline.kind],
};

/**
 * A page of a list computed whole (connectionFromList). A cursor that does not hold a position of
 * this list's shape (another list's, or made up) is refused rather than read as "from the start".
 */
export function pageOfList<T>(items: readonly T[], args: PageArgs, order: ListOrder<T>): Connection<T> {
  if (args.after) {
    const after = decodeCursor<unknown>(args.after);
    const fits =
      Array.isArray(after) && after.length === order.width && after.every((p) => typeof p === 'string');
    if (!fits) throw new Refusal('INVALID_CURSOR', 'This cursor was not issued for this list', ['after']);
  }
  return connectionFromList(items, args, order.positionOf);
}
