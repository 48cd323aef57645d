import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { IDENTITY_HEADER } from '@dangvien/auth';

export interface SubgraphAnswer {
  status: number;
  text: string;
}

/** A subgraph request as a proxy received it: the body, and the signed identity it carried. */
export interface ProxiedRequest {
  subgraph: string;
  target: string;
  body: string;
  headers: Record<string, string>;
}

/** Sends a proxied request on to its subgraph, with the identity header only. */
export async function forward(request: ProxiedRequest): Promise<SubgraphAnswer> {
  const response = await fetch(request.target, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...request.headers },
    body: request.body,
  });
  return { status: response.status, text: await response.text() };
}

/**
 * A loopback server in front of each subgraph, answering every request as `handle` says (the
 * recorder passes it on and notes it, the canned store answers it from memory): its routes, as
 * SUBGRAPH_<NAME>_URL values, and how to close them.
 */
export async function startSubgraphProxies(
  subgraphs: Record<string, string>,
  handle: (request: ProxiedRequest) => Promise<SubgraphAnswer>,
): Promise<{ routes: Record<string, string>; close(): Promise<void> }> {
  const servers: Server[] = [];
  const routes: Record<string, string> = {};
  for (const [subgraph, target] of Object.entries(subgraphs)) {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const identity = req.headers[IDENTITY_HEADER];
        const answer = await handle({
          subgraph,
          target,
          body: Buffer.concat(chunks).toString(),
          headers: typeof identity === 'string' ? { [IDENTITY_HEADER]: identity } : {},
        });
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    routes[subgraph] = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
  }
  return {
    routes,
    async close() {
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}
