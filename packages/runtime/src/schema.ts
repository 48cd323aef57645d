import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import type { DocumentNode } from 'graphql';

/** A service's SDL file, parsed (it sits next to the compiled code: `loadTypeDefs(__dirname)`). */
export function loadTypeDefs(directory: string, file = 'schema.graphql'): DocumentNode {
  return parse(readFileSync(`${directory}/${file}`, 'utf8'));
}
