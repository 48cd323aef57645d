// @dangvien/observability: one trace id from the client's request to the last consumer of the events
// it caused (W3C trace context over HTTP and Kafka headers), and Prometheus metrics per operation,
// subgraph and consumer.
export {
  installTracing,
  traceContextFrom,
  runInTrace,
  activeSpanContext,
  currentTraceId,
  currentTraceparent,
} from './tracing';
export { inRequestTrace, traceExtensions } from './request-trace';
export { withActiveTrace, inEventTrace, traceIdsOf } from './event-trace';
export {
  ANONYMOUS_OPERATION,
  UNKNOWN_OPERATION,
  OTHER_OPERATION,
  createOperationLabeller,
  operationTypeLabel,
  operationOutcome,
} from './labels';
export type { OperationType, OperationOutcome, OperationLabelLimits, OperationLabeller } from './labels';
export { DURATION_BUCKETS, createMetricsRegistry, metricsEndpoint, createOperationMetrics } from './metrics';
export type { MetricsEndpoint, OperationMetrics } from './metrics';
export { observeOperations } from './operation-plugin';
export { Counter, Gauge, Histogram } from 'prom-client';
export type { Registry } from 'prom-client';
