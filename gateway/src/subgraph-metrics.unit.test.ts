import { GraphQLError } from 'graphql';
import { parseTraceparent } from '@dangvien/contracts';
import { createMetricsRegistry, runInTrace, traceContextFrom } from '@dangvien/observability';
import { createSubgraphMetrics, isTimeout, observedFetcher } from './subgraph-metrics';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

function fetcherAnswering(answer: () => Promise<{ ok: boolean }>) {
  const calls: { headers?: Record<string, string> }[] = [];
  const fetcher = async (_url: string, init: { headers?: Record<string, string> }) => {
    calls.push(init);
    return answer();
  };
  return { fetcher, calls };
}

describe('subgraph fetch metrics', () => {
  it('tells timeouts from other failures', () => {
    expect(isTimeout(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }))).toBe(true);
    expect(isTimeout(Object.assign(new Error('x'), { code: 'UND_ERR_BODY_TIMEOUT' }))).toBe(true);
    expect(isTimeout(new DOMException('late', 'TimeoutError'))).toBe(true);
    expect(isTimeout(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isTimeout(new GraphQLError('late', { extensions: { code: 'SUBGRAPH_TIMEOUT' } }))).toBe(true);
    expect(isTimeout(new GraphQLError('late', { extensions: { code: 'GATEWAY_TIMEOUT' } }))).toBe(true);
    expect(isTimeout(new GraphQLError('down', { extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }))).toBe(false);
    expect(isTimeout(undefined)).toBe(false);
  });

  it('counts each call by subgraph and outcome, and sends the trace to the subgraph', async () => {
    const registry = createMetricsRegistry('gateway-unit');
    const metrics = createSubgraphMetrics(registry);
    const ok = fetcherAnswering(async () => ({ ok: true }));
    const failing = fetcherAnswering(async () => ({ ok: false }));
    const late = fetcherAnswering(async () => {
      throw Object.assign(new Error('late'), { code: 'UND_ERR_HEADERS_TIMEOUT' });
    });
    const down = fetcherAnswering(async () => {
      throw Object.assign(new Error('down'), { code: 'ECONNREFUSED' });
    });
    await runInTrace(traceContextFrom(`00-${TRACE_ID}-00f067aa0ba902b7-01`), async () => {
      await observedFetcher('members', ok.fetcher, metrics)('http://x/graphql', { headers: { a: 'b' } });
      await observedFetcher('members', ok.fetcher, metrics)('http://x/graphql', {});
      await observedFetcher('members', failing.fetcher, metrics)('http://x/graphql', {});
      await expect(
        observedFetcher('emulation', late.fetcher, metrics)('http://y/graphql', {}),
      ).rejects.toThrow('late');
      await expect(
        observedFetcher('emulation', down.fetcher, metrics)('http://y/graphql', {}),
      ).rejects.toThrow('down');
    });
    const sent = parseTraceparent(ok.calls[0]!.headers?.traceparent);
    expect(sent?.traceId).toBe(TRACE_ID);
    expect(ok.calls[0]!.headers?.a).toBe('b');
    const text = await registry.metrics();
    for (const line of [
      'gateway_subgraph_fetches_total{subgraph="members",outcome="ok",service="gateway-unit"} 2',
      'gateway_subgraph_fetches_total{subgraph="members",outcome="error",service="gateway-unit"} 1',
      'gateway_subgraph_fetches_total{subgraph="emulation",outcome="timeout",service="gateway-unit"} 1',
      'gateway_subgraph_fetches_total{subgraph="emulation",outcome="error",service="gateway-unit"} 1',
      'gateway_subgraph_fetch_duration_seconds_count{service="gateway-unit",subgraph="members",outcome="ok"} 2',
    ])
      expect(text).toContain(line);
  });

  it('sends no traceparent outside a trace', async () => {
    const { fetcher, calls } = fetcherAnswering(async () => ({ ok: true }));
    await observedFetcher(
      'members',
      fetcher,
      createSubgraphMetrics(createMetricsRegistry('g')),
    )('http://x', {});
    expect(calls[0]!.headers).toBeUndefined();
  });
});
