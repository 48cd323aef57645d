import { GraphQLError, Kind } from 'graphql';
import { MAX_PAGE_SIZE } from '@dangvien/graphql';
import { operationCost } from './cost';
import type {
  ASTVisitor,
  FragmentDefinitionNode,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
} from 'graphql';

/** The operation limits the gateway enforces while validating, before any query plan is made. */
export interface OperationLimits {
  /** Deepest nesting of fields (introspection fields `__*` not counted). */
  maxDepth: number;
  /** Aliased fields in one document. */
  maxAliases: number;
  /** Fields at the root of one operation. */
  maxRootFields: number;
  /** The cost of one operation: fields times the list sizes above them (cost.ts). */
  maxCost: number;
  /** The size assumed for a list field without a page size. */
  assumedListSize?: number;
}

export type LimitReason =
  'MAX_DEPTH_EXCEEDED' | 'MAX_ALIASES_EXCEEDED' | 'MAX_ROOT_FIELDS_EXCEEDED' | 'MAX_COST_EXCEEDED';

function limitError(reason: LimitReason, message: string, limit: number, actual: number): GraphQLError {
  // Apollo Server keeps the extensions and sets code GRAPHQL_VALIDATION_FAILED (HTTP 400).
  return new GraphQLError(message, { extensions: { reason, limit, actual } });
}

/** The depth of a selection set, fragments followed (a fragment seen again on the path adds nothing). */
function depthOf(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  path: Set<string>,
): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const below = selection.selectionSet ? depthOf(selection.selectionSet, fragments, path) : 0;
      deepest = Math.max(deepest, 1 + below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, path));
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (!fragment || path.has(name)) continue;
      path.add(name);
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, path));
      path.delete(name);
    }
  }
  return deepest;
}

/** The fields at the root of an operation, fragments spread at the root included. */
function rootFieldCount(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  path: Set<string>,
): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count += selection.name.value.startsWith('__') ? 0 : 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += rootFieldCount(selection.selectionSet, fragments, path);
    } else {
      const fragment = fragments[selection.name.value];
      if (!fragment || path.has(selection.name.value)) continue;
      path.add(selection.name.value);
      count += rootFieldCount(fragment.selectionSet, fragments, path);
      path.delete(selection.name.value);
    }
  }
  return count;
}

/** Validation rules for the limits: each reports once per document, naming the limit it broke. */
export function limitRules(limits: OperationLimits) {
  const operationRule = (context: ValidationContext): ASTVisitor => {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    return {
      OperationDefinition(operation: OperationDefinitionNode) {
        const depth = depthOf(operation.selectionSet, fragments, new Set());
        if (depth > limits.maxDepth) {
          context.reportError(
            limitError(
              'MAX_DEPTH_EXCEEDED',
              `The operation is ${depth} levels deep; at most ${limits.maxDepth} are accepted`,
              limits.maxDepth,
              depth,
            ),
          );
        }
        const roots = rootFieldCount(operation.selectionSet, fragments, new Set());
        if (roots > limits.maxRootFields) {
          context.reportError(
            limitError(
              'MAX_ROOT_FIELDS_EXCEEDED',
              `The operation asks for ${roots} root fields; at most ${limits.maxRootFields} are accepted`,
              limits.maxRootFields,
              roots,
            ),
          );
        }
        const cost = operationCost(context.getSchema(), operation, fragments, {
          maxPageSize: MAX_PAGE_SIZE,
          assumedListSize: limits.assumedListSize ?? 10,
        });
        if (cost > limits.maxCost) {
          context.reportError(
            limitError(
              'MAX_COST_EXCEEDED',
              `The operation costs ${cost} (fields times the list sizes above them); at most ${limits.maxCost} is accepted`,
              limits.maxCost,
              cost,
            ),
          );
        }
        return false;
      },
    };
  };
  const aliasRule = (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases += 1;
      },
      Document: {
        leave() {
          if (aliases > limits.maxAliases) {
            context.reportError(
              limitError(
                'MAX_ALIASES_EXCEEDED',
                `The document has ${aliases} aliases; at most ${limits.maxAliases} are accepted`,
                limits.maxAliases,
                aliases,
              ),
            );
          }
        },
      },
    };
  };
  return [operationRule, aliasRule];
}
