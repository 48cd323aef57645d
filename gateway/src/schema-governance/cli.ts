import { relative } from 'node:path';
import { checkSchemas } from './check';
import {
  currentSchemas,
  deliberateChanges,
  governancePaths,
  releasedSchemas,
  writeRelease,
} from './repository';
import { formatReport } from './report';

/**
 * `npm run schema:check`: fails on a breaking change to a subgraph's schema or to the supergraph's
 * API schema since the last release, unless schemas/deliberate-changes.json lists it.
 * `npm run schema:release`: makes the current schemas the baseline; it refuses while a break is
 * unlisted, so every released break has its reason in the history.
 */
function main(command: string | undefined): number {
  const paths = governancePaths();
  const files = {
    deliberate: relative(paths.root, paths.deliberate),
    released: relative(paths.root, paths.released),
  };
  const current = currentSchemas();
  const released = releasedSchemas(paths);
  if (command !== 'check' && command !== 'release') {
    process.stderr.write('usage: schema-governance check|release\n');
    return 2;
  }
  if (!released) {
    if (command === 'check') {
      process.stderr.write(`no released schemas in ${files.released}: run \`npm run schema:release\` once\n`);
      return 1;
    }
    writeRelease(paths, current);
    process.stdout.write(`released the current schemas into ${files.released}\n`);
    return 0;
  }
  const report = checkSchemas(released, current, deliberateChanges(paths));
  process.stdout.write(formatReport(report, files));
  if (command === 'check') return report.ok ? 0 : 1;
  if (report.breaking.length > 0) {
    process.stderr.write('not released: mark each breaking change deliberate first\n');
    return 1;
  }
  writeRelease(paths, current);
  process.stdout.write(`released the current schemas into ${files.released}; ${files.deliberate} emptied\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv[2]);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
