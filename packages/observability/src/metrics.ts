import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { createOperationLabeller, operationTypeLabel } from './labels';
import type { OperationLabelLimits, OperationOutcome } from './labels';

/** Seconds: from a cached answer (milliseconds) to a subgraph timing out (seconds). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * A registry of one process's metrics, with the process's default metrics (CPU, memory, event loop,
 * GC). One registry per gateway or service rather than prom-client's global one: the end-to-end
 * tests run every service in one process, and each must count only its own.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** What `/metrics` answers: the registry in Prometheus text exposition. */
export interface MetricsEndpoint {
  contentType: string;
  render(): Promise<string>;
}

export function metricsEndpoint(registry: Registry): MetricsEndpoint {
  return { contentType: registry.contentType, render: () => registry.metrics() };
}

export interface OperationMetrics {
  /** Counts an operation answered and its duration, labelled by name, type and outcome. */
  observe(
    operation: { name: string | null | undefined; resolved: boolean; type: string | undefined },
    outcome: OperationOutcome,
    seconds: number,
  ): { operation: string; type: string; outcome: OperationOutcome };
}

/** GraphQL operations answered by this process (the gateway, or one subgraph). */
export function createOperationMetrics(registry: Registry, limits?: OperationLabelLimits): OperationMetrics {
  const labelNames = ['operation', 'type', 'outcome'] as const;
  const total = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations answered, by operation name, type and outcome (success, partial, error)',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL operation to sending its answer',
    labelNames,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const label = createOperationLabeller(limits);
  return {
    observe(operation, outcome, seconds) {
      const labels = {
        operation: label(operation.name, operation.resolved),
        type: operationTypeLabel(operation.type),
        outcome,
      };
      total.inc(labels);
      duration.observe(labels, seconds);
      return labels;
    },
  };
}
