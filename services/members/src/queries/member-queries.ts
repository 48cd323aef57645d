import type { Connection, mongo } from 'mongoose';
import type { BatchedReads } from '@dangvien/db';
import type { CalendarDate } from '@dangvien/domain';
import { matchesNameQuery, parseNameQuery } from '@dangvien/names';
import { isCounted } from '../domain/member';
import type { MemberFile, MemberStatus } from '../domain/member';
import { memberModel } from '../model/member-document';
import type { MemberDocument } from '../model/member-document';
import { ROSTER, toMemberFile } from '../model/member-fields';
import { groupKey, LEAD_GROUPS, leadGroupOf, NAME_ENTRY_SHAPE } from '../model/name-index';
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
/**
 * What a search judges its matches by (status, sex, a temporary stay, the names), pages them by and
 * shows of each (THIN_MEMBER_FIELDS): a name index entry's fields (name-index.ts), and its shape.
 */
const SEARCH_PROJECTION = {
  _id: 1,
  shape: 1,
  sortKey: 1,
  decisionDate: 1,
  status: 1,
  'file.status': 1,
  'file.organisationId': 1,
  'file.profile.fullName': 1,
  'file.profile.otherNames': 1,
  'file.profile.sex': 1,
  'file.profile.dateOfBirth': 1,
  'file.profile.partyCardNumber': 1,
  'file.temporaryStays': 1,
} as const;
/**
 * The Member fields a search's row as found answers (name-index.ts: the entry, or the files' search
 * projection for a card), what a list of search results shows: a page that asks only for these is
 * not read whole.
 */
export const THIN_MEMBER_FIELDS: ReadonlySet<string> = new Set([
  '__typename',
  'id',
  'fullName',
  'otherNames',
  'sex',
  'dateOfBirth',
  'partyCardNumber',
  'status',
  'organisation',
]);
const COUNTED: MemberStatus[] = ['PROBATIONARY', 'OFFICIAL'];
/** Where a list or a search looks: a roster key, an organisation's own members, or everyone. */
type Scope = { rosterKeys?: string; organisationId?: string };

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
 * `rosterKeys: L:<unit>` in sort-key order, paged by the key (an index range on MongoDB; on the
 * local FerretDB the sort and the limit are pushed down); a search is one `nameKeys` equality in
 * the name index (name-index.ts), or the Party card's on the files; a list as of a past date reads
 * the files of the units of the subtree on that date (one batched read) and judges each file's
 * history.
 */
