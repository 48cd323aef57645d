import { GraphQLError } from 'graphql';
import { Agent } from 'undici';

/**
 * When the client's request must be answered by (epoch ms): set by the gateway on each subgraph
 * request, read and removed by the fetcher (subgraphs never see it).
 */
export const DEADLINE_HEADER = 'x-dangvien-deadline';

const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function codeOf(error: unknown): string | undefined {
  const { code, cause } = (error ?? {}) as { code?: unknown; cause?: unknown };
  if (typeof code === 'string') return code;
  return cause ? codeOf(cause) : undefined;
}

function failure(code: string, message: string, serviceName: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, serviceName } });
}

/** What the gateway reads of a subgraph's response (subgraph-source.ts; a subset of fetch's Response). */
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
 * fails its part of the answer, not the request. A request's deadline (the overall request timeout)
 * shortens those timeouts for the fetches made late in it, so that what has arrived is answered by
 * then. Failures carry a code clients can act on: SUBGRAPH_TIMEOUT, GATEWAY_TIMEOUT (the request's
 * own time ran out), SUBGRAPH_UNAVAILABLE (no connection, or it broke), with the subgraph's name.
 */
export function createSubgraphFetcher(options: { name: string; timeoutMs: number; connections: number }) {
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
    const { [DEADLINE_HEADER]: deadline, ...headers } = init.headers ?? {};
    const remaining = deadline ? Number(deadline) - Date.now() : Infinity;
    const byDeadline = remaining < options.timeoutMs;
    const timeoutMs = Math.min(options.timeoutMs, remaining);
    const timedOut = () =>
      byDeadline
        ? failure(
            'GATEWAY_TIMEOUT',
            `The request ran out of time before ${options.name} answered`,
            options.name,
          )
        : failure('SUBGRAPH_TIMEOUT', `${options.name} did not answer within ${timeoutMs} ms`, options.name);
    if (timeoutMs <= 0) throw timedOut();
    let text: string;
    let response: Awaited<ReturnType<typeof agent.request>>;
    try {
      response = await agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: (init.method ?? 'POST') as 'POST',
        headers,
        body: init.body,
        ...(byDeadline ? { headersTimeout: timeoutMs, bodyTimeout: timeoutMs } : {}),
      });
      text = await response.body.text();
    } catch (error) {
      if (TIMEOUTS.has(codeOf(error) ?? '')) throw timedOut();
      throw failure('SUBGRAPH_UNAVAILABLE', `${options.name} could not be reached`, options.name);
    }
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

export type SubgraphFetcher = ReturnType<typeof createSubgraphFetcher>['fetcher'];
