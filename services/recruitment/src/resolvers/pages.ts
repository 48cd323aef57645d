import { Refusal } from '@dangvien/domain';
import { connectionFromList, decodeCursor } from '@dangvien/graphql';
import type { Connection, PageArgs } from '@dangvien/graphql';
import type { Deadline } from '../domain/deadlines';
import type { Candidate } from '../domain/candidate';
import type { Warning } from '../domain/warnings';
import type { PlanView } from '../reads';

type Part = 'number' | 'string';

/** The order of a list computed whole: a position unique per item, of the parts `shape` gives. */
export interface ListOrder<T> {
  shape: readonly Part[];
  positionOf(item: T): (string | number)[];
}

/** Plans top down: by their unit's depth in the tree, then its code; the plan id breaks ties. */
export const PLAN_ORDER: ListOrder<PlanView> = {
  shape: ['number', 'string', 'string'],
  positionOf: (v) => [v.depth, v.code, v.plan.id],
};

/** Warnings by code, then by id (which names the subject, unique per code). */
export const WARNING_ORDER: ListOrder<Warning> = {
  shape: ['string', 'string'],
  positionOf: (w) => [w.code, w.id],
};

/** Deadlines soonest due first; a candidate has one deadline of each kind. */
export const DEADLINE_ORDER: ListOrder<{ candidate: Candidate; deadline: Deadline }> = {
  shape: ['string', 'string', 'string'],
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
      Array.isArray(after) &&
      after.length === order.shape.length &&
      after.every((part, i) => typeof part === order.shape[i]);
    if (!fits) throw new Refusal('INVALID_CURSOR', 'This cursor was not issued for this list', ['after']);
  }
  return connectionFromList(items, args, order.positionOf);
}
