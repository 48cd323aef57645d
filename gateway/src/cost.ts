import { getNamedType, getNullableType, isInterfaceType, isListType, isObjectType, Kind } from 'graphql';
import type {
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  FieldNode,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from 'graphql';

/**
 * What an operation may cost: every field costs 1, times the number of objects it is asked on — the
 * list sizes above it multiply (`members(first: 100) { introducers { … } }` is 100 × the
 * introducers). A list's size is its `first`/`last` argument (a literal, the variable's default, or
 * the page-size maximum when the variable is unknown while validating), the argument's default in the
 * schema, the number of `ids` given (`nodes(ids:)`; the page-size maximum for a variable), or
 * `assumedListSize` for plain lists without one.
 */
export interface CostOptions {
  /** The largest page a client may ask for: the size assumed for a page size given by a variable. */
  maxPageSize: number;
  /** The size assumed for a list field that takes no page size. */
  assumedListSize: number;
}

const PAGE_ARGUMENTS = ['first', 'last'];
/** Lists fetched by the ids given (`nodes(ids:)`): as long as the list of ids. */
const ID_LIST_ARGUMENTS = ['ids'];
/** A connection's lists: as long as the page its field was asked for. */
const PAGE_CONTENTS = ['nodes', 'edges'];

function intOf(value: ValueNode | undefined, operation: OperationDefinitionNode, fallback: number): number {
  if (!value) return fallback;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const declared = operation.variableDefinitions?.find((v) => v.variable.name.value === value.name.value);
    return declared?.defaultValue?.kind === Kind.INT ? Number(declared.defaultValue.value) : fallback;
  }
  return fallback;
}

function idListSize(value: ValueNode, operation: OperationDefinitionNode, fallback: number): number {
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const declared = operation.variableDefinitions?.find((v) => v.variable.name.value === value.name.value);
    return declared?.defaultValue?.kind === Kind.LIST ? declared.defaultValue.values.length : fallback;
  }
  return fallback;
}

function listSize(
  node: FieldNode,
  field: GraphQLField<unknown, unknown>,
  operation: OperationDefinitionNode,
  options: CostOptions,
): number {
  for (const name of PAGE_ARGUMENTS) {
    const declared = field.args.find((a) => a.name === name);
    if (!declared) continue;
    const given = node.arguments?.find((a) => a.name.value === name);
    if (given) return intOf(given.value, operation, options.maxPageSize);
    if (typeof declared.defaultValue === 'number') return declared.defaultValue;
    return options.maxPageSize;
  }
  for (const name of ID_LIST_ARGUMENTS) {
    if (!field.args.some((a) => a.name === name)) continue;
    const given = node.arguments?.find((a) => a.name.value === name);
    return given ? idListSize(given.value, operation, options.maxPageSize) : options.maxPageSize;
  }
  return isListType(getNullableType(field.type)) ? options.assumedListSize : 1;
}

/** The cost of an operation (fragments followed; a fragment already on the path adds nothing). */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  options: CostOptions,
): number {
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  // `paged`: the field above took a page size, so its connection's `nodes`/`edges` are that page.
  const costOf = (
    set: SelectionSetNode,
    type: GraphQLNamedType | null | undefined,
    path: Set<string>,
    paged = false,
  ): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        // Objects and interfaces have fields; a union's come from its inline fragments.
        const field =
          isObjectType(type) || isInterfaceType(type) ? type.getFields()[selection.name.value] : undefined;
        if (!field) continue; // an unknown field: the standard rules report it
        const takesPage = field.args.some((a) => PAGE_ARGUMENTS.includes(a.name));
        const below = selection.selectionSet
          ? costOf(selection.selectionSet, getNamedType(field.type), path, takesPage)
          : 0;
        const size =
          paged && PAGE_CONTENTS.includes(selection.name.value)
            ? 1
            : listSize(selection, field, operation, options);
        cost += 1 + size * below;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        cost += costOf(selection.selectionSet, on, path, paged);
      } else {
        const fragment = fragments[selection.name.value];
        if (!fragment || path.has(fragment.name.value)) continue;
        path.add(fragment.name.value);
        const on = schema.getType(fragment.typeCondition.name.value);
        cost += costOf(fragment.selectionSet, on, path, paged);
        path.delete(fragment.name.value);
      }
    }
    return cost;
  };
  return costOf(operation.selectionSet, root, new Set());
}
