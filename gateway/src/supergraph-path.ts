import { join } from 'node:path';

// Apart from compose.ts so that serving the supergraph never loads @apollo/composition (its RSS).
export const REPOSITORY_ROOT = join(__dirname, '..', '..');
export const SUPERGRAPH_PATH = join(REPOSITORY_ROOT, 'gateway', 'supergraph.graphql');
