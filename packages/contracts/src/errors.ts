/**
 * Thrown when a record or an event does not honour the contract: a missing or malformed CloudEvents
 * header, an unknown type, a value that is not JSON, or data failing its JSON Schema.
 *
 * Consumers treat it as permanent: retrying cannot fix the bytes, so the record goes to the dead-letter
 * topic with `reason` as its `dlt_error` header.
 */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';

  constructor(
    /** One sentence saying what is wrong, e.g. `unknown event type "x.y.v1"`. */
    readonly reason: string,
    /** Individual JSON Schema violations when the data failed validation; empty otherwise. */
    readonly errors: readonly string[] = [],
  ) {
    super(errors.length > 0 ? `Invalid event: ${reason}: ${errors.join('; ')}` : `Invalid event: ${reason}`);
  }
}
