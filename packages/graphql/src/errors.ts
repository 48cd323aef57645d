import { Refusal } from '@dangvien/domain';
import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';

/**
 * An expected failure, returned as data in a mutation payload (`{ field, code, message }`).
 * `code` is stable and machine-readable (it names the rule); `message` is for people;
 * `field` is the path of the input field at fault, when there is one; `legalReference` cites the
 * regulation behind the rule, when there is one.
 */
export interface UserError {
  code: string;
  message: string;
  field: string[] | null;
  legalReference: string | null;
}

export function userError(
  code: string,
  message: string,
  field: readonly string[] | null = null,
  legalReference: string | null = null,
): UserError {
  return { code, message, field: field ? [...field] : null, legalReference };
}

/** The payload entry for a refusal of the rules (see `Refusal` in @dangvien/domain). */
export function toUserError(refusal: Refusal): UserError {
  return userError(refusal.code, refusal.message, refusal.field, refusal.legalReference);
}

/** A refusal thrown by a query resolver, as the GraphQL error clients see. */
export function toGraphQLError(refusal: Refusal): GraphQLError {
  return new GraphQLError(refusal.message, {
    extensions: {
      code: 'BAD_USER_INPUT',
      rule: refusal.code,
      field: refusal.field,
      ...(refusal.legalReference ? { legalReference: refusal.legalReference } : {}),
    },
  });
}

/**
 * Runs a mutation's command and shapes its payload: a refusal becomes `userErrors` next to the
 * `empty` fields (nothing was written); anything else is unexpected and surfaces as a GraphQL error.
 * A result may hold `userErrors` of its own (a command that did part of its work says so).
 */
export async function mutationPayload(
  run: () => Promise<Record<string, unknown>>,
  empty: Record<string, unknown>,
): Promise<Record<string, unknown> & { userErrors: UserError[] }> {
  try {
    return { userErrors: [], ...(await run()) };
  } catch (error) {
    if (error instanceof Refusal) return { ...empty, userErrors: [toUserError(error)] };
    throw error;
  }
}

/** Codes clients may rely on in `extensions.code`. */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INTERNAL_SERVER_ERROR',
  // The gateway's refusals and its answers for subgraphs that failed their part.
  'RATE_LIMITED',
  'PERSISTED_QUERY_HASH_MISMATCH',
  'OPERATION_NOT_IN_SAFELIST',
  'GATEWAY_TIMEOUT',
  'SUBGRAPH_TIMEOUT',
  'SUBGRAPH_UNAVAILABLE',
] as const;

/**
 * One error shape for every server: a known `extensions.code` always; for anything unexpected the
 * message is replaced (it may carry internals) unless `development` is set; never a stack trace
 * outside development.
 */
export function createErrorFormatter(options: { development: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = (error as { originalError?: unknown } | null)?.originalError;
    if (original instanceof Refusal) {
      // A refusal thrown by a query resolver (mutations return them as data instead).
      return {
        message: original.message,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { ...toGraphQLError(original).extensions },
      };
    }
    const extensions = { ...formatted.extensions };
    const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
    const known = (ERROR_CODES as readonly string[]).includes(code);
    if (!options.development) delete extensions.stacktrace;
    if (!known || code === 'INTERNAL_SERVER_ERROR') {
      return {
        message: options.development ? formatted.message : 'Internal server error',
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { ...(options.development ? extensions : {}), code: 'INTERNAL_SERVER_ERROR' },
      };
    }
    return { ...formatted, extensions: { ...extensions, code } };
  };
}
