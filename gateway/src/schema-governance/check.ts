import { buildSchema } from 'graphql';
import { compareSchemas, subgraphSchema } from './changes';
import type { SchemaChange } from './changes';
import { isListed } from './deliberate';
import type { DeliberateChange } from './deliberate';

/** The name the API schema of the supergraph goes by in changes and deliberate entries. */
export const SUPERGRAPH = 'supergraph';

/** A release's schemas: each subgraph's SDL by name, and the supergraph's API schema printed. */
export interface SchemaSet {
  subgraphs: Record<string, string>;
  api: string;
}

export interface SchemaCheckReport {
  /** Breaking changes nobody marked deliberate: the check fails on each. */
  breaking: SchemaChange[];
  /** Breaking changes marked deliberate, with the entry that lets each pass. */
  deliberate: { change: SchemaChange; entry: DeliberateChange }[];
  /** Allowed, and printed: clients may need to handle them (a new enum value, say). */
  dangerous: SchemaChange[];
  /** Entries that match no change (reverted, or already released): the check fails until removed. */
  stale: DeliberateChange[];
  /** Subgraphs without a released baseline yet: nothing to break. */
  unreleased: string[];
  ok: boolean;
}

/**
 * Every breaking change from the released schemas to the current ones: each subgraph's schema
 * (what the gateway and the other subgraphs rely on) and the supergraph's API schema (what clients
 * rely on), each compared by graphql-js. A removed subgraph is breaking too.
 */
export function checkSchemas(
  released: SchemaSet,
  current: SchemaSet,
  deliberate: readonly DeliberateChange[],
): SchemaCheckReport {
  const breaking: SchemaChange[] = [];
  const dangerous: SchemaChange[] = [];
  const unreleased: string[] = [];
  for (const [name, sdl] of Object.entries(current.subgraphs)) {
    const baseline = released.subgraphs[name];
    if (baseline === undefined) {
      unreleased.push(name);
      continue;
    }
    const comparison = compareSchemas(name, subgraphSchema(baseline), subgraphSchema(sdl));
    breaking.push(...comparison.breaking);
    dangerous.push(...comparison.dangerous);
  }
  for (const name of Object.keys(released.subgraphs)) {
    if (!(name in current.subgraphs)) {
      breaking.push({ schema: name, type: 'SUBGRAPH_REMOVED', change: `Subgraph ${name} was removed.` });
    }
  }
  const api = compareSchemas(SUPERGRAPH, buildSchema(released.api), buildSchema(current.api));
  breaking.push(...api.breaking);
  dangerous.push(...api.dangerous);

  const listed: SchemaCheckReport['deliberate'] = [];
  const unlisted: SchemaChange[] = [];
  for (const change of breaking) {
    const entry = deliberate.find((e) => isListed(change, e));
    if (entry) listed.push({ change, entry });
    else unlisted.push(change);
  }
  const stale = deliberate.filter((entry) => !breaking.some((change) => isListed(change, entry)));
  return {
    breaking: unlisted,
    deliberate: listed,
    dangerous,
    stale,
    unreleased,
    ok: unlisted.length === 0 && stale.length === 0,
  };
}
