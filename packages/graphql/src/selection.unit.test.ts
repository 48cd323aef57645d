import { Kind, parse } from 'graphql';
import type { FieldNode, FragmentDefinitionNode, OperationDefinitionNode } from 'graphql';
import { nodeFieldsAsked } from './selection';

/** The resolve info of the operation's first root field, as graphql-js gives it. */
function infoOf(text: string) {
  const document = parse(text);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
}

describe('nodeFieldsAsked', () => {
  it('reads the fields under nodes and under edges { node }, aliases by their field name', () => {
    const info = infoOf(`{ members(first: 5) {
      nodes { id name: fullName }
      edges { cursor node { sex } }
      pageInfo { hasNextPage }
    } }`);
    expect([...nodeFieldsAsked(info)].sort()).toEqual(['fullName', 'id', 'sex']);
  });

  it('follows fragments and inline fragments, and counts fields under @skip or @include', () => {
    const info = infoOf(`
      query ($full: Boolean!) { members { ...Page } }
      fragment Page on MemberConnection {
        nodes { ... on Member { id } ...More }
        edges { node { religion @include(if: $full) } }
      }
      fragment More on Member { organisation { id } }`);
    expect([...nodeFieldsAsked(info)].sort()).toEqual(['id', 'organisation', 'religion']);
  });

  it('is empty when no node is asked for', () => {
    expect(nodeFieldsAsked(infoOf('{ members { pageInfo { hasNextPage } } }')).size).toBe(0);
  });
});
