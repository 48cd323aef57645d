import {
  ANONYMOUS_OPERATION,
  OTHER_OPERATION,
  UNKNOWN_OPERATION,
  createMetricsRegistry,
  createOperationLabeller,
  createOperationMetrics,
  operationOutcome,
  operationTypeLabel,
} from '../src';

describe('operation labels', () => {
  it('names anonymous and unresolved operations', () => {
    const label = createOperationLabeller();
    expect(label(undefined, true)).toBe(ANONYMOUS_OPERATION);
    expect(label('', true)).toBe(ANONYMOUS_OPERATION);
    expect(label('Members', false)).toBe(UNKNOWN_OPERATION);
    expect(label('Members', true)).toBe('Members');
  });

  it('cuts long names and replaces what is not a GraphQL name character', () => {
    const label = createOperationLabeller({ maxLength: 10 });
    expect(label('A'.repeat(30), true)).toBe('A'.repeat(10));
    expect(label('a"b\nc{}', true)).toBe('a_b_c__');
  });

  it('counts names past the cap as other, and keeps the names it already has', () => {
    const label = createOperationLabeller({ maxNames: 2 });
    expect(label('First', true)).toBe('First');
    expect(label('Second', true)).toBe('Second');
    expect(label('Third', true)).toBe(OTHER_OPERATION);
    expect(label('First', true)).toBe('First');
    expect(label(undefined, true)).toBe(ANONYMOUS_OPERATION);
  });

  it('labels types and outcomes', () => {
    expect(operationTypeLabel('mutation')).toBe('mutation');
    expect(operationTypeLabel(undefined)).toBe('unknown');
    expect(operationTypeLabel('drop')).toBe('unknown');
    expect(operationOutcome({ data: { a: 1 } })).toBe('success');
    expect(operationOutcome({ data: { a: 1 }, errors: [] })).toBe('success');
    expect(operationOutcome({ data: { a: null }, errors: [{}] })).toBe('partial');
    expect(operationOutcome({ data: null, errors: [{}] })).toBe('error');
    expect(operationOutcome({ errors: [{}] })).toBe('error');
  });
});

describe('operation metrics', () => {
  it('counts and times each operation under its labels, with the default process metrics', async () => {
    const registry = createMetricsRegistry('unit');
    const metrics = createOperationMetrics(registry, { maxNames: 1 });
    metrics.observe({ name: 'Kept', resolved: true, type: 'query' }, 'success', 0.02);
    metrics.observe({ name: 'Kept', resolved: true, type: 'query' }, 'success', 0.2);
    metrics.observe({ name: 'Dropped', resolved: true, type: 'mutation' }, 'error', 0.001);
    const text = await registry.metrics();
    expect(text).toContain(
      'graphql_operations_total{operation="Kept",type="query",outcome="success",service="unit"} 2',
    );
    expect(text).toContain(
      'graphql_operations_total{operation="other",type="mutation",outcome="error",service="unit"} 1',
    );
    expect(text).not.toContain('Dropped');
    expect(text).toContain(
      'graphql_operation_duration_seconds_bucket{le="0.025",service="unit",operation="Kept",type="query",outcome="success"} 1',
    );
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('keeps each registry apart: two processes in one test run count their own', async () => {
    const a = createMetricsRegistry('a');
    const b = createMetricsRegistry('b');
    createOperationMetrics(a).observe({ name: 'Only', resolved: true, type: 'query' }, 'success', 0.1);
    createOperationMetrics(b);
    expect(await a.metrics()).toContain('operation="Only"');
    expect(await b.metrics()).not.toContain('operation="Only"');
  });
});
