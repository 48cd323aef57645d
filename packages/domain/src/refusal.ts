/**
 * A request the rules refuse: expected, explained, and nothing was written. Domain code throws it;
 * the GraphQL layer turns it into a `userErrors` entry of a mutation payload, or a `BAD_USER_INPUT`
 * error for a query. It carries no GraphQL type, so domain code depends on nothing but this package.
 */
export class Refusal extends Error {
  constructor(
    /** Stable, machine-readable: it names the rule (`MOVE_WOULD_CREATE_CYCLE`). */
    readonly code: string,
    message: string,
    /** Path of the input field at fault, when there is one. */
    readonly field: readonly string[] | null = null,
    /** The regulation that makes the rule (`QĐ 294-QĐ/TW (2025), art. 3`), when it comes from one. */
    readonly legalReference: string | null = null,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

export function isRefusal(error: unknown): error is Refusal {
  return error instanceof Refusal;
}
