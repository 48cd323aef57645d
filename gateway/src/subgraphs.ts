import { DEPLOYED_SERVICES } from '@dangvien/contracts';

export interface Subgraph {
  name: string;
  /** The routing URL written into the committed supergraph (the local default). */
  url: string;
  /** Its SDL, relative to the repository root. */
  schema: string;
}

/**
 * The subgraphs the supergraph is composed of: every service of the one list
 * (packages/contracts/src/services.json), its SDL at services/<name>/src/schema.graphql.
 * `SUBGRAPH_<NAME>_URL` overrides a routing URL at run time. After adding a service, run
 * `npm run compose:supergraph` and commit the result.
 */
export const SUBGRAPHS: readonly Subgraph[] = DEPLOYED_SERVICES.map(({ name, port }) => ({
  name,
  url: `http://127.0.0.1:${port}/graphql`,
  schema: `services/${name}/src/schema.graphql`,
}));

export function overrideVariable(name: string): string {
  return `SUBGRAPH_${name.toUpperCase()}_URL`;
}

export function timeoutVariable(name: string): string {
  return `SUBGRAPH_${name.toUpperCase()}_TIMEOUT_MS`;
}
