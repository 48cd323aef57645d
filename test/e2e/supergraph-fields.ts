import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isLeafType, isObjectType } from 'graphql';
import type { GraphQLObjectType } from 'graphql';
import { SUPERGRAPH_PATH } from '@dangvien/gateway';

// The supergraph's own fields, read from the committed SDL, so that walks ask for every field a type
// has (a field added later is walked without touching the test).

const SUPERGRAPH = buildSchema(readFileSync(SUPERGRAPH_PATH, 'utf8'), { assumeValid: true });

/** The fields of a type a query can ask without arguments: leaves, and one leaf of each object. */
export function selection(typeName: string): string {
  const type = SUPERGRAPH.getType(typeName) as GraphQLObjectType;
  return Object.values(type.getFields())
    .filter((field) =>
      field.args.every((a) => a.defaultValue !== undefined || !a.type.toString().endsWith('!')),
    )
    .map((field) => {
      const named = getNamedType(field.type);
      if (isLeafType(named)) return field.name;
      if (!isObjectType(named)) return `${field.name} { __typename }`;
      const leaf = Object.values(named.getFields()).find(
        (f) => f.args.length === 0 && isLeafType(getNamedType(f.type)),
      );
      return `${field.name} { ${leaf ? leaf.name : '__typename'} }`;
    })
    .join(' ');
}

/** The fields the supergraph marks `@sensitive` on a type. */
export function sensitiveFields(typeName: string): string[] {
  const type = SUPERGRAPH.getType(typeName) as GraphQLObjectType;
  return Object.values(type.getFields())
    .filter((field) => field.astNode?.directives?.some((d) => d.name.value === 'sensitive'))
    .map((field) => field.name);
}
