import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, visit } from 'graphql';
import type { DefinitionNode, FragmentDefinitionNode, OperationDefinitionNode } from 'graphql';
import { REPOSITORY_ROOT } from './supergraph-path';
import { operationHash } from './safelist';
import type { PersistedQueryManifest } from './safelist';

/** The operations clients use, one or more per `.graphql` file; fragments may be shared across files. */
export const OPERATIONS_DIR = join(REPOSITORY_ROOT, 'gateway', 'operations');
/** The safelist built from them (`npm run safelist --workspace @dangvien/gateway`); committed. */
export const MANIFEST_PATH = join(OPERATIONS_DIR, 'persisted-query-manifest.json');

function fragmentsUsed(
  node: DefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): Set<string> {
  visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      if (seen.has(name)) return;
      const fragment = fragments.get(name);
      if (!fragment) throw new Error(`fragment ${name} is used but defined nowhere`);
      seen.add(name);
      fragmentsUsed(fragment, fragments, seen);
    },
  });
  return seen;
}

/**
 * A manifest of the operations in `sources`: each operation's body is the operation printed
 * (graphql-js `print`, so formatting in the files does not matter) followed by the fragments it uses,
 * by name — the text a client sends, whose sha256 is its id. Names must be unique.
 */
export function buildManifest(sources: readonly string[]): PersistedQueryManifest {
  const documents = sources.map((source) => parse(source));
  const operations: OperationDefinitionNode[] = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of documents.flatMap((d) => d.definitions)) {
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
    else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      if (fragments.has(definition.name.value))
        throw new Error(`fragment ${definition.name.value} is defined twice`);
      fragments.set(definition.name.value, definition);
    }
  }
  const names = new Set<string>();
  const entries = operations.map((operation) => {
    const name = operation.name?.value;
    if (!name) throw new Error('every operation of the safelist needs a name');
    if (names.has(name)) throw new Error(`operation ${name} is defined twice`);
    names.add(name);
    const used = [...fragmentsUsed(operation, fragments)].sort();
    const body = [operation, ...used.map((f) => fragments.get(f)!)].map((d) => print(d)).join('\n\n');
    return { id: operationHash(body), name, type: operation.operation, body };
  });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  return { format: 'apollo-persisted-query-manifest', version: 1, operations: entries };
}

/** The manifest of every `.graphql` file in `dir`, as the committed file holds it. */
export function manifestOf(dir = OPERATIONS_DIR): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort();
  const manifest = buildManifest(files.map((f) => readFileSync(join(dir, f), 'utf8')));
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
