import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPHS } from './subgraphs';

export const REPOSITORY_ROOT = join(__dirname, '..', '..');
export const SUPERGRAPH_PATH = join(REPOSITORY_ROOT, 'gateway', 'supergraph.graphql');

export class CompositionError extends Error {}

/** Composes the subgraph SDLs found in the repository into a supergraph SDL, or throws listing every error. */
export function composeSupergraph(root = REPOSITORY_ROOT): string {
  const result = composeServices(
    SUBGRAPHS.map((subgraph) => ({
      name: subgraph.name,
      url: subgraph.url,
      typeDefs: parse(readFileSync(join(root, subgraph.schema), 'utf8')),
    })),
  );
  if (result.errors) {
    throw new CompositionError(
      `Supergraph does not compose:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`,
    );
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}
