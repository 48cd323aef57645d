/** MongoDB's (and FerretDB's) error code for a unique-index violation. */
export const DUPLICATE_KEY = 11000;

/**
 * True when `error` is a unique-index violation, whichever way the driver reports it: a write error,
 * a bulk write error whose every failure is one, or a server error.
 */
export function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, writeErrors } = error as { code?: unknown; writeErrors?: unknown };
  // A bulk write reports one write error or a list; all of them must be duplicates.
  const failures = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  if (failures.length > 0) return failures.every((e) => (e as { code?: unknown }).code === DUPLICATE_KEY);
  return code === DUPLICATE_KEY;
}
