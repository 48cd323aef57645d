import { randomBytes, randomUUID } from 'node:crypto';
import { CLOUDEVENTS_HEADERS, EVENT_TYPES, TOPICS } from '@dangvien/contracts';
import { createLogger } from '@dangvien/logger';
import { createTestKafka, readTopicMessages, waitFor } from '@dangvien/testing';
import { CREATE_ORGANISATION, startSystem } from './harness';
import type { System } from './harness';

/**
 * One trace id from the client to the consumers (issue 12, item 8): the gateway continues the
 * client's `traceparent`, answers its trace id, sends it to the subgraphs, whose events carry it on
 * Kafka, whose consumers log it; the gateway's /metrics counts the operation and the subgraph call.
 */
describe('trace ids and metrics (e2e)', () => {
  let system: System;
  let adminToken: string;
  const lines: Record<string, unknown>[] = [];
  const prefix = `TR${Date.now().toString(36).toUpperCase()}`;

  beforeAll(async () => {
    const destination = {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    };
    system = await startSystem('tracing', {
      logger: createLogger({ name: 'e2e-tracing', level: 'info', destination }),
    });
    adminToken = await system.keys.token({ role: 'PROVINCIAL_ADMIN', scope: 'sensitive:read' });
  }, 120_000);
  afterAll(async () => {
    await system.stop();
    await system.drop();
  });

  const newTrace = () => ({
    traceId: randomBytes(16).toString('hex'),
    parentId: randomBytes(8).toString('hex'),
  });

  /** Posts to the gateway with the admin's token and the given extra headers; the answer and status. */
  async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
    const response = await fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}`, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        data?: Record<string, unknown> | null;
        errors?: { extensions?: Record<string, unknown> }[];
        extensions?: { traceId?: string };
      },
    };
  }

  /** The value of a Prometheus sample (0 when the series does not exist yet). */
  async function sample(url: string, series: string): Promise<number> {
    const text = await (await fetch(url)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? 0 : Number(line.slice(series.length + 1));
  }
  const metricsOf = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '/metrics');

  it('answers the client’s trace id, on successes and errors alike; a bad traceparent gets a new trace', async () => {
    const { traceId, parentId } = newTrace();
    const ok = await post('query Ping { __typename }', {}, { traceparent: `00-${traceId}-${parentId}-01` });
    expect(ok.status).toBe(200);
    expect(ok.body.extensions?.traceId).toBe(traceId);

    const invalid = await post(
      'query Ping { __typename }',
      {},
      { traceparent: `00-${traceId.toUpperCase()}-${parentId}-01` },
    );
    expect(invalid.body.extensions?.traceId).toMatch(/^(?!0+$)[0-9a-f]{32}$/);
    expect(invalid.body.extensions?.traceId).not.toBe(traceId);

    const refused = await post(
      'query Broken { __typename',
      {},
      { traceparent: `00-${traceId}-${parentId}-01` },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.extensions?.traceId).toBe(traceId);

    // Refused before Apollo's pipeline: a token that does not verify.
    const unauthenticated = await post(
      '{ __typename }',
      {},
      {
        traceparent: `00-${traceId}-${parentId}-01`,
        authorization: 'Bearer not-a-token',
      },
    );
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body.extensions?.traceId).toBe(traceId);

    // Refused by the HTTP server itself: malformed JSON, and a body over the limit.
    for (const [body, status] of [
      ['{"query": ', 400],
      [JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(1_100_000) }), 413],
    ] as const) {
      const response = await fetch(system.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${parentId}-01` },
        body,
      });
      expect(response.status).toBe(status);
      expect(((await response.json()) as { extensions?: { traceId?: string } }).extensions?.traceId).toBe(
        traceId,
      );
    }
  });

  it('carries the trace through a mutation to its Kafka record and the consumers, and counts it in /metrics', async () => {
    const gatewayMetrics = metricsOf(system.gateway.url);
    const operations =
      'graphql_operations_total{operation="TracedCreate",type="mutation",outcome="success",service="gateway"}';
    const fetches = 'gateway_subgraph_fetches_total{subgraph="organisations",outcome="ok",service="gateway"}';
    const before = {
      operations: await sample(gatewayMetrics, operations),
      fetches: await sample(gatewayMetrics, fetches),
    };

    const { traceId, parentId } = newTrace();
    const code = `${prefix}.${randomUUID().slice(0, 8).toUpperCase()}`;
    const created = await post(
      CREATE_ORGANISATION.replace('mutation (', 'mutation TracedCreate ('),
      {
        input: {
          code,
          name: 'Đảng bộ truy vết',
          level: 'PROVINCE',
          sector: 'STATE_AGENCY',
          effectiveDate: '2020-01-01',
        },
      },
      { traceparent: `00-${traceId}-${parentId}-01` },
    );
    expect(created.body.errors).toBeUndefined();
    expect(created.body.extensions?.traceId).toBe(traceId);

    const records = await readTopicMessages(createTestKafka('e2e-tracing'), TOPICS.organisations, {
      until: (all) => all.some((m) => m.value?.includes(`"${code}"`)),
      timeoutMs: 60_000,
    });
    const record = records.find((m) => m.value?.includes(`"${code}"`))!;
    expect(record.headers[CLOUDEVENTS_HEADERS.type]).toBe(EVENT_TYPES.OrganisationCreated);
    const [version, recordTrace, recordParent, flags] = record.headers.traceparent!.split('-');
    expect([version, recordTrace, flags]).toEqual(['00', traceId, '01']);
    // The organisations subgraph's own span, not the client's nor absent.
    expect(recordParent).toMatch(/^(?!0+$)[0-9a-f]{16}$/);
    expect(recordParent).not.toBe(parentId);

    const traced = () => lines.filter((line) => line.traceId === traceId);
    // The gateway's line, the subgraph's, and every consumer of the organisations topic applying it.
    await waitFor(
      () =>
        lines.some(
          (line) => line.msg === 'events applied' && (line.traceIds as string[]).includes(traceId),
        ) &&
        traced().some(
          (line) => line.msg === 'graphql operation answered' && line.subgraph === 'organisations',
        ),
      { timeoutMs: 60_000, description: 'the subgraph and a consumer logged the trace id' },
    );
    const gatewayLine = traced().find((line) => line.msg === 'graphql operation answered' && !line.subgraph);
    expect(gatewayLine).toMatchObject({ operation: 'TracedCreate', type: 'mutation', outcome: 'success' });
    const consumers = lines
      .filter((line) => line.msg === 'events applied' && (line.traceIds as string[]).includes(traceId))
      .map((line) => String(line.consumer));
    expect(consumers.length).toBeGreaterThan(0);

    expect(await sample(gatewayMetrics, operations)).toBe(before.operations + 1);
    expect(await sample(gatewayMetrics, fetches)).toBeGreaterThanOrEqual(before.fetches + 1);
    const subgraphMetrics = await (await fetch(metricsOf(system.services.organisations!.url))).text();
    expect(subgraphMetrics).toMatch(
      /graphql_operations_total\{operation="TracedCreate[^"]*",type="mutation",outcome="success",service="organisations"\} 1/,
    );
    expect(subgraphMetrics).toContain('kafka_consumer_lag{');
    // Members keeps a tree of the organisations: its consumer applies the event and counts it (the
    // consumer seen above may have been another service's).
    const applied =
      /kafka_events_applied_total\{[^}]*type="dangvien\.organisations\.OrganisationCreated\.v1"[^}]*\} [1-9]/;
    await waitFor(
      async () => applied.test(await (await fetch(metricsOf(system.services.members!.url))).text()),
      {
        timeoutMs: 60_000,
        description: "members' consumer counted the event",
      },
    );
  });
});
