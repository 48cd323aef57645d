import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { MANIFEST_PATH, manifestOf, OPERATIONS_DIR } from './manifest';
import { REPOSITORY_ROOT } from './supergraph-path';

// `npm run safelist --workspace @dangvien/gateway [-- --operations <dir> --out <file>]`: writes the
// persisted-query manifest of the operations' `.graphql` files (by default gateway/operations, into
// its persisted-query-manifest.json; commit it). OPERATION_SAFELIST=<that file> is safelist mode.
try {
  const { values } = parseArgs({ options: { operations: { type: 'string' }, out: { type: 'string' } } });
  const out = values.out ?? MANIFEST_PATH;
  writeFileSync(out, manifestOf(values.operations ?? OPERATIONS_DIR));
  process.stdout.write(`wrote ${relative(REPOSITORY_ROOT, out)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
