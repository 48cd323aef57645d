import { Counter, DURATION_BUCKETS, Histogram, currentTraceparent } from '@dangvien/observability';
import type { Registry } from '@dangvien/observability';
import { TRACEPARENT_HEADER } from '@dangvien/contracts';

export type SubgraphOutcome = 'ok' | 'error' | 'timeout';

/** Undici's timeouts (the pool's headers and body timeouts) and an aborted or timed-out signal. */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** What the subgraph fetcher throws when a subgraph, or the whole request, ran out of time. */
const TIMEOUT_ERROR_CODES = new Set(['SUBGRAPH_TIMEOUT', 'GATEWAY_TIMEOUT']);

/** Whether a failed subgraph call failed for time rather than for an answer or a connection. */
export function isTimeout(error: unknown): boolean {
  const { code, name, extensions } = (error ?? {}) as {
    code?: unknown;
    name?: unknown;
    extensions?: { code?: unknown };
  };
  return (
    (typeof code === 'string' && TIMEOUT_CODES.has(code)) ||
    name === 'TimeoutError' ||
    (typeof extensions?.code === 'string' && TIMEOUT_ERROR_CODES.has(extensions.code))
  );
}

export interface SubgraphMetrics {
  observe(subgraph: string, outcome: SubgraphOutcome, seconds: number): void;
}

/** Calls from the gateway to each subgraph: how many, how long, and how they ended. */
export function createSubgraphMetrics(registry: Registry): SubgraphMetrics {
  const labelNames = ['subgraph', 'outcome'] as const;
  const total = new Counter({
    name: 'gateway_subgraph_fetches_total',
    help: 'Requests the gateway sent to a subgraph, by subgraph and outcome (ok: a 2xx answer; error; timeout)',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gateway_subgraph_fetch_duration_seconds',
    help: 'Time from sending a request to a subgraph to having its whole answer',
    labelNames,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  return {
    observe(subgraph, outcome, seconds) {
      total.inc({ subgraph, outcome });
      duration.observe({ subgraph, outcome }, seconds);
    },
  };
}

type Fetcher = (
  input: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<{ ok: boolean }>;

/**
 * The subgraph fetcher, counted and timed, sending the request's `traceparent` (this gateway hop as
 * the parent) so the subgraph's log lines and the events it writes are in the client's trace.
 * Subgraph names come from the supergraph, so the label is bounded by it.
 */
export function observedFetcher<F extends Fetcher>(
  subgraph: string,
  fetcher: F,
  metrics: SubgraphMetrics,
): F {
  const observed = async (input: string, init: Parameters<F>[1]) => {
    const traceparent = currentTraceparent();
    const headers = traceparent ? { ...init.headers, [TRACEPARENT_HEADER]: traceparent } : init.headers;
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const response = await fetcher(input, { ...init, ...(headers ? { headers } : {}) });
      metrics.observe(subgraph, response.ok ? 'ok' : 'error', seconds());
      return response;
    } catch (error) {
      metrics.observe(subgraph, isTimeout(error) ? 'timeout' : 'error', seconds());
      throw error;
    }
  };
  return observed as F;
}
