import { Pool } from 'undici';

/** One request of a workload: where it goes and what it sends (a fresh body every time). */
export interface Shot {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A request, or a few sent in waves (the direct replay of a gateway's subgraph fetches). */
export type Request = Shot | Shot[][];

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  firstError: string | null;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Closed-loop load: `connections` keep-alive connections per origin, each sending its next request
 * as soon as the last answered, for `seconds` (or until `next` runs out). A response is an error
 * when its status is not 200 or its body has "errors".
 */
export async function runLoad(
  next: (index: number) => Request | null,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const pools = new Map<string, Pool>();
  const pool = (url: string) => {
    const origin = new URL(url).origin;
    let found = pools.get(origin);
    if (!found) pools.set(origin, (found = new Pool(origin, { connections, pipelining: 1 })));
    return found;
  };
  const send = async (shot: Shot): Promise<string | null> => {
    const response = await pool(shot.url).request({
      path: new URL(shot.url).pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...shot.headers },
      body: shot.body,
    });
    const text = await response.body.text();
    if (response.statusCode !== 200 || text.includes('"errors"') || text.includes('"userErrors":[{'))
      return `${response.statusCode} ${text.slice(0, 300)}`;
    return null;
  };
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let issued = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const request = next(issued);
        issued += 1;
        if (!request) return;
        const at = process.hrtime.bigint();
        let failure: string | null = null;
        try {
          if (Array.isArray(request)) {
            for (const wave of request) {
              const results = await Promise.all(wave.map(send));
              failure ??= results.find((r) => r !== null) ?? null;
            }
          } else failure = await send(request);
        } catch (error) {
          failure = String(error);
        }
        latencies.push(Number(process.hrtime.bigint() - at) / 1e6);
        if (failure) {
          errors += 1;
          firstError ??= failure;
        }
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  await Promise.all([...pools.values()].map((p) => p.close()));
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds: elapsed,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    firstError,
  };
}
