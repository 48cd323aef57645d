import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { close, listen } from '@dangvien/graphql';
import { createSubgraphFetcher, DEADLINE_HEADER } from './subgraph-fetcher';

// The fetcher against a loopback server that answers after `delayMs`: what a subgraph sees, and the
// codes of its failures.
describe('subgraph fetcher', () => {
  let server: Server;
  let url: string;
  let delayMs = 0;
  const seen: IncomingHttpHeaders[] = [];
  const fetchers: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      setTimeout(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}'),
        delayMs,
      );
    });
    url = `http://127.0.0.1:${await listen(server, 0)}/graphql`;
  });
  afterAll(async () => {
    await Promise.all(fetchers.map((f) => f.close()));
    server.closeAllConnections();
    await close(server);
  });

  const fetcherOf = (timeoutMs: number) => {
    const pool = createSubgraphFetcher({ name: 'members', timeoutMs, connections: 2 });
    fetchers.push(pool);
    return pool.fetcher;
  };
  const failure = async (run: Promise<unknown>) => {
    try {
      await run;
      return null;
    } catch (error) {
      return (error as { extensions?: unknown }).extensions;
    }
  };
  const post = (headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: '{"query":"{ __typename }"}',
  });

  it('answers, and never passes the request deadline on to the subgraph', async () => {
    delayMs = 0;
    const response = await fetcherOf(1_000)(url, post({ [DEADLINE_HEADER]: String(Date.now() + 5_000) }));
    expect([response.status, await response.json()]).toEqual([200, { data: {} }]);
    expect(seen.at(-1)![DEADLINE_HEADER]).toBeUndefined();
    expect(seen.at(-1)!['content-type']).toBe('application/json');
  });

  it('SUBGRAPH_TIMEOUT past its own timeout, GATEWAY_TIMEOUT when the request runs out first', async () => {
    delayMs = 1_500;
    const fetcher = fetcherOf(300);
    expect(await failure(fetcher(url, post()))).toEqual({ code: 'SUBGRAPH_TIMEOUT', serviceName: 'members' });
    const late = fetcherOf(5_000);
    expect(await failure(late(url, post({ [DEADLINE_HEADER]: String(Date.now() + 300) })))).toEqual({
      code: 'GATEWAY_TIMEOUT',
      serviceName: 'members',
    });
    // A deadline already past: not even asked.
    const asked = seen.length;
    expect(await failure(late(url, post({ [DEADLINE_HEADER]: String(Date.now() - 1) })))).toEqual({
      code: 'GATEWAY_TIMEOUT',
      serviceName: 'members',
    });
    expect(seen.length).toBe(asked);
  });

  it('SUBGRAPH_UNAVAILABLE when nothing listens', async () => {
    expect(await failure(fetcherOf(1_000)('http://127.0.0.1:9/graphql', post()))).toEqual({
      code: 'SUBGRAPH_UNAVAILABLE',
      serviceName: 'members',
    });
  });
});
