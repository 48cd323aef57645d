import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchema } from 'graphql';
import { SUBGRAPHS } from '../subgraphs';
import { REPOSITORY_ROOT, SUPERGRAPH_PATH } from '../supergraph-path';
import { apiSchema } from './changes';
import { SUPERGRAPH } from './check';
import type { SchemaSet } from './check';
import { parseDeliberateChanges } from './deliberate';
import type { DeliberateChange } from './deliberate';

/** Where a repository keeps its released schemas and its deliberate changes. */
export interface GovernancePaths {
  root: string;
  /** `schemas/released`: one `<subgraph>.graphql` each, and `supergraph-api.graphql`. */
  released: string;
  /** `schemas/deliberate-changes.json`. */
  deliberate: string;
}

export function governancePaths(root = REPOSITORY_ROOT): GovernancePaths {
  return {
    root,
    released: join(root, 'schemas', 'released'),
    deliberate: join(root, 'schemas', 'deliberate-changes.json'),
  };
}

const API_FILE = `${SUPERGRAPH}-api.graphql`;

const header = (what: string) =>
  `# Released ${what}: the baseline \`npm run schema:check\` compares with.\n` +
  '# Written by `npm run schema:release`; never edited by hand.\n';

/** The schemas as they are now: every subgraph's SDL and the committed supergraph's API schema. */
export function currentSchemas(root = REPOSITORY_ROOT, supergraphPath = SUPERGRAPH_PATH): SchemaSet {
  const subgraphs = Object.fromEntries(
    SUBGRAPHS.map((s) => [s.name, readFileSync(join(root, s.schema), 'utf8')]),
  );
  return { subgraphs, api: printSchema(apiSchema(readFileSync(supergraphPath, 'utf8'))) };
}

/** The last released schemas; a repository that never released has none, and nothing to break. */
export function releasedSchemas(paths: GovernancePaths): SchemaSet | null {
  const apiPath = join(paths.released, API_FILE);
  if (!existsSync(apiPath)) return null;
  const subgraphs = Object.fromEntries(
    readdirSync(paths.released)
      .filter((file) => file.endsWith('.graphql') && file !== API_FILE)
      .map((file) => [file.slice(0, -'.graphql'.length), readFileSync(join(paths.released, file), 'utf8')]),
  );
  return { subgraphs, api: readFileSync(apiPath, 'utf8') };
}

export function deliberateChanges(paths: GovernancePaths): DeliberateChange[] {
  if (!existsSync(paths.deliberate)) return [];
  return parseDeliberateChanges(readFileSync(paths.deliberate, 'utf8'), paths.deliberate);
}

/**
 * Makes `schemas` the released baseline: each subgraph's SDL as it is, the API schema printed, the
 * files of subgraphs that are gone removed, and the deliberate changes emptied (they are in the
 * baseline now; the commit that released them keeps their reasons).
 */
export function writeRelease(paths: GovernancePaths, schemas: SchemaSet): void {
  mkdirSync(paths.released, { recursive: true });
  for (const file of readdirSync(paths.released)) {
    const name = file.slice(0, -'.graphql'.length);
    if (file.endsWith('.graphql') && file !== API_FILE && !(name in schemas.subgraphs)) {
      rmSync(join(paths.released, file));
    }
  }
  for (const [name, sdl] of Object.entries(schemas.subgraphs)) {
    writeFileSync(join(paths.released, `${name}.graphql`), `${header(`schema of ${name}`)}\n${sdl}`);
  }
  writeFileSync(
    join(paths.released, API_FILE),
    `${header('API schema of the supergraph (what clients see)')}\n${schemas.api.trimEnd()}\n`,
  );
  writeFileSync(paths.deliberate, `${JSON.stringify({ changes: [] }, null, 2)}\n`);
}
