import { createOrganisation, startSystem } from './harness';
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
});
