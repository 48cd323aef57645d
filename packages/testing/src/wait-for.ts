import { inspect } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 100 ms). */
  intervalMs?: number;
  /** What is awaited, for the error message: "the MemberAdmitted event". */
  description?: string;
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/**
 * Polls `probe` until it returns a truthy value (or, with `until`, a value `until` accepts) and
 * returns that value. Consumers and relays are asynchronous, so a test waits for their effect instead
 * of sleeping a guessed time.
 *
 * A probe that throws counts as "not yet", so it may hold jest assertions; on timeout the error shows
 * the last error, or the last value, which is what explains the failure:
 *
 *   await waitFor(() => Member.find({ organisationId }), { until: (members) => members.length === 3 });
 */
export function waitFor<T>(
  probe: () => T | Promise<T>,
  options: WaitForOptions & { until: (value: T) => boolean },
): Promise<T>;
export function waitFor<T>(probe: () => T | Promise<T>, options?: WaitForOptions): Promise<Truthy<T>>;
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  {
    timeoutMs = 10_000,
    intervalMs = 100,
    description,
    until = Boolean,
  }: WaitForOptions & { until?: (value: T) => boolean } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  let last: { value: T } | { error: unknown };
  do {
    if (attempts > 0) await sleep(intervalMs);
    attempts += 1;
    try {
      const value = await probe();
      if (until(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
  } while (Date.now() + intervalMs <= deadline);

  const what = description ? ` for ${description}` : '';
  const outcome =
    'error' in last
      ? `last error: ${last.error instanceof Error ? last.error.message : inspect(last.error)}`
      : `last value: ${inspect(last.value, { depth: 4, breakLength: 120 })}`;
  throw new Error(`waitFor${what} timed out after ${timeoutMs} ms (${attempts} attempts); ${outcome}`, {
    cause: 'error' in last ? last.error : undefined,
  });
}
