import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { IDENTITY_HEADER } from '@dangvien/auth';

export interface CannedSubgraphs {
  /** SUBGRAPH_<NAME>_URL for each subgraph: its canned answers. */
  routes: Record<string, string>;
  /** Subgraph requests answered from the store, and those passed on to the subgraph. */
  counts(): { canned: number; passed: number };
  close(): Promise<void>;
}

/**
 * A proxy in front of every subgraph that keeps the subgraph's answer to each request body and
 * answers the same body again from memory: once a gateway has sent a set of operations through it
 * (the warm-up), the same set costs the subgraphs nothing, and what the load measures is the
 * gateway's own work (parsing, planning, fetching, merging, answering) on the same supergraph, the
 * same queries and the same subgraph answers. Each gateway fills it with its own subgraph requests:
 * Hive Gateway's plan sends other query texts than ours. The subgraphs' answers are the real ones.
 */
export async function startCannedSubgraphs(subgraphs: Record<string, string>): Promise<CannedSubgraphs> {
  const answers = new Map<string, { status: number; text: string }>();
  const servers: Server[] = [];
  const routes: Record<string, string> = {};
  let canned = 0;
  let passed = 0;
  for (const [name, target] of Object.entries(subgraphs)) {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString();
        const key = `${name} ${body}`;
        let answer = answers.get(key);
        if (answer) canned += 1;
        else {
          passed += 1;
          const identity = req.headers[IDENTITY_HEADER];
          const response = await fetch(target, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(typeof identity === 'string' ? { [IDENTITY_HEADER]: identity } : {}),
            },
            body,
          });
          answer = { status: response.status, text: await response.text() };
          // Only answers that are answers: a failure is asked again next time.
          if (answer.status === 200 && !answer.text.includes('"errors"')) answers.set(key, answer);
        }
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    routes[name] = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
  }
  return {
    routes,
    counts: () => ({ canned, passed }),
    async close() {
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}
