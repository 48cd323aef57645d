import { auditServer } from 'graphql-http';
import { createOrganisation, startGateway, startSystem } from './harness';
import type { System } from './harness';

// GraphQL over HTTP at the gateway (production mode): GET for queries only, the media types and
// status codes of the spec, and the CSRF protection that GET and form-like POSTs need.

interface Answer {
  status: number;
  type: string | null;
  allow: string | null;
  codes: unknown[];
  data: unknown;
}

async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  const body = (text ? JSON.parse(text) : {}) as {
    data?: unknown;
    errors?: { extensions?: { code?: string } }[];
  };
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    allow: response.headers.get('allow'),
    codes: (body.errors ?? []).map((e) => e.extensions?.code),
    data: body.data ?? null,
  };
}

describe('GraphQL over HTTP at the gateway', () => {
  let system: System;
  let unitId: string;
  const query = () => `{ organisation(id: "${unitId}") { level } }`;
  const get = (params: Record<string, string>, headers: Record<string, string> = {}) =>
    send(`${system.gateway.url}?${new URLSearchParams(params)}`, { headers });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    send(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    system = await startSystem('e2e_http');
    unitId = await createOrganisation(system.gateway.url, {
      code: `H${Date.now().toString(36).toUpperCase()}`,
      name: 'Đảng bộ tỉnh',
      level: 'PROVINCE',
      sector: 'STATE_AGENCY',
      effectiveDate: '2020-01-01',
    });
  });

  afterAll(async () => {
    await system.stop();
    await system.drop();
  });

  it('answers queries by GET; refuses mutations by GET with 405 and Allow: POST', async () => {
    const preflight = { 'apollo-require-preflight': 'true' };
    expect(await get({ query: query() }, preflight)).toMatchObject({
      status: 200,
      codes: [],
      data: { organisation: { level: 'PROVINCE' } },
    });
    const mutation =
      'mutation { createOrganisation(input: { code: "X", name: "X", level: CELL, sector: RESIDENTIAL }) { userErrors { code } } }';
    expect(await get({ query: mutation }, preflight)).toMatchObject({
      status: 405,
      allow: 'POST',
      codes: ['BAD_REQUEST'],
    });
  });

  it('keeps the CSRF protection: a GET or a form-like POST without a preflight-forcing header is refused', async () => {
    // What a browser may send cross-site without a preflight: no custom header, a "simple" type.
    const blocked = [
      await get({ query: query() }),
      await send(system.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ query: query() }),
      }),
    ];
    expect(blocked.map((a) => [a.status, a.codes, a.data])).toEqual([
      [400, ['BAD_REQUEST'], null],
      [400, ['BAD_REQUEST'], null],
    ]);
    // A JSON POST is never "simple": it is answered.
    expect((await post({ query: query() })).status).toBe(200);
  });

  it('answers application/graphql-response+json when accepted, with the spec status codes', async () => {
    const accept = { accept: 'application/graphql-response+json' };
    const ok = await post({ query: query() }, accept);
    expect([ok.status, ok.type]).toEqual([200, 'application/graphql-response+json; charset=utf-8']);
    // Request errors (nothing executed): 4xx.
    const parse = await post({ query: '{ organisation(' }, accept);
    const validation = await post({ query: '{ nope }' }, accept);
    const noQuery = await post({}, accept);
    expect([parse, validation, noQuery].map((a) => [a.status, a.type, a.codes])).toEqual([
      [400, 'application/graphql-response+json; charset=utf-8', ['GRAPHQL_PARSE_FAILED']],
      [400, 'application/graphql-response+json; charset=utf-8', ['GRAPHQL_VALIDATION_FAILED']],
      [400, 'application/graphql-response+json; charset=utf-8', ['BAD_REQUEST']],
    ]);
    // A field error while executing: data with the error, 200.
    // A field error while executing (a page too large, refused by the resolver): 200, with the error.
    const field = await post({ query: '{ organisations(first: 1000) { totalCount } }' }, accept);
    expect([field.status, field.codes]).toEqual([200, ['BAD_USER_INPUT']]);
    // application/json by default and when asked; 406 for a type it cannot answer.
    expect((await post({ query: query() })).type).toBe('application/json; charset=utf-8');
    expect((await post({ query: query() }, { accept: 'application/json' })).type).toBe(
      'application/json; charset=utf-8',
    );
    expect((await post({ query: query() }, { accept: 'text/csv' })).status).toBe(406);
  });

  it('passes the graphql-http audit of the spec: no MUST failed, the SHOULDs left named', async () => {
    // The audit's client, with the header the CSRF protection asks of GETs (a browser can only send
    // it after a preflight): what any client of this gateway sends.
    const fetchFn = (input: RequestInfo | URL, init: RequestInit = {}) =>
      fetch(input, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), 'apollo-require-preflight': 'true' },
      });
    const audit = async (url: string) =>
      (await auditServer({ url, fetchFn }))
        .filter((r) => r.status !== 'ok')
        .map((r) => `${r.status} ${r.name}`);
    // Development answers introspection, which some of the audit's operations use (`__type`).
    const development = await startGateway(system, { NODE_ENV: 'development' });
    try {
      // Every MUST and MAY holds. The SHOULDs left: Apollo Server answers request errors with 400 under
      // application/json too (the spec's legacy type, where it suggests 200); clients that accept
      // application/graphql-response+json get exactly the spec's codes. The gateway's own refusals
      // (limits, safelist) are 400 the same way, so the two types agree.
      expect(await audit(development.url)).toEqual([
        'warn SHOULD use 200 status code on document parsing failure when accepting application/json',
        'warn SHOULD use 200 status code on document validation failure when accepting application/json',
        'warn SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
      ]);
    } finally {
      await development.stop();
    }
    // Production fails exactly those, and only because it answers no introspection.
    const production = await audit(system.gateway.url);
    expect(production.filter((f) => f.startsWith('error'))).toEqual([
      'error MUST accept utf-8 encoded request',
      'error MUST allow map {variables} parameter when accepting application/json',
    ]);
  });
});
