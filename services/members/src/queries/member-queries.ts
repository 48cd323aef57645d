import type { Connection, mongo } from 'mongoose';
import type { BatchedReads } from '@dangvien/db';
import type { CalendarDate } from '@dangvien/domain';
import { matchesNameQuery, parseNameQuery } from '@dangvien/names';
import { isCounted } from '../domain/member';
import type { MemberFile, MemberStatus } from '../domain/member';
import { memberModel } from '../model/member-document';
import type { MemberDocument } from '../model/member-document';
import { ROSTER, toMemberFile } from '../model/member-fields';
import type { Tree } from '../tree/tree';

export interface ListFilter {
  search?: string | null;
  status?: MemberStatus[] | null;
  sex?: 'MALE' | 'FEMALE' | null;
  temporarilyHere?: boolean | null;
}

export interface ListRequest {
  /** An organisation, or null for everyone (search). */
  organisationId: string | null;
  includeSubtree: boolean;
  filter: ListFilter;
  orderBy: 'NAME' | 'DECISION_DATE';
  limit: number;
  /** The last row of the previous page: its sort key (NAME) or "decisionDate id" (DECISION_DATE). */
  after: string | null;
  /** Null: today, from the current lists; a date: from the placement histories. */
  asOf: CalendarDate | null;
}

const WITHOUT_OUTBOX = { outbox: 0 } as const;
/** What a search judges its matches by (status, sex, a temporary stay, the names) and pages them by. */
const SEARCH_PROJECTION = {
  _id: 1,
  sortKey: 1,
  decisionDate: 1,
  status: 1,
  'file.profile.fullName': 1,
  'file.profile.otherNames': 1,
  'file.profile.sex': 1,
  'file.temporaryStays': 1,
} as const;
const COUNTED: MemberStatus[] = ['PROBATIONARY', 'OFFICIAL'];

export const positionOf = (
  doc: Pick<MemberDocument, '_id' | 'sortKey' | 'decisionDate'>,
  orderBy: ListRequest['orderBy'],
) => (orderBy === 'NAME' ? doc.sortKey : `${doc.decisionDate} ${doc._id}`);

const within = (date: CalendarDate, from: CalendarDate, to: CalendarDate | null) =>
  from <= date && (to === null || date < to);

function statusOn(file: MemberFile, date: CalendarDate): MemberStatus | null {
  let status: MemberStatus | null = null;
  for (const entry of file.statusHistory) if (entry.from <= date) status = entry.status;
  return status;
}

/**
 * Member lists and search, as equalities on indexed fields (member-document.ts): a subtree's list is
 * `rosterKeys: L:<unit>` in sort-key order, paged by the key (an index range on MongoDB; on FerretDB
 * the filter is index-served and the page sorted after it); a search is one `nameKeys` equality
 * (or the Party card's); a list as of a past date reads the files of the units of the subtree on
 * that date (one batched read) and judges each file's history.
 */
