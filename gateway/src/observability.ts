import type { Logger } from '@dangvien/logger';
import {
  createMetricsRegistry,
  createOperationMetrics,
  inRequestTrace,
  metricsEndpoint,
  observeOperations,
  traceExtensions,
} from '@dangvien/observability';
import { createSubgraphMetrics, observedFetcher } from './subgraph-metrics';

/**
 * The gateway's traces and metrics, in one place so that gateway.ts only hooks them in: each request
 * runs in the client's trace (or a new one) and answers its id in `extensions.traceId`; operations
 * and subgraph calls are counted and timed; `/metrics` serves them with the process's own.
 */
export function createGatewayObservability(logger: Logger) {
  const registry = createMetricsRegistry('gateway');
  const operations = createOperationMetrics(registry);
  const subgraphs = createSubgraphMetrics(registry);
  return {
    registry,
    plugin: observeOperations({ metrics: operations, logger }),
    /** Wraps a subgraph's fetcher: traceparent sent, call counted. */
    fetcher: <F extends Parameters<typeof observedFetcher>[1]>(subgraph: string, fetcher: F): F =>
      observedFetcher(subgraph, fetcher, subgraphs),
    /** Options of the HTTP server. */
    http: { around: inRequestTrace, errorExtensions: traceExtensions, metrics: metricsEndpoint(registry) },
  };
}
