import { createRateLimiter } from './rate-limit';

describe('rate limit per caller (token bucket)', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('lets a burst through, refuses the next with the seconds until a token is back, refills with time', () => {
    const time = clock();
    const limiter = createRateLimiter({ perMinute: 6, burst: 3, now: time.now });
    const taken = Array.from({ length: 4 }, () => limiter.take('a'));
    expect(taken.map((d) => d.allowed)).toEqual([true, true, true, false]);
    // 6 a minute: one token every 10 s.
    expect(taken[3]!.retryAfterSeconds).toBe(10);
    time.advance(4_000);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 6 });
    time.advance(6_000);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    // Never more than the burst, however long the caller was idle.
    time.advance(3_600_000);
    const after = Array.from({ length: 4 }, () => limiter.take('a').allowed);
    expect(after).toEqual([true, true, true, false]);
  });

  it('keeps one bucket per caller: one caller limited, another not', () => {
    const time = clock();
    const limiter = createRateLimiter({ perMinute: 60, burst: 1, now: time.now });
    expect([limiter.take('a').allowed, limiter.take('a').allowed]).toEqual([true, false]);
    expect([limiter.take('b').allowed, limiter.take('a').allowed]).toEqual([true, false]);
  });

  it('drops buckets once they would be full again, and never holds more than maxKeys', () => {
    const time = clock();
    const limiter = createRateLimiter({ perMinute: 60, burst: 5, maxKeys: 100, now: time.now });
    for (let i = 0; i < 50; i += 1) limiter.take(`caller-${i}`);
    expect(limiter.size).toBe(50);
    // 5 s refills a bucket of 5 at one a second: the idle ones go as requests arrive.
    time.advance(5_000);
    for (let i = 0; i < 30; i += 1) limiter.take('busy');
    expect(limiter.size).toBe(1);
    for (let i = 0; i < 1_000; i += 1) limiter.take(`flood-${i}`);
    expect(limiter.size).toBe(100);
  });

  it('is off at 0 a minute', () => {
    const limiter = createRateLimiter({ perMinute: 0, burst: 1 });
    expect(Array.from({ length: 100 }, () => limiter.take('a').allowed).every(Boolean)).toBe(true);
    expect(limiter.size).toBe(0);
  });
});
