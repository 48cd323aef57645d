import type { Shot } from './load';
import { forward, startSubgraphProxies } from './subgraph-proxy';

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
  const proxies = await startSubgraphProxies(subgraphs, async (request) => {
    const start = performance.now();
    const answer = await forward(request);
    fetches.push({
      shot: { url: request.target, headers: request.headers, body: request.body },
      start,
      end: performance.now(),
    });
    return answer;
  });
  return {
    routes: proxies.routes,
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
    close: proxies.close,
  };
}
