import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderAsyncApiYaml } from './render';

// Usage: node dist/asyncapi/cli.js <output file>
const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: node dist/asyncapi/cli.js <output.yaml>\n');
  process.exit(2);
}
writeFileSync(resolve(target), renderAsyncApiYaml());
process.stdout.write(`wrote ${resolve(target)}\n`);
