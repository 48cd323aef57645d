import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { IDENTITY_HEADER } from '@dangvien/auth';
import type { Shot } from './load';

interface Fetch {
  shot: Shot;
  start: number;
  end: number;
}

export interface Recorder {
  /** SUBGRAPH_<NAME>_URL for each subgraph: the recorder in front of it. */
  routes: Record<string, string>;
  /** The subgraph fetches since the last call, in waves: a fetch that began after another ended waits for it. */
  take(): Shot[][];
  close(): Promise<void>;
}

/**
 * A pass-through proxy in front of every subgraph that records what a gateway asks each one, so the
 * same subgraph requests can be sent directly (the "direct" baseline of a federated query), in the
 * same order and with the same parallelism.
 */
export async function startRecorder(subgraphs: Record<string, string>): Promise<Recorder> {
  let fetches: Fetch[] = [];
  const servers: Server[] = [];
  const routes: Record<string, string> = {};
  for (const [name, target] of Object.entries(subgraphs)) {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString();
        const start = performance.now();
        const headers: Record<string, string> = {};
        const identity = req.headers[IDENTITY_HEADER];
        if (typeof identity === 'string') headers[IDENTITY_HEADER] = identity;
        const response = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        });
        const text = await response.text();
        fetches.push({ shot: { url: target, headers, body }, start, end: performance.now() });
        res.writeHead(response.status, { 'content-type': 'application/json' });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    routes[name] = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
  }
  return {
    routes,
    take() {
      const sorted = fetches.sort((a, b) => a.start - b.start);
      fetches = [];
      const waves: Fetch[][] = [];
      for (const f of sorted) {
        const wave = waves.at(-1);
        if (wave && f.start < Math.min(...wave.map((w) => w.end))) wave.push(f);
        else waves.push([f]);
      }
      return waves.map((wave) => wave.map((f) => f.shot));
    },
    async close() {
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}