export function createMemberQueries(
  connection: Connection,
  reads: () => BatchedReads,
  tree: () => Tree,
  names: mongo.Collection,
) {
  const model = memberModel(connection);
  const collection = model.collection as unknown as mongo.Collection;

  function page(docs: MemberDocument[], request: ListRequest): MemberDocument[] {
    const sorted = docs
      .map((doc) => ({ doc, position: positionOf(doc, request.orderBy) }))
      .filter(({ position }) => request.after === null || position > request.after)
      .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    return sorted.slice(0, request.limit + 1).map(({ doc }) => doc);
  }

  /** Today's matches of a request, and the judgement a file is to pass to be one of them. */
  async function current(
    request: ListRequest,
  ): Promise<{ found: MemberDocument[]; matches: (doc: MemberDocument) => boolean; fromEntries: boolean }> {
    const statuses = request.filter.status?.length ? request.filter.status : COUNTED;
    const org = request.organisationId;
    const query = request.filter.search ? parseNameQuery(request.filter.search) : null;
    if (request.filter.search && !query) return { found: [], matches: () => false, fromEntries: false };
    const scopes: Scope[] = [];
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
    const accepts = (doc: MemberDocument) => {
      const file = doc.file as MemberFile;
      if (!statuses.includes(doc.status)) return false;
      if (request.filter.sex && file.profile.sex !== request.filter.sex) return false;
      if (org && request.filter.temporarilyHere && !request.includeSubtree) {
        const stay = file.temporaryStays.find((s) => s.endedOn === null);
        if (stay?.organisationId !== org) return false;
      }
      return (
        !(query && query.kind === 'name') ||
        matchesNameQuery(query, [file.profile.fullName, ...file.profile.otherNames])
      );
    };
    const inScope = (doc: MemberDocument) =>
      scopes.some((scope) =>
        scope.rosterKeys !== undefined
          ? doc.rosterKeys.includes(scope.rosterKeys)
          : scope.organisationId === undefined || doc.organisationId === scope.organisationId,
      );
    // A search by name reads the name index (name-index.ts), whose entries are shaped as the
    // search projection of the files.
    const source = query?.kind === 'name' ? names : collection;
    const found: MemberDocument[] = [];
    for (const scope of scopes) {
      const filter: mongo.Filter<mongo.Document> = { ...scope, ...byName };
      if (statuses.length === 1) filter.status = statuses[0];
      if (query && request.orderBy === 'NAME') {
        found.push(
          ...(await searchInOrder(
            source,
            filter,
            accepts,
            request,
            query.kind === 'name' ? query.key : null,
          )),
        );
        continue;
      }
      if (query) {
        // By decision date, a search reads every match of the key (only the fields it is judged and
        // paged by; list() reads the page whole), in replies of up to 10,000.
        found.push(
          ...(
            (await source
              .find(filter, { projection: SEARCH_PROJECTION, batchSize: 10_000 })
              .toArray()) as unknown as MemberDocument[]
          ).filter(accepts),
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
      found.push(...((await rows.toArray()) as unknown as MemberDocument[]).filter(accepts));
    }
    return { found, matches: (doc) => inScope(doc) && accepts(doc), fromEntries: source === names };
  }

  /**
   * A search's page in name order: the matches in sort-key order, a page's worth at a time (an
   * index range on MongoDB, `{nameKeys: 1, sortKey: 1}`; on the local FerretDB the sort and the
   * limit are pushed down), each judged by the words as typed, the status and the scope, until the
   * page is full. A name's matches are read a group of sort-key leads at a time (name-index.ts,
   * LEAD_GROUPS: one equality each), from the group of the previous page's last row; when that
   * group does not fill the page, the first reads of the groups after it go out together (a
   * name with one given name, "nguyen thi ha", has all its matches in one group). Rows judged
   * away make the next read of a group larger, up to replies of 10,000.
   */
  async function searchInOrder(
    source: mongo.Collection,
    filter: mongo.Filter<mongo.Document>,
    accepts: (doc: MemberDocument) => boolean,
    request: ListRequest,
    key: string | null,
  ): Promise<MemberDocument[]> {
    const wanted = request.limit + 1;
    const read = (group: mongo.Filter<mongo.Document>, after: string | null, chunk: number) =>
      source
        .find(after === null ? group : { ...group, sortKey: { $gt: after } }, {
          projection: SEARCH_PROJECTION,
        })
        .sort({ sortKey: 1 })
        .limit(chunk)
        .batchSize(chunk)
        .toArray() as unknown as Promise<MemberDocument[]>;
    const groups =
      key === null
        ? [filter]
        : LEAD_GROUPS.map((_, group) => ({ ...filter, nameKeys: groupKey(key, group) })).slice(
            request.after === null ? 0 : leadGroupOf(request.after),
          );
    const kept: MemberDocument[] = [];
    const ahead = new Map<number, Promise<MemberDocument[]>>();
    for (const [index, group] of groups.entries()) {
      // The first group did not fill the page: the first reads of all the others go out together.
      if (index === 1) {
        for (const [later, g] of groups.entries()) {
          if (later === 0) continue;
          const pending = read(g, null, wanted);
          // A read never awaited (the page filled before its group) must not fail unobserved.
          pending.catch(() => undefined);
          ahead.set(later, pending);
        }
      }
      let after = index === 0 ? request.after : null;
      let rows = await (ahead.get(index) ?? read(group, after, wanted));
      for (let chunk = wanted; ;) {
        kept.push(...rows.filter(accepts));
        if (kept.length >= wanted) return kept;
        if (rows.length < chunk) break;
        after = rows.at(-1)!.sortKey;
        chunk = Math.min(chunk * 4, 10_000);
        rows = await read(group, after, chunk);
      }
    }
    return kept;
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
    /**
     * One page (with one row more, to tell whether another page follows). A search's page is read
     * whole from the files unless `entriesSuffice` says its rows as found will do: the caller asks
     * only for what the name index's entries hold (THIN_MEMBER_FIELDS), so reading the files would
     * only judge the rows again (on the local FerretDB that read was half the time of a search).
     */
    async list(
      request: ListRequest,
      today: CalendarDate,
      options: { entriesSuffice?: boolean } = {},
    ): Promise<MemberDocument[]> {
      const asOf = request.asOf && request.asOf < today && request.organisationId ? request.asOf : null;
      if (asOf) return page(await past(request, asOf), request);
      const { found, matches, fromEntries } = await current(request);
      const rows = page(found, request);
      if (!request.filter.search || rows.length === 0) return rows;
      // The rows to read whole: all of them, or (their rows as found do) those of an entry of an
      // older shape, which lacks fields the caller may ask for.
      const older = (row: MemberDocument) => (row as { shape?: number }).shape !== NAME_ENTRY_SHAPE;
      const reread = !options.entriesSuffice ? rows : fromEntries ? rows.filter(older) : [];
      if (reread.length === 0) return rows;
      // A search's page, read whole in one batched read, in its order, each file judged again: the
      // name index's entry of a file may be behind it (name-index.ts).
      const whole = await reads().byIds<MemberDocument & mongo.Document>(
        collection,
        reread.map((row) => row._id),
        { projection: WITHOUT_OUTBOX },
      );
      const byId = new Map(whole.map((doc) => [doc._id, doc as MemberDocument]));
      const read = new Set(reread.map((row) => row._id));
      return rows.flatMap((row) => {
        if (!read.has(row._id)) return [row];
        const doc = byId.get(row._id);
        return doc && matches(doc) ? [doc] : [];
      });
    },

    async byCard(card: string): Promise<MemberFile | null> {
      const doc = await collection.findOne({ cardKey: card }, { projection: WITHOUT_OUTBOX });
      return doc ? toMemberFile(doc as unknown as MemberDocument) : null;
    },
  };
}

export type MemberQueries = ReturnType<typeof createMemberQueries>;
