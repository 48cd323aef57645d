import { forward, startSubgraphProxies } from './subgraph-proxy';
import type { SubgraphAnswer } from './subgraph-proxy';

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
  const answers = new Map<string, SubgraphAnswer>();
  let canned = 0;
  let passed = 0;
  const proxies = await startSubgraphProxies(subgraphs, async (request) => {
    const key = `${request.subgraph} ${request.body}`;
    const kept = answers.get(key);
    if (kept) {
      canned += 1;
      return kept;
    }
    passed += 1;
    const answer = await forward(request);
    // Only answers that are answers: a failure is asked again next time.
    if (answer.status === 200 && !answer.text.includes('"errors"')) answers.set(key, answer);
    return answer;
  });
  return { ...proxies, counts: () => ({ canned, passed }) };
}
