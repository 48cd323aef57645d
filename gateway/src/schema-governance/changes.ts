import { Supergraph } from '@apollo/federation-internals';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { findBreakingChanges, findDangerousChanges, parse } from 'graphql';
import type { GraphQLSchema } from 'graphql';

/** One difference between a released schema and the current one, as graphql-js names it. */
export interface SchemaChange {
  /** `supergraph` (the API schema clients see) or a subgraph's name. */
  schema: string;
  /** graphql-js's change type (`FIELD_REMOVED`, `ARG_CHANGED_KIND`, …) or `SUBGRAPH_REMOVED`. */
  type: string;
  /** graphql-js's sentence, which names the path: `Organisation.code was removed.` */
  change: string;
}

export interface SchemaComparison {
  /** Changes that break a client (or, for a subgraph, the gateway or another subgraph). */
  breaking: SchemaChange[];
  /** Changes that may surprise a client (an enum value, an optional argument's default). */
  dangerous: SchemaChange[];
}

/**
 * The schema a subgraph serves, built from its SDL the way the service builds it (federation
 * directives, `_entities`, `_service`), so the comparison sees entity and directive changes too.
 */
export function subgraphSchema(sdl: string): GraphQLSchema {
  return buildSubgraphSchema(parse(sdl));
}

/**
 * The API schema of a supergraph: what clients see through the gateway, without the join
 * machinery nor `@inaccessible` parts. The released baseline stores it printed.
 */
export function apiSchema(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** What changed from `released` to `current`, breaking and dangerous, in graphql-js's words. */
export function compareSchemas(
  schema: string,
  released: GraphQLSchema,
  current: GraphQLSchema,
): SchemaComparison {
  return {
    breaking: findBreakingChanges(released, current).map((c) => ({
      schema,
      type: c.type,
      change: c.description,
    })),
    dangerous: findDangerousChanges(released, current).map((c) => ({
      schema,
      type: c.type,
      change: c.description,
    })),
  };
}
