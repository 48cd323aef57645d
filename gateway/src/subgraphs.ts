/**
 * The subgraphs the supergraph is composed of. `url` is the routing URL written into the committed
 * supergraph (the local default); `SUBGRAPH_<NAME>_URL` overrides it at run time.
 * Add a service here, run `npm run compose --workspace @dangvien/gateway`, commit the result.
 */
export const SUBGRAPHS = [
  {
    name: 'organisations',
    url: 'http://127.0.0.1:4001/graphql',
    schema: 'services/organisations/src/schema.graphql',
  },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

export function overrideVariable(name: string): string {
  return `SUBGRAPH_${name.toUpperCase()}_URL`;
}
