import type { HealthReport } from '@dangvien/graphql';

/**
 * What the gateway's `/health/ready` answers: each subgraph `ready` or `missing`, and
 * - `ready`: the supergraph is loaded and every subgraph answers;
 * - `degraded` (HTTP 200): some subgraph does not answer; the gateway still serves everything else,
 *   with an error for that subgraph's part. Taking every gateway out of rotation for one missing
 *   subgraph would turn a partial outage into a total one;
 * - `down` (HTTP 503): no supergraph yet, or no subgraph answers at all.
 */
export interface GatewayReadiness extends HealthReport {
  status: 'ready' | 'degraded' | 'down';
  subgraphs: Record<string, 'ready' | 'missing'>;
  /** The subgraphs that do not answer, by name. */
  missing: string[];
  problems: string[];
}

/** Asks a subgraph for `{ __typename }`: the cheapest proof that it answers GraphQL. */
async function subgraphAnswers(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * The readiness of a gateway routing to `routes` (subgraph name → URL). The subgraph check is kept
 * for `cacheMs` so that probes do not flood the subgraphs.
 */
export function createReadiness(
  routes: ReadonlyMap<string, string>,
  options: { schemaLoaded: () => boolean; cacheMs?: number; timeoutMs?: number },
): () => Promise<GatewayReadiness> {
  const cacheMs = options.cacheMs ?? 2_000;
  const timeoutMs = options.timeoutMs ?? 2_000;
  let last: { at: number; subgraphs: Record<string, 'ready' | 'missing'> } | null = null;
  return async () => {
    if (!options.schemaLoaded()) {
      return { status: 'down', subgraphs: {}, missing: [], problems: ['the supergraph is not loaded'] };
    }
    if (!last || Date.now() - last.at >= cacheMs) {
      const names = [...routes.keys()].sort();
      const answers = await Promise.all(names.map((name) => subgraphAnswers(routes.get(name)!, timeoutMs)));
      last = {
        at: Date.now(),
        subgraphs: Object.fromEntries(names.map((name, i) => [name, answers[i] ? 'ready' : 'missing'])),
      };
    }
    const missing = Object.keys(last.subgraphs).filter((name) => last!.subgraphs[name] === 'missing');
    const all = Object.keys(last.subgraphs).length;
    return {
      status: missing.length === 0 ? 'ready' : missing.length === all ? 'down' : 'degraded',
      subgraphs: last.subgraphs,
      missing,
      problems: missing.map((name) => `subgraph ${name} does not answer at ${routes.get(name)}`),
    };
  };
}
