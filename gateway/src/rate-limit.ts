/**
 * Requests per caller: a token bucket per key (a verified token's subject, or an anonymous caller's
 * remote address). A bucket holds at most `burst` tokens and refills at `perMinute` a minute; a
 * request takes one, and is refused while the bucket is empty, with the seconds until a token is
 * back.
 *
 * Memory is bounded: a bucket that has refilled to full is the same as no bucket, so buckets idle
 * that long are dropped (the least recently used are checked on each request, amortised O(1)); past
 * `maxKeys` callers the least recently used bucket is dropped too, which can only ever give that
 * caller a full bucket again, never refuse anyone wrongly.
 */
export interface RateLimitOptions {
  /** Tokens added a minute; 0 turns the limit off. */
  perMinute: number;
  /** The bucket's size: requests a caller may send at once after being idle. */
  burst: number;
  /** Buckets kept at most (callers seen recently). */
  maxKeys?: number;
  /** Milliseconds now (tests pass a clock of their own). */
  now?: () => number;
}

export interface RateDecision {
  allowed: boolean;
  /** When refused: whole seconds until the next request would be accepted (at least 1). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string): RateDecision;
  /** Buckets held now. */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const ALLOWED: RateDecision = { allowed: true, retryAfterSeconds: 0 };
/** Idle buckets checked for eviction per request: enough to keep up, few enough to stay cheap. */
const SWEEP_PER_TAKE = 2;

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const burst = Math.max(1, options.burst);
  const perMs = options.perMinute / 60_000;
  /** How long an untouched bucket takes to be full again. */
  const refillMs = burst / perMs;
  // A Map iterates in insertion order; each take re-inserts its key, so the front is the least
  // recently used.
  const buckets = new Map<string, Bucket>();

  function sweep(at: number) {
    let checked = 0;
    for (const [key, bucket] of buckets) {
      if (checked++ >= SWEEP_PER_TAKE || at - bucket.at < refillMs) break;
      buckets.delete(key);
    }
    while (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
  }

  return {
    get size() {
      return buckets.size;
    },
    take(key) {
      if (options.perMinute <= 0) return ALLOWED;
      const at = now();
      const bucket = buckets.get(key);
      const tokens = bucket ? Math.min(burst, bucket.tokens + (at - bucket.at) * perMs) : burst;
      buckets.delete(key);
      if (tokens >= 1) {
        buckets.set(key, { tokens: tokens - 1, at });
        sweep(at);
        return ALLOWED;
      }
      buckets.set(key, { tokens, at });
      sweep(at);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
    },
  };
}
