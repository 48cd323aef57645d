import { Refusal } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import { buildConnection, decodeCursor, pageSize } from '@dangvien/graphql';
import type { PageArgs } from '@dangvien/graphql';
import { pendingLetter } from '../domain/member';
import type { MemberFile } from '../domain/member';
import { badgeMilestones } from '../domain/party-age';
import { memberRulesIfAny, RULES } from '../domain/rules';
import { toMemberFile } from '../model/member-fields';
import type { Context } from '../context';
import { letterView } from './member';

/** Months of a period in ten years at most, and in how many months counts are asked at once. */
const MAX_MONTHS = 120;
const MONTHS_AT_ONCE = 12;

function refuseCursor(): never {
  throw new Refusal('INVALID_CURSOR', 'This cursor was not issued for this list', ['after']);
}

/** The key a cursor of a keyset list holds: the last row's sort key, a string. */
function keyAfter(args: PageArgs): string | null {
  const after = args.after ? decodeCursor<unknown>(args.after) : null;
  if (after !== null && typeof after !== 'string') refuseCursor();
  return after;
}

/** Introduction letters from or to the subtree not accepted or cancelled yet, by deadline then member. */
export async function pendingTransferConnection(
  context: Context,
  unit: string,
  args: PageArgs & { overdueOnly?: boolean | null; asOf: CalendarDate },
) {
  const limit = pageSize(args);
  const after = keyAfter(args);
  const page = await context.lists.pendingLetters(unit, {
    limit,
    after,
    overdueBefore: args.overdueOnly ? args.asOf : null,
  });
  const connection = buildConnection(page.rows, limit, (doc) => doc.letterKey, {
    hasPreviousPage: after !== null,
    totalCount: page.totalCount,
  });
  const view = (doc: (typeof page.rows)[number]) => {
    const file = toMemberFile(doc);
    return letterView(file, pendingLetter(file)!, args.asOf);
  };
  return {
    ...connection,
    edges: connection.edges.map((e) => ({ cursor: e.cursor, node: view(e.node) })),
    nodes: connection.nodes.map(view),
  };
}

/** Members of the subtree waiting to be placed, in Vietnamese name order. */
export async function awaitingPlacementConnection(context: Context, unit: string, args: PageArgs) {
  const limit = pageSize(args);
  const after = keyAfter(args);
  const page = await context.lists.awaitingPlacement(unit, { limit, after });
  const connection = buildConnection(page.rows, limit, (doc) => doc.sortKey, {
    hasPreviousPage: after !== null,
    totalCount: page.totalCount,
  });
  return {
    ...connection,
    edges: connection.edges.map((e) => ({ cursor: e.cursor, node: toMemberFile(e.node) })),
    nodes: connection.nodes.map(toMemberFile),
  };
}

export interface BadgeDueEntry {
  member: MemberFile;
  years: number;
  reachedOn: CalendarDate;
}

const badgePosition = (entry: BadgeDueEntry): [string, string] => [entry.reachedOn, entry.member.id];
const isAfter = (entry: BadgeDueEntry, after: [string, string] | null) => {
  if (after === null) return true;
  const [day, id] = badgePosition(entry);
  return day > after[0] || (day === after[0] && id > after[1]);
};
const byPosition = (a: BadgeDueEntry, b: BadgeDueEntry) => {
  const [x, y] = [badgePosition(a), badgePosition(b)];
  return x[0] !== y[0] ? (x[0] < y[0] ? -1 : 1) : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0;
};

function monthsOf(from: CalendarDate, to: CalendarDate): string[] {
  const months: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7);) {
    months.push(m);
    const [y, mm] = m.split('-').map(Number) as [number, number];
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
  }
  if (months.length > MAX_MONTHS)
    throw new Refusal(RULES.datesOutOfOrder, 'Ask for ten years at most', ['to']);
  return months;
}

/**
 * Badge milestones reached in the subtree between `from` and `to`, by the day then the member. A page
 * reads the subtree's files month by month from the cursor's month on (one indexed equality each, a
 * member reaching at most one milestone a month), in growing batches, until it holds `limit + 1`
 * entries. The count reads the first and last months (partly in the period) and counts the others.
 */
export async function badgeDueConnection(
  context: Context,
  unit: string,
  args: PageArgs & { from: CalendarDate; to: CalendarDate },
) {
  const limit = pageSize(args);
  const decoded = args.after ? decodeCursor<unknown>(args.after) : null;
  if (
    decoded !== null &&
    !(Array.isArray(decoded) && decoded.length === 2 && decoded.every((v) => typeof v === 'string'))
  )
    refuseCursor();
  const after = decoded as [string, string] | null;
  const { from, to } = args;
  const months = monthsOf(from, to);
  const milestones = memberRulesIfAny(to)?.badgeMilestones ?? [];
  const read = new Map<string, Promise<MemberFile[]>>();
  const filesIn = (month: string) => {
    if (!read.has(month)) read.set(month, context.lists.badgeDueIn(unit, month));
    return read.get(month)!;
  };
  const entriesIn = async (month: string): Promise<BadgeDueEntry[]> =>
    (await filesIn(month)).flatMap((file) => {
      const awarded = new Set(file.badges.map((b) => b.years));
      return badgeMilestones(file, milestones)
        .filter((m) => m.date.startsWith(month) && m.date >= from && m.date <= to && !awarded.has(m.years))
        .map((m) => ({ member: file, years: m.years, reachedOn: m.date }));
    });

  const remaining = months.filter((m) => after === null || m >= after[0].slice(0, 7));
  const rows: BadgeDueEntry[] = [];
  for (let i = 0, size = 1; i < remaining.length && rows.length <= limit; i += size, size *= 2) {
    const batch = remaining.slice(i, i + Math.min(size, MONTHS_AT_ONCE));
    size = batch.length;
    for (const entries of await Promise.all(batch.map(entriesIn)))
      rows.push(...entries.filter((e) => isAfter(e, after)));
  }
  rows.sort(byPosition);

  const edges = [...new Set([months[0]!, months.at(-1)!])];
  const inner = months.slice(1, -1);
  let totalCount = 0;
  for (const entries of await Promise.all(edges.map(entriesIn))) totalCount += entries.length;
  for (let i = 0; i < inner.length; i += MONTHS_AT_ONCE) {
    const counts = await Promise.all(
      inner.slice(i, i + MONTHS_AT_ONCE).map((m) => context.lists.countBadgeDueIn(unit, m)),
    );
    totalCount += counts.reduce((sum, n) => sum + n, 0);
  }
  return buildConnection(rows.slice(0, limit + 1), limit, badgePosition, {
    hasPreviousPage: after !== null,
    totalCount,
  });
}
