import { Refusal } from '@dangvien/domain';

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount?: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Cursors are opaque: base64url of a JSON value the data layer resumes from (e.g. the last sort key). */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor<T = unknown>(cursor: string): T {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    throw new Refusal('INVALID_CURSOR', `"${cursor}" is not a cursor this API issued`, ['after']);
  }
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** Validates `first`; the data layer then fetches `limit + 1` rows to learn whether a next page exists. */
export function pageSize(args: PageArgs): number {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new Refusal('INVALID_PAGE_SIZE', `first must be between 1 and ${MAX_PAGE_SIZE}`, ['first']);
  }
  return first;
}

/**
 * Builds a forward connection from `rows`, fetched with `limit + 1`: the extra row only says
 * that another page exists and is not returned.
 */
export function buildConnection<T>(
  rows: T[],
  limit: number,
  positionOf: (node: T) => unknown,
  options: { hasPreviousPage?: boolean; totalCount?: number } = {},
): Connection<T> {
  const nodes = rows.slice(0, limit);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(positionOf(node)), node }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: options.hasPreviousPage ?? false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    ...(options.totalCount === undefined ? {} : { totalCount: options.totalCount }),
  };
}

/** Where an item stands in its list's order: compared element by element, numbers before strings. */
export type ListPosition = string | number | readonly (string | number)[];

/** The kinds of a position's parts ("string,number"); null for a value no position can be. */
function shapeOf(position: unknown): string | null {
  const parts = Array.isArray(position) ? position : [position];
  if (!parts.every((p) => typeof p === 'string' || typeof p === 'number')) return null;
  return `${Array.isArray(position) ? '[' : ''}${parts.map((p) => typeof p).join(',')}`;
}

function comparePositions(a: ListPosition, b: ListPosition): number {
  const left = Array.isArray(a) ? a : [a as string | number];
  const right = Array.isArray(b) ? b : [b as string | number];
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const x = left[i];
    const y = right[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * A connection over a list that is computed whole (warnings found today, award candidates, a plan's
 * children): ordered by `positionOf`, which must be unique per item, and resumed after the cursor's
 * position rather than at an index, so a page is right even when items before it came or went.
 * `totalCount` is the whole list's length.
 */
export function connectionFromList<T>(
  items: readonly T[],
  args: PageArgs,
  positionOf: (node: T) => ListPosition,
): Connection<T> {
  const limit = pageSize(args);
  const after = args.after ? decodeCursor<ListPosition>(args.after) : null;
  const ordered = items
    .map((node) => ({ node, position: positionOf(node) }))
    .sort((a, b) => comparePositions(a.position, b.position));
  if (after !== null && ordered.length > 0 && shapeOf(after) !== shapeOf(ordered[0]!.position)) {
    // Another list's cursor, or a made-up one: refused rather than read as "from the start".
    throw new Refusal('INVALID_CURSOR', 'This cursor was not issued for this list', ['after']);
  }
  const rest = after === null ? ordered : ordered.filter((i) => comparePositions(i.position, after) > 0);
  return buildConnection(
    rest.slice(0, limit + 1).map((i) => i.node),
    limit,
    positionOf,
    { hasPreviousPage: rest.length < ordered.length, totalCount: items.length },
  );
}
