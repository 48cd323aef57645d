import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { HeaderMap } from '@apollo/server';
import type { ApolloServer, BaseContext, ContextFunction, HTTPGraphQLRequest } from '@apollo/server';

/** A readiness report: `down` answers 503; `ready` and `degraded` (serving, with problems) 200. */
export interface HealthReport {
  status: 'ready' | 'degraded' | 'down';
  [detail: string]: unknown;
}

export interface HealthCheck {
  /** Whether the process can serve requests now (dependencies connected, schema loaded), and why not. */
  ready(): Promise<boolean | HealthReport> | boolean | HealthReport;
}

export interface GraphQLHttpServerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** The request's context; `request` is the HTTP request as Apollo gets it (body parsed). */
  context: ContextFunction<[{ req: IncomingMessage; request: HTTPGraphQLRequest }], TContext>;
  health: HealthCheck;
  /** Largest accepted request body. */
  maxBodyBytes?: number;
  path?: string;
  /**
   * Answers a request before the GraphQL route does (the gateway's GraphiQL page and its assets);
   * resolves true when it has answered.
   */
  intercept?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;
  /** Wraps the handling of each request (the trace it runs in, see @dangvien/observability). */
  around?: (req: IncomingMessage, handle: () => Promise<void>) => Promise<void>;
  /**
   * Added to `extensions` of error answers that Apollo's plugins never see (a refused body, a
   * context that failed, e.g. a bad token), so that every answer carries the trace id.
   */
  errorExtensions?: () => Record<string, unknown> | undefined;
  /** Served on `/metrics` (Prometheus text exposition). */
  metrics?: { contentType: string; render(): Promise<string> };
}

class BodyTooLargeError extends Error {}

/**
 * The request body, at most `limit` bytes. A larger one is refused without being kept: the rest is
 * read and dropped so that the client, still sending, gets the 413 instead of a reset connection
 * (up to `DRAIN_FACTOR` times the limit; beyond that the connection is cut).
 */
const DRAIN_FACTOR = 10;

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length']) > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (size > limit * DRAIN_FACTOR) {
        reject(new BodyTooLargeError());
        req.destroy();
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () =>
      tooLarge ? reject(new BodyTooLargeError()) : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

/** An error answer's JSON with `extra` merged into its `extensions`; the body as it was if not JSON. */
function withExtensions(body: string, extra: Record<string, unknown> | undefined): string {
  if (!extra) return body;
  try {
    const parsed = JSON.parse(body) as { extensions?: Record<string, unknown> };
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return body;
    return JSON.stringify({ ...parsed, extensions: { ...parsed.extensions, ...extra } });
  } catch {
    return body;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * A plain Node HTTP server for an Apollo server (subgraph or gateway): GraphQL on `/graphql`,
 * liveness on `/health/live` (the process answers) and readiness on `/health/ready` (503 until
 * `health.ready()` holds), and `/metrics` when given. No web framework: these routes are all a
 * service exposes.
 */
export function createGraphQLHttpServer<TContext extends BaseContext>(
  options: GraphQLHttpServerOptions<TContext>,
): Server {
  const path = options.path ?? '/graphql';
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const around = options.around ?? ((_req, handle) => handle());
  const errorExtensions = () => options.errorExtensions?.();

  return createServer((req, res) => around(req, () => handle(req, res)));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/health/live') return sendJson(res, 200, { status: 'live' });
      if (url.pathname === '/health/ready') {
        const answer = await options.health.ready();
        const report: HealthReport =
          typeof answer === 'boolean' ? { status: answer ? 'ready' : 'down' } : answer;
        return sendJson(res, report.status === 'down' ? 503 : 200, report);
      }
      if (options.intercept && (await options.intercept(req, res, url))) return;
      if (url.pathname === '/metrics' && options.metrics) {
        const text = await options.metrics.render();
        res.writeHead(200, { 'content-type': options.metrics.contentType, 'cache-control': 'no-store' });
        return void res.end(text);
      }
      if (url.pathname !== path) return sendJson(res, 404, { error: 'not found' });

      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      let body: unknown = undefined;
      if (req.method === 'POST') {
        const raw = await readBody(req, maxBodyBytes);
        const contentType = headers.get('content-type') ?? '';
        if (contentType.startsWith('application/json') && raw.length > 0) {
          try {
            body = JSON.parse(raw);
          } catch {
            return sendJson(res, 400, {
              errors: [{ message: 'Malformed JSON body', extensions: { code: 'BAD_REQUEST' } }],
              extensions: errorExtensions(),
            });
          }
        } else {
          body = raw;
        }
      }
      const request: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
      const response = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: request,
        context: () => options.context({ req, request }),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        // Answers from Apollo's pipeline carry their extensions already; only refusals before it
        // (4xx and 5xx, rare and small) are read again to add them.
        const text = response.body.string;
        res.end(res.statusCode >= 400 ? withExtensions(text, errorExtensions()) : text);
      } else {
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        res.setHeader('connection', 'close');
        return sendJson(res, 413, {
          errors: [
            {
              message: 'Request body too large',
              extensions: { code: 'BAD_REQUEST', reason: 'BODY_TOO_LARGE' },
            },
          ],
          extensions: errorExtensions(),
        });
      }
      if (!res.headersSent) {
        sendJson(res, 500, {
          errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
          extensions: errorExtensions(),
        });
      } else {
        res.end();
      }
    }
  }
}

/** Listens on `host:port` and resolves with the bound port (0 picks a free one, for tests). */
export function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Stops accepting connections and closes idle keep-alive ones. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
