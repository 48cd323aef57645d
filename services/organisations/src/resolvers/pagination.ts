import { Refusal } from '@dangvien/domain';
import { buildConnection, decodeCursor, pageSize } from '@dangvien/graphql';

/** Pages an in-memory list sorted by code; the cursor is the last code seen. */
export function pageByCode<T extends { record: { code: string } }>(
  items: T[],
  args: { first?: number | null; after?: string | null },
) {
  const limit = pageSize(args);
  const after = args.after ? decodeCursor<unknown>(args.after) : null;
  if (after !== null && typeof after !== 'string') {
    throw new Refusal('INVALID_CURSOR', 'This cursor was not issued for this list', ['after']);
  }
  const start = after === null ? 0 : items.findIndex((item) => item.record.code > after);
  const rows = start < 0 ? [] : items.slice(start, start + limit + 1);
  return {
    ...buildConnection(rows, limit, (item) => item.record.code, { hasPreviousPage: after !== null }),
    totalCount: items.length,
  };
}
