import type { Connection, mongo } from 'mongoose';
import type { CalendarDate } from '@dangvien/domain';
import type { MemberFile } from '../domain/member';
import { memberModel } from '../model/member-document';
import type { MemberDocument } from '../model/member-document';
import { ROSTER, toMemberFile } from '../model/member-fields';

const WITHOUT_OUTBOX = { outbox: 0 } as const;

/** One page of `limit + 1` rows (the extra one says another page follows) and the whole list's size. */
export interface Page<T> {
  rows: T[];
  totalCount: number;
}

/**
 * The watch lists of a subtree (pending letters, members awaiting placement, badge milestones), read
 * as equalities on indexed fields (member-document.ts) and paged by an indexed key: the cursor is the
 * last row's key and a page is `limit + 1` rows after it, so a page costs the same wherever it is.
 */
export function createOrganisationListQueries(connection: Connection) {
  const collection = memberModel(connection).collection as unknown as mongo.Collection;

  async function keyset(
    filter: mongo.Filter<mongo.Document>,
    after: mongo.Filter<mongo.Document>,
    sort: Record<string, 1>,
    limit: number,
  ): Promise<Page<MemberDocument>> {
    const [rows, totalCount] = await Promise.all([
      collection
        .find({ ...filter, ...after }, { projection: WITHOUT_OUTBOX })
        .sort(sort)
        .limit(limit + 1)
        .toArray(),
      collection.countDocuments(filter),
    ]);
    return { rows: rows as unknown as MemberDocument[], totalCount };
  }

  return {
    /**
     * Files with a pending letter from or to the subtree, by deadline then member id (`letterKey`);
     * `overdueBefore`: only those whose deadline is before that day.
     */
    pendingLetters(
      unit: string,
      request: { limit: number; after: string | null; overdueBefore: CalendarDate | null },
    ): Promise<Page<MemberDocument>> {
      const range: Record<string, string> = {};
      // `<deadline> <id>` < `<day>` exactly when the deadline is before that day.
      if (request.overdueBefore !== null) range.$lt = request.overdueBefore;
      const filter: mongo.Filter<mongo.Document> = { rosterKeys: ROSTER.pendingLetter(unit) };
      if (request.overdueBefore !== null) filter.letterKey = { ...range };
      const after = request.after === null ? {} : { letterKey: { ...range, $gt: request.after } };
      return keyset(filter, after, { letterKey: 1 }, request.limit);
    },

    /** Members of the subtree waiting to be placed, in Vietnamese name order (`sortKey`). */
    awaitingPlacement(
      unit: string,
      request: { limit: number; after: string | null },
    ): Promise<Page<MemberDocument>> {
      const after = request.after === null ? {} : { sortKey: { $gt: request.after } };
      return keyset({ rosterKeys: ROSTER.awaitingPlacement(unit) }, after, { sortKey: 1 }, request.limit);
    },

    /**
     * Files of members listed in the subtree with a badge milestone not awarded yet in `month`
     * (YYYY-MM): one equality on each of two indexed fields.
     */
    async badgeDueIn(unit: string, month: string): Promise<MemberFile[]> {
      const docs = await collection
        .find({ rosterKeys: ROSTER.listed(unit), badgeDueMonths: month }, { projection: WITHOUT_OUTBOX })
        .toArray();
      return (docs as unknown as MemberDocument[]).map(toMemberFile);
    },

    /** How many members of the subtree have a milestone not awarded yet in `month`. */
    countBadgeDueIn(unit: string, month: string): Promise<number> {
      return collection.countDocuments({ rosterKeys: ROSTER.listed(unit), badgeDueMonths: month });
    },
  };
}

export type OrganisationListQueries = ReturnType<typeof createOrganisationListQueries>;
