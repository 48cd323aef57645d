import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPHS } from './subgraphs';
import type { Subgraph } from './subgraphs';

import { REPOSITORY_ROOT } from './supergraph-path';

export { REPOSITORY_ROOT, SUPERGRAPH_PATH } from './supergraph-path';

export class CompositionError extends Error {}

/**
 * Composes the subgraphs' SDLs (by default every service's, from the repository) into a supergraph
 * SDL, or throws listing every error. `typeDefs` given inline stand in for a file (tests).
 */
export function composeSupergraph(
  subgraphs: readonly (Subgraph | (Omit<Subgraph, 'schema'> & { typeDefs: string }))[] = SUBGRAPHS,
  root = REPOSITORY_ROOT,
): string {
  const result = composeServices(
    subgraphs.map((subgraph) => ({
      name: subgraph.name,
      url: subgraph.url,
      typeDefs: parse(
        'typeDefs' in subgraph ? subgraph.typeDefs : readFileSync(join(root, subgraph.schema), 'utf8'),
      ),
    })),
  );
  if (result.errors) {
    throw new CompositionError(
      `Supergraph does not compose:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`,
    );
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}
