import { readFileSync } from 'node:fs';
import { MANIFEST_PATH, operationHash, readSafelist } from '@dangvien/gateway';
import type { Gateway } from '@dangvien/gateway';
import { createOrganisation, startGateway, startSystem } from './harness';
import type { System } from './harness';
import { startRecordingProxy } from './recording-proxy';
import type { RecordingProxy } from './recording-proxy';

// What the gateway refuses before Apollo reads an operation — a caller over its rate, an operation
// off the safelist, an APQ hash that is not its query's — with a recording proxy in front of the
// organisations subgraph proving the refused requests never reach it; and APQ itself.

const COUNT = '{ organisations(first: 1) { totalCount } }';

interface Answer {
  status: number;
  retryAfter: string | null;
  data: unknown;
  codes: unknown[];
}

async function ask(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    data: json.data ?? null,
    codes: (json.errors ?? []).map((e) => e.extensions?.code),
  };
}

const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

describe('gateway admission: rate limit, persisted queries, safelist', () => {
  let system: System;
  let proxy: RecordingProxy;
  const gateways: Gateway[] = [];
  let unitId: string;

  beforeAll(async () => {
    system = await startSystem('e2e_admission');
    proxy = await startRecordingProxy(system.organisations.url);
    unitId = await createOrganisation(system.gateway.url, {
      code: `Q${Date.now().toString(36).toUpperCase()}`,
      name: 'Đảng bộ tỉnh',
      level: 'PROVINCE',
      sector: 'STATE_AGENCY',
      effectiveDate: '2020-01-01',
    });
  });

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await proxy.close();
    await system.stop();
    await system.drop();
  });

  async function gatewayWith(environment: Record<string, string>): Promise<Gateway> {
    const gateway = await startGateway(system, { SUBGRAPH_ORGANISATIONS_URL: proxy.url, ...environment });
    gateways.push(gateway);
    return gateway;
  }
  const bearer = async (sub: string) => ({
    authorization: `Bearer ${await system.keys.token({ role: 'INTEGRATOR', sub })}`,
  });

  it('limits each caller to its rate: 429 with Retry-After, never asking a subgraph; others go on', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_PER_MINUTE: '1', RATE_LIMIT_BURST: '2' });
    const subject = `limited-${Date.now()}`;
    // A new token for the same subject: the limit follows the caller, not the token.
    const [first, again] = [await bearer(subject), await bearer(subject)];
    const answered = [
      await ask(gateway.url, { query: COUNT }, first),
      await ask(gateway.url, { query: COUNT }, again),
    ];
    expect(answered.map((a) => [a.status, a.codes])).toEqual([
      [200, []],
      [200, []],
    ]);
    const asked = proxy.asked.length;
    const refused = await ask(gateway.url, { query: COUNT }, again);
    expect([refused.status, refused.codes, refused.data]).toEqual([429, ['RATE_LIMITED'], null]);
    // One a minute: the next token in about 60 s.
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(55);
    expect(proxy.asked.length).toBe(asked);
    const other = await ask(gateway.url, { query: COUNT }, await bearer(`other-${Date.now()}`));
    const anonymous = await ask(gateway.url, { query: COUNT });
    expect([other.status, other.codes, anonymous.status, anonymous.codes]).toEqual([200, [], 200, []]);
    expect(proxy.asked.length).toBe(asked + 2);
    expect((await fetch(gateway.url.replace('/graphql', '/health/ready'))).status).toBe(200);
  });

  it('answers automatic persisted queries: unknown hash, registration, then the hash alone (POST and GET)', async () => {
    const gateway = await gatewayWith({});
    const query = `{ organisation(id: "${unitId}") { code } }`;
    const hash = operationHash(query);
    const unknown = await ask(gateway.url, { extensions: persisted(hash) });
    expect(unknown.codes).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const registered = await ask(gateway.url, { query, extensions: persisted(hash) });
    expect([registered.status, registered.codes]).toEqual([200, []]);
    const asked = proxy.asked.length;
    const byHash = await ask(gateway.url, { extensions: persisted(hash) });
    expect([byHash.status, byHash.data]).toEqual([200, registered.data]);
    const search = new URLSearchParams({ extensions: JSON.stringify(persisted(hash)) });
    const get = await fetch(`${gateway.url}?${search}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect([get.status, ((await get.json()) as { data: unknown }).data]).toEqual([200, registered.data]);
    expect(proxy.asked.length).toBe(asked + 2);
    // A query with a hash that is not its own: refused, nothing asked, nothing registered.
    const mismatch = await ask(gateway.url, { query: COUNT, extensions: persisted(hash.replace(/^./, '0')) });
    expect([mismatch.status, mismatch.codes]).toEqual([400, ['PERSISTED_QUERY_HASH_MISMATCH']]);
    expect(proxy.asked.length).toBe(asked + 2);
  });

  it('in safelist mode accepts only the manifest operations, by hash or by body; refuses the rest with 400', async () => {
    const gateway = await gatewayWith({ OPERATION_SAFELIST: MANIFEST_PATH });
    const safelist = readSafelist(MANIFEST_PATH);
    const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as {
      operations: { id: string; name: string }[];
    };
    const listed = manifest.operations.find((o) => o.name === 'Organisation')!;
    const body = safelist.body(listed.id)!;
    const variables = { id: unitId };
    const byHash = await ask(gateway.url, { extensions: persisted(listed.id), variables });
    const byBody = await ask(gateway.url, { query: body, variables });
    expect([byHash.status, byHash.codes, byBody.status, byBody.codes]).toEqual([200, [], 200, []]);
    expect(byHash.data).toMatchObject({ organisation: { id: unitId, level: 'PROVINCE' } });
    expect(byBody.data).toEqual(byHash.data);
    const asked = proxy.asked.length;
    const unlisted = [
      { query: COUNT },
      { extensions: persisted(operationHash(COUNT)) },
      // The same operation, formatted otherwise: another text, another hash.
      { query: `${body}\n`, variables },
      { query: COUNT, extensions: persisted(operationHash(COUNT)) },
    ];
    for (const request of unlisted) {
      const refused = await ask(gateway.url, request);
      expect([refused.status, refused.codes, refused.data]).toEqual([
        400,
        ['OPERATION_NOT_IN_SAFELIST'],
        null,
      ]);
    }
    expect(proxy.asked.length).toBe(asked);
    expect((await fetch(gateway.url.replace('/graphql', '/health/ready'))).status).toBe(200);
  });
});
