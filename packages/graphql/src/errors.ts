import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';

/**
 * An expected failure, returned as data in a mutation payload (`{ field, code, message }`).
 * `code` is stable and machine-readable (it names the rule); `message` is for people;
 * `field` is the path of the input field at fault, when there is one.
 */
export interface UserError {
  code: string;
  message: string;
  field: string[] | null;
}

export function userError(code: string, message: string, field: string[] | null = null): UserError {
  return { code, message, field };
}

/**
 * Raised by domain code for a refused request; resolvers turn it into a `UserError` in the
 * payload (mutations) or a GraphQL error with `extensions.code = BAD_USER_INPUT` (queries).
 */
export class UserInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: string[] | null = null,
  ) {
    super(message);
    this.name = 'UserInputError';
  }

  toUserError(): UserError {
    return userError(this.code, this.message, this.field);
  }

  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, {
      extensions: { code: 'BAD_USER_INPUT', rule: this.code, field: this.field },
    });
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
] as const;

/**
 * One error shape for every server: a known `extensions.code` always; for anything unexpected the
 * message is replaced (it may carry internals) unless `development` is set; never a stack trace
 * outside development.
 */
export function createErrorFormatter(options: { development: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = (error as { originalError?: unknown } | null)?.originalError;
    if (original instanceof UserInputError) {
      // A refusal thrown by a query resolver (mutations return them as data instead).
      return {
        message: original.message,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: 'BAD_USER_INPUT', rule: original.code, field: original.field },
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
