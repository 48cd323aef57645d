import { Kind } from 'graphql';
import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

type Fragments = Record<string, FragmentDefinitionNode>;

/** The fields a selection set asks for, through fragments and inline fragments, by name. */
function fieldsOf(set: SelectionSetNode | undefined, fragments: Fragments, into: FieldNode[] = []) {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) into.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fieldsOf(selection.selectionSet, fragments, into);
    else fieldsOf(fragments[selection.name.value]?.selectionSet, fragments, into);
  }
  return into;
}

/**
 * The names of the fields a connection field's caller asks of its nodes (under `nodes` and under
 * `edges { node }`), whatever aliases, fragments or `@include`/`@skip` say: a field under a
 * directive counts as asked, so the set is never smaller than what is resolved.
 */
export function nodeFieldsAsked(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Set<string> {
  const asked = new Set<string>();
  for (const connection of info.fieldNodes) {
    for (const field of fieldsOf(connection.selectionSet, info.fragments)) {
      const nodes =
        field.name.value === 'nodes'
          ? [field]
          : field.name.value === 'edges'
            ? fieldsOf(field.selectionSet, info.fragments).filter((f) => f.name.value === 'node')
            : [];
      for (const node of nodes) {
        for (const f of fieldsOf(node.selectionSet, info.fragments)) asked.add(f.name.value);
      }
    }
  }
  return asked;
}
