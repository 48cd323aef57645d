import type { Logger } from '@dangvien/logger';

type Execute = (
  query: string,
  variables?: Record<string, unknown>,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly unknown[] }>;

/**
 * Demo data on a first start: last year's review period, opened so the review mutations work at once.
 * Reviews of the demo units need their organisation and member events first (they arrive through the
 * consumers after start); they are not seeded yet.
 */
export async function seedDemoReviews(execute: Execute, logger: Logger): Promise<void> {
  const lastYear = new Date().getUTCFullYear() - 1;
  const result = await execute(
    'mutation ($input: OpenReviewPeriodInput!) { openReviewPeriod(input: $input) { period { id } userErrors { code message } } }',
    { input: { kind: 'YEAR', year: lastYear } },
  );
  logger.info({ year: lastYear, result: result.data ?? result.errors }, 'demo review period opened');
}