export function createMemberQueries(connection: Connection, reads: () => BatchedReads, tree: () => Tree) {
  const model = memberModel(connection);
  const collection = model.collection as unknown as mongo.Collection;

  function page(docs: MemberDocument[], request: ListRequest): MemberDocument[] {
    const sorted = docs
      .map((doc) => ({ doc, position: positionOf(doc, request.orderBy) }))
      .filter(({ position }) => request.after === null || position > request.after)
      .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    return sorted.slice(0, request.limit + 1).map(({ doc }) => doc);
  }

  function keep(doc: MemberDocument, request: ListRequest, statuses: MemberStatus[]): boolean {
    const file = doc.file as MemberFile;
    if (!statuses.includes(doc.status)) return false;
    if (request.filter.sex && file.profile.sex !== request.filter.sex) return false;
    return true;
  }

  async function current(request: ListRequest): Promise<MemberDocument[]> {
    const statuses = request.filter.status?.length ? request.filter.status : COUNTED;
    const org = request.organisationId;
    const query = request.filter.search ? parseNameQuery(request.filter.search) : null;
    if (request.filter.search && !query) return [];
    const scopes: mongo.Filter<mongo.Document>[] = [];
    if (org && request.filter.temporarilyHere) scopes.push({ rosterKeys: ROSTER.temporarilyHere(org) });
    else if (org && !request.includeSubtree) scopes.push({ organisationId: org });
    else if (org) {
      if (statuses.some(isCounted)) scopes.push({ rosterKeys: ROSTER.listed(org) });
      if (statuses.some((s) => !isCounted(s))) scopes.push({ rosterKeys: ROSTER.former(org) });
    } else scopes.push({});
    const byName = query
      ? query.kind === 'card'
        ? { cardKey: query.partyCardNumber }
        : { nameKeys: query.key }
      : {};
    const found: MemberDocument[] = [];
    for (const scope of scopes) {
      const filter: mongo.Filter<mongo.Document> = { ...scope, ...byName };
      if (statuses.length === 1) filter.status = statuses[0];
      if (query) {
        // A search reads every match of the key and checks the words as typed; a common name has
        // thousands, so only the fields it is judged and paged by (list() reads the page whole),
        // in replies of up to 10,000 (at 100,000 files "nguyen thi" took 33 getMores otherwise).
        found.push(
          ...((await collection
            .find(filter, { projection: SEARCH_PROJECTION, batchSize: 10_000 })
            .toArray()) as unknown as MemberDocument[]),
        );
        continue;
      }
      if (request.after !== null && request.orderBy === 'NAME') filter.sortKey = { $gt: request.after };
      if (request.after !== null && request.orderBy === 'DECISION_DATE') {
        const [date, id] = request.after.split(' ') as [string, string];
        filter.$or = [{ decisionDate: { $gt: date } }, { decisionDate: date, _id: { $gt: id as never } }];
      }
      const cursor = collection
        .find(filter, { projection: WITHOUT_OUTBOX })
        .sort(request.orderBy === 'NAME' ? { sortKey: 1 } : { decisionDate: 1, _id: 1 });
      // The whole page in the first batch: a limit of 101 with the default batch of 101 left the cursor
      // open on FerretDB, and the driver sent a killCursors after it (a round trip more for a page of 100).
      const rows = cursor.limit(request.limit + 1).batchSize(request.limit + 1);
      found.push(...((await rows.toArray()) as unknown as MemberDocument[]));
    }
    return found.filter((doc) => {
      if (!keep(doc, request, statuses)) return false;
      if (org && request.filter.temporarilyHere && !request.includeSubtree) {
        const stay = (doc.file as MemberFile).temporaryStays.find((s) => s.endedOn === null);
        if (stay?.organisationId !== org) return false;
      }
      return (
        !(query && query.kind === 'name') ||
        matchesNameQuery(query, [
          (doc.file as MemberFile).profile.fullName,
          ...(doc.file as MemberFile).profile.otherNames,
        ])
      );
    });
  }

  async function past(request: ListRequest, asOf: CalendarDate): Promise<MemberDocument[]> {
    const statuses = request.filter.status?.length ? request.filter.status : COUNTED;
    const org = request.organisationId!;
    const units = new Set(request.includeSubtree ? tree().subtree(org, asOf) : [org]);
    const docs = await reads().byField<MemberDocument & mongo.Document>(
      collection,
      'placementOrgIds',
      [...units],
      {
        projection: WITHOUT_OUTBOX,
      },
    );
    const query = request.filter.search ? parseNameQuery(request.filter.search) : null;
    return docs.filter((doc) => {
      const file = toMemberFile(doc);
      const status = statusOn(file, asOf);
      if (!status || !statuses.includes(status)) return false;
      if (request.filter.sex && file.profile.sex !== request.filter.sex) return false;
      const place = request.filter.temporarilyHere
        ? file.temporaryStays.find((s) => within(asOf, s.from, s.endedOn))?.organisationId
        : (
            file.placements.find((p) => within(asOf, p.from, p.to)) ??
            (isCounted(status) ? null : file.placements.at(-1))
          )?.organisationId;
      if (!place || !units.has(place)) return false;
      if (query?.kind === 'card') return file.profile.partyCardNumber === query.partyCardNumber;
      if (query?.kind === 'name')
        return matchesNameQuery(query, [file.profile.fullName, ...file.profile.otherNames]);
      return true;
    });
  }

  return {
    /** One page (with one row more, to tell whether another page follows). */
    async list(request: ListRequest, today: CalendarDate): Promise<MemberDocument[]> {
      const asOf = request.asOf && request.asOf < today && request.organisationId ? request.asOf : null;
      if (asOf) return page(await past(request, asOf), request);
      const rows = page(await current(request), request);
      if (!request.filter.search || rows.length === 0) return rows;
      // A search's page, read whole in one batched read, in its order.
      const whole = await reads().byIds<MemberDocument & mongo.Document>(
        collection,
        rows.map((row) => row._id),
        { projection: WITHOUT_OUTBOX },
      );
      const byId = new Map(whole.map((doc) => [doc._id, doc as MemberDocument]));
      return rows.flatMap((row) => byId.get(row._id) ?? []);
    },

    async byCard(card: string): Promise<MemberFile | null> {
      const doc = await collection.findOne({ cardKey: card }, { projection: WITHOUT_OUTBOX });
      return doc ? toMemberFile(doc as unknown as MemberDocument) : null;
    },
  };
}

export type MemberQueries = ReturnType<typeof createMemberQueries>;
