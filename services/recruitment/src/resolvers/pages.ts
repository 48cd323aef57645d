import { connectionFromList } from '@dangvien/graphql';
import type { Connection, PageArgs } from '@dangvien/graphql';
import type { Deadline } from '../domain/deadlines';
import type { Candidate } from '../domain/candidate';
import type { Warning } from '../domain/warnings';
import type { PlanView } from '../reads';

/** The order of a list computed whole: a position unique per item. */
export interface ListOrder<T> {
  positionOf(item: T): (string | number)[];
}

/** Plans top down: by their unit's depth in the tree, then its code; the plan id breaks ties. */
export const PLAN_ORDER: ListOrder<PlanView> = {
  positionOf: (v) => [v.depth, v.code, v.plan.id],
};

/** Warnings by code, then by id (which names the subject, unique per code). */
export const WARNING_ORDER: ListOrder<Warning> = {
  positionOf: (w) => [w.code, w.id],
};

/** Deadlines soonest due first; a candidate has one deadline of each kind. */
export const DEADLINE_ORDER: ListOrder<{ candidate: Candidate; deadline: Deadline }> = {
  positionOf: (row) => [row.deadline.dueOn, row.candidate.id, row.deadline.kind],
};

/**
 * A page of a list computed whole (connectionFromList, which refuses a cursor that does not hold a
 * position of this list's shape).
 */
export function pageOfList<T>(items: readonly T[], args: PageArgs, order: ListOrder<T>): Connection<T> {
  return connectionFromList(items, args, order.positionOf);
}
