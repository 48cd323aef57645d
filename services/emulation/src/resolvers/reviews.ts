import type { ReviewSubjectKind } from '@dangvien/contracts';
import { Refusal } from '@dangvien/domain';
import { buildConnection, decodeCursor, pageSize } from '@dangvien/graphql';
import type { PageArgs } from '@dangvien/graphql';
import type { Context } from '../context';
import type { ReviewDocument } from '../model/review-store';
import { reviewViews } from './views';

/** The sort key a review cursor resumes after (refused when it is not one this API issued). */
function afterOf(args: PageArgs): string | null {
  if (!args.after) return null;
  const key = decodeCursor<unknown>(args.after);
  if (typeof key !== 'string') {
    throw new Refusal('INVALID_CURSOR', `"${args.after}" is not a cursor this API issued`, ['after']);
  }
  return key;
}

/**
 * One page of a subject's reviews, newest period first, read from the database (keyset on the sort
 * key, `limit + 1` rows) with their total; `check` sees the page's reviews before any is shown.
 */
export async function reviewConnection(
  context: Context,
  subjectKind: ReviewSubjectKind,
  subjectId: string,
  args: PageArgs,
  check: (docs: readonly ReviewDocument[]) => Promise<void> = async () => undefined,
) {
  const limit = pageSize(args);
  const after = afterOf(args);
  const [rows, totalCount] = await Promise.all([
    context.store.reviewsOf(subjectKind, subjectId, limit, after),
    context.store.countReviewsOf(subjectKind, subjectId),
  ]);
  await check(rows.slice(0, limit));
  const views = await reviewViews(context, rows.slice(0, limit));
  const connection = buildConnection(
    rows.map((doc, i) => ({ doc, view: views[i] })),
    limit,
    // A review written before sort keys existed has none: it ends the list.
    (entry) => entry.doc.sortKey ?? '',
    { hasPreviousPage: after !== null, totalCount },
  );
  return {
    ...connection,
    edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: edge.node.view! })),
    nodes: connection.nodes.map((entry) => entry.view!),
  };
}
