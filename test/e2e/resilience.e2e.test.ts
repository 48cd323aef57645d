import type { Gateway, GatewayReadiness } from '@dangvien/gateway';
import { graphql, waitFor } from '@dangvien/testing';
import type { GraphQLResponse } from '@dangvien/testing';
import { createOrganisation, startGateway, startSystem } from './harness';
import type { System } from './harness';
import { startRecordingProxy } from './recording-proxy';
import type { RecordingProxy } from './recording-proxy';

// A subgraph slow, out of time, or stopped during a query: the gateway answers the data that
// arrived with an error naming the missing part (HTTP 200), never hangs, and stays up; its
// readiness names the missing subgraph. Organisations answer; emulation is the one that fails.

type UnitAnswer = GraphQLResponse<{ organisation: { code: string; emulation: unknown } | null }>;

describe('resilience: partial data when a subgraph is slow or stopped', () => {
  let system: System;
  let proxy: RecordingProxy;
  const gateways: Gateway[] = [];
  let unitId: string;
  let code: string;
  let emulationStopped = false;
  const query = `query ($id: ID!) { organisation(id: $id) { code emulation(year: 2025) { score rank } } }`;
  const unit = (gateway: Gateway) => graphql(gateway.url, query, { id: unitId }) as Promise<UnitAnswer>;
  const readiness = async (gateway: Gateway) => {
    const response = await fetch(gateway.url.replace('/graphql', '/health/ready'));
    return { status: response.status, report: (await response.json()) as GatewayReadiness };
  };

  beforeAll(async () => {
    system = await startSystem('e2e_resilience');
    proxy = await startRecordingProxy(system.services.emulation!.url);
    code = `R${Date.now().toString(36).toUpperCase()}`;
    unitId = await createOrganisation(system.gateway.url, {
      code,
      name: 'Đảng bộ tỉnh',
      level: 'PROVINCE',
      sector: 'STATE_AGENCY',
      effectiveDate: '2020-01-01',
    });
  });

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await proxy.close();
    await system.gateway.stop();
    await Promise.all(
      Object.entries(system.services)
        .filter(([name]) => !(emulationStopped && name === 'emulation'))
        .map(([, service]) => service.stop()),
    );
    await system.drop();
  });

  async function gatewayWith(environment: Record<string, string>): Promise<Gateway> {
    const gateway = await startGateway(system, { SUBGRAPH_EMULATION_URL: proxy.url, ...environment });
    gateways.push(gateway);
    return gateway;
  }

  it('answers the whole query while every subgraph answers', async () => {
    const gateway = await gatewayWith({});
    const answer = await unit(gateway);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.organisation?.code).toBe(code);
    expect(await readiness(gateway)).toMatchObject({ status: 200, report: { status: 'ready', missing: [] } });
  });

  it('a subgraph slower than its timeout: the rest of the data, and SUBGRAPH_TIMEOUT for its part', async () => {
    const gateway = await gatewayWith({ SUBGRAPH_EMULATION_TIMEOUT_MS: '800' });
    proxy.delayMs = 12_000;
    try {
      const started = Date.now();
      const answer = await unit(gateway);
      // Well before the subgraph's answer: the gateway did not wait for it.
      expect(Date.now() - started).toBeLessThan(8_000);
      expect([answer.data, answer.errors?.map((e) => e.extensions)]).toEqual([
        { organisation: { code, emulation: null } },
        [{ code: 'SUBGRAPH_TIMEOUT', serviceName: 'emulation' }],
      ]);
    } finally {
      proxy.delayMs = 0;
    }
    expect((await readiness(gateway)).status).toBe(200);
  });

  it('a request past REQUEST_TIMEOUT_MS: what arrived, and GATEWAY_TIMEOUT for the rest; no hang', async () => {
    // The subgraph's own timeout is the default 10 s: the request's 1.5 s is what ends the wait.
    const gateway = await gatewayWith({ REQUEST_TIMEOUT_MS: '1500' });
    proxy.delayMs = 12_000;
    try {
      const started = Date.now();
      const answer = await unit(gateway);
      expect(Date.now() - started).toBeLessThan(8_000);
      expect([answer.data, answer.errors?.map((e) => e.extensions)]).toEqual([
        { organisation: { code, emulation: null } },
        [{ code: 'GATEWAY_TIMEOUT', serviceName: 'emulation' }],
      ]);
    } finally {
      proxy.delayMs = 0;
    }
    // Still serving, and within its time the same query is whole again.
    expect((await unit(gateway)).errors).toBeUndefined();
  });

  it('a subgraph stopped during a query: the rest of the data, SUBGRAPH_UNAVAILABLE; readiness names it', async () => {
    const gateway = await gatewayWith({});
    proxy.delayMs = 1_500;
    const asked = proxy.asked.length;
    const during = unit(gateway);
    // The query is at the emulation subgraph (held by the proxy) when the subgraph stops.
    await waitFor(() => proxy.asked.length > asked, { description: 'the emulation fetch' });
    emulationStopped = true;
    await system.services.emulation!.stop();
    const answer = await during;
    proxy.delayMs = 0;
    expect([answer.data, answer.errors?.map((e) => e.extensions)]).toEqual([
      { organisation: { code, emulation: null } },
      [{ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'emulation' }],
    ]);
    // The system's own gateway, straight to the stopped subgraph: the same partial answer, HTTP 200.
    const response = await fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables: { id: unitId } }),
    });
    const after = (await response.json()) as UnitAnswer;
    expect([response.status, after.data, after.errors?.map((e) => e.extensions)]).toEqual([
      200,
      { organisation: { code, emulation: null } },
      [{ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'emulation' }],
    ]);
    // Up, answering what does not need the stopped subgraph, and saying which one is missing.
    const organisations = await graphql(system.gateway.url, '{ organisations(first: 1) { totalCount } }');
    expect(organisations.errors).toBeUndefined();
    for (const g of [gateway, system.gateway]) {
      const ready = await waitFor(() => readiness(g), {
        until: (r) => r.report.missing.length > 0,
        description: 'readiness seeing the stopped subgraph',
      });
      expect(ready).toMatchObject({
        status: 200,
        report: {
          status: 'degraded',
          missing: ['emulation'],
          subgraphs: { organisations: 'ready', emulation: 'missing' },
        },
      });
    }
  });
});
