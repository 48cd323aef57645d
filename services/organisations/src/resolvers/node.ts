import { isObjectType } from 'graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Refusal } from '@dangvien/domain';
import { fromGlobalId, MAX_PAGE_SIZE } from '@dangvien/graphql';
import type { Context } from '../context';
import { LOCALITY_TYPE, ORGANISATION_TYPE } from './ids';

/**
 * `node`/`nodes` for the whole supergraph. This subgraph declares `Node` as an entity interface with
 * every implementation: its own types are read here (organisations through the request's loader,
 * localities from the tree index); any other is returned as a reference (`__typename`, `id`) that the
 * gateway resolves in the owning subgraph's `_entities` — one call per subgraph for all the ids of a
 * request, batched there by its loaders, and answered only within the caller's scope as its other
 * entry points are. A reference's fields come from its owner, so an unknown id of another subgraph's
 * type is null as soon as one of its non-null fields is asked for.
 */
export function resolveNode(id: string, context: Context, info: GraphQLResolveInfo): unknown {
  const decoded = fromGlobalId(id);
  if (!decoded) return null;
  if (decoded.type === ORGANISATION_TYPE) return context.loaders.organisation.load(decoded.id);
  if (decoded.type === LOCALITY_TYPE) return context.index.locality(decoded.id, context.today);
  const type = info.schema.getType(decoded.type);
  if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) return null;
  return { __typename: type.name, id };
}

/** Global ids of another subgraph's type arrive as references; the rest are this subgraph's views. */
function typeOf(value: { __typename?: string; record?: object }): string {
  if (value.__typename) return value.__typename;
  // Only localities have heads.
  return value.record && 'heads' in value.record ? LOCALITY_TYPE : ORGANISATION_TYPE;
}

export const Node = {
  __resolveType: typeOf,
  // The gateway asks for a `Node` by reference only when a subgraph returns one by its interface.
  __resolveReference: (reference: { id: string }, context: Context, info: GraphQLResolveInfo) =>
    resolveNode(reference.id, context, info),
};

export const nodeQueries = {
  node: (_: unknown, args: { id: string }, context: Context, info: GraphQLResolveInfo) =>
    resolveNode(args.id, context, info),
  nodes: (_: unknown, args: { ids: string[] }, context: Context, info: GraphQLResolveInfo) => {
    // The page-size limit of every list: a longer list is the client's to split.
    if (args.ids.length > MAX_PAGE_SIZE) {
      throw new Refusal('TOO_MANY_IDS', `nodes takes at most ${MAX_PAGE_SIZE} ids`, ['ids']);
    }
    return args.ids.map((id) => resolveNode(id, context, info));
  },
};
