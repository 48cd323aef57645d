/**
 * Label values for operations. Clients name their operations freely, and every distinct label value
 * is a time series Prometheus keeps, so the names are bounded: characters outside GraphQL names
 * replaced, long names cut, and past a number of distinct names every new one counted as `other`.
 */
export const ANONYMOUS_OPERATION = 'anonymous';
/** The request never got as far as an operation (unparseable, or refused before it). */
export const UNKNOWN_OPERATION = 'unknown';
/** A name seen after the cap on distinct names was reached. */
export const OTHER_OPERATION = 'other';

export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';
export type OperationOutcome = 'success' | 'partial' | 'error';

export interface OperationLabelLimits {
  /** Longest name kept (longer ones are cut). */
  maxLength?: number;
  /** Distinct names labelled as themselves; later ones are `other`. */
  maxNames?: number;
}

export type OperationLabeller = (name: string | null | undefined, resolved: boolean) => string;

/** A labeller with its own set of names seen: one per registry, so each process caps its own. */
export function createOperationLabeller(limits: OperationLabelLimits = {}): OperationLabeller {
  const maxLength = limits.maxLength ?? 64;
  const maxNames = limits.maxNames ?? 200;
  const seen = new Set<string>();
  return (name, resolved) => {
    if (!resolved) return UNKNOWN_OPERATION;
    if (name === null || name === undefined || name === '') return ANONYMOUS_OPERATION;
    const label = name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, maxLength);
    if (seen.has(label)) return label;
    if (seen.size >= maxNames) return OTHER_OPERATION;
    seen.add(label);
    return label;
  };
}

/** The operation's type as a label; anything unexpected is `unknown`. */
export function operationTypeLabel(operation: string | undefined): OperationType {
  return operation === 'query' || operation === 'mutation' || operation === 'subscription'
    ? operation
    : 'unknown';
}

/** `partial`: data with errors (a subgraph failed its part); `error`: errors and no data. */
export function operationOutcome(result: { data?: unknown; errors?: readonly unknown[] }): OperationOutcome {
  if (!result.errors || result.errors.length === 0) return 'success';
  return result.data !== undefined && result.data !== null ? 'partial' : 'error';
}
