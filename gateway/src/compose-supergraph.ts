import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { composeSupergraph, REPOSITORY_ROOT, SUPERGRAPH_PATH } from './compose';

/** `npm run compose`: writes gateway/supergraph.graphql from the subgraph SDLs. Commit the result. */
try {
  writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
  process.stdout.write(`wrote ${relative(REPOSITORY_ROOT, SUPERGRAPH_PATH)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
