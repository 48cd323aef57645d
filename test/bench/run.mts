/**
 * Runs the benchmarks from TypeScript sources, the way jest runs the tests: `.ts` files are compiled
 * by @swc/core as they are required, and `@dangvien/<name>` resolves to the package's or service's
 * `src/index.ts`, so a benchmark never measures a stale build. Node strips the types of this file
 * itself; everything it requires goes through the hook below.
 *
 *   node bench/run.mts                 every *.bench.ts in this folder
 *   node bench/run.mts tree            only those whose name contains "tree"
 *   node bench/run.mts province/main.ts  that file's main() (a tool that is not a benchmark)
 */
import Module, { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from '@swc/core';

interface CompiledModule {
  _compile(code: string, filename: string): void;
}

/** The two CommonJS loader internals every require hook (ts-node, @swc/register) relies on. */
const loader = Module as unknown as {
  _extensions: Record<string, (module: CompiledModule, filename: string) => void>;
  _resolveFilename: (request: string, parent: unknown, ...rest: unknown[]) => string;
};

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

function workspaceEntry(name: string): string | null {
  const candidates =
    name === 'gateway'
      ? [join(root, 'gateway/src/index.ts')]
      : [join(root, 'packages', name, 'src/index.ts'), join(root, 'services', name, 'src/index.ts')];
  return candidates.find((file) => existsSync(file)) ?? null;
}

/**
 * A relative request from a TypeScript source is that source's sibling `.ts` file first: Node tries
 * `.json` before extensions added later, so `./services` would load contracts' `services.json`
 * instead of `services.ts`.
 */
function typeScriptSibling(request: string, parent: unknown): string | null {
  const from = (parent as { filename?: string } | null)?.filename;
  if (!from?.endsWith('.ts') || !/^\.\.?\//.test(request) || /\.[cm]?[jt]s$|\.json$/.test(request))
    return null;
  const file = resolve(dirname(from), `${request}.ts`);
  return existsSync(file) ? file : null;
}

const resolveFilename = loader._resolveFilename;
loader._resolveFilename = function (request, parent, ...rest) {
  const workspace = /^@dangvien\/([^/]+)$/.exec(request);
  const entry = workspace?.[1] ? workspaceEntry(workspace[1]) : typeScriptSibling(request, parent);
  return resolveFilename.call(this, entry ?? request, parent, ...rest);
};

loader._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};

const only = process.argv[2] ?? '';
const benchmarks = only.endsWith('.ts')
  ? [only]
  : readdirSync(here)
      .filter((file) => file.endsWith('.bench.ts') && file.includes(only))
      .sort();
if (benchmarks.length === 0) throw new Error(`no benchmark in ${here} matches "${only}"`);

const require = createRequire(import.meta.url);
for (const file of benchmarks) {
  const { main } = require(join(here, file)) as { main: () => Promise<number> };
  const code = await main();
  if (code !== 0) process.exitCode = code;
}
