import { Agent } from 'undici';

/** What RemoteGraphQLDataSource reads of a response (a subset of fetch's Response). */
interface SubgraphResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/**
 * The gateway's subgraph client: one keep-alive connection pool per subgraph (undici's Agent keeps a
 * pool per origin), requests sent with undici's `request` rather than WHATWG fetch (no Request,
 * Response or stream objects per call), and the subgraph timeout as the pool's headers and body
 * timeouts instead of a timer and AbortSignal per call. A subgraph that does not answer in time
 * fails its part of the answer, not the request.
 */
export function createSubgraphFetcher(options: { timeoutMs: number; connections: number }) {
  const agent = new Agent({
    connections: options.connections,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const fetcher = async (
    input: string,
    init: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<SubgraphResponse> => {
    const url = new URL(input);
    const response = await agent.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: (init.method ?? 'POST') as 'POST',
      headers: init.headers,
      body: init.body,
    });
    const text = await response.body.text();
    return {
      ok: response.statusCode >= 200 && response.statusCode < 300,
      status: response.statusCode,
      statusText: '',
      url: input,
      headers: {
        get(name) {
          const value = response.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        },
      },
      json: async () => JSON.parse(text) as unknown,
      text: async () => text,
    };
  };
  return { fetcher, close: () => agent.close() };
}
