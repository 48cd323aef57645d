import type { BaseContext } from '@apollo/server';
import type { EventEnvelope } from '@dangvien/contracts';
import type { IdempotentConsumer } from '@dangvien/kafka';
import type { Logger } from '@dangvien/logger';
import {
  Counter,
  Gauge,
  createMetricsRegistry,
  createOperationMetrics,
  inRequestTrace,
  metricsEndpoint,
  observeOperations,
  traceExtensions,
} from '@dangvien/observability';

/**
 * A service's traces and metrics: each request continues the gateway's trace (its `traceparent`),
 * so every log line of the request and every event it writes carry the client's trace id; operations
 * are counted and timed, and consumers report their lag and the events they applied, on `/metrics`.
 */
export function createServiceObservability(options: {
  name: string;
  logger: Logger;
  /** The service's consumers (built after this), read at each scrape. */
  consumers: () => readonly IdempotentConsumer[];
}) {
  const registry = createMetricsRegistry(options.name);
  const operations = createOperationMetrics(registry);
  new Gauge({
    name: 'kafka_consumer_lag',
    help: 'Records behind the end of the partitions a consumer reads, as of its last batch (max over partitions)',
    labelNames: ['consumer'],
    registers: [registry],
    collect() {
      this.reset();
      for (const consumer of options.consumers()) {
        const status = consumer.status();
        this.set({ consumer: status.name }, status.lag);
      }
    },
  });
  const applied = new Counter({
    name: 'kafka_events_applied_total',
    help: 'Events a consumer applied (each once: duplicates and stale events are not counted), by event type',
    labelNames: ['consumer', 'type'],
    registers: [registry],
  });
  return {
    plugin: <TContext extends BaseContext>() =>
      // `subgraph` tells its lines from the gateway's where processes share a logger (tests).
      observeOperations<TContext>({
        metrics: operations,
        logger: options.logger.child({ subgraph: options.name }),
      }),
    /** The consumer option counting what a consumer applied (by its group name, as lag is). */
    onApplied: (consumer: string, events: readonly EventEnvelope[]) => {
      for (const event of events) applied.inc({ consumer, type: event.type });
    },
    /** Options of the HTTP server. */
    http: { around: inRequestTrace, errorExtensions: traceExtensions, metrics: metricsEndpoint(registry) },
  };
}
