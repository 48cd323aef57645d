import type { mongo } from 'mongoose';

/** MongoDB's (and FerretDB's) error code for a unique-index violation. */
export const DUPLICATE_KEY = 11000;

/** FerretDB v1 reports a unique index violated by an update or an upsert as PostgreSQL's error. */
const POSTGRESQL_UNIQUE_VIOLATION = /duplicate key value violates unique constraint/;

type Failure = { code?: unknown; errmsg?: unknown; message?: unknown };
const isOne = (failure: Failure) =>
  failure.code === DUPLICATE_KEY ||
  POSTGRESQL_UNIQUE_VIOLATION.test(String(failure.errmsg ?? failure.message ?? ''));

/**
 * True when `error` is a unique-index violation, whichever way the driver reports it: a write error,
 * a bulk write error whose every failure is one, or a server error (code 11000, or FerretDB's
 * PostgreSQL message for an update).
 */
export function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { writeErrors } = error as { writeErrors?: unknown };
  // A bulk write reports one write error or a list; all of them must be duplicates.
  const failures = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  if (failures.length > 0) return failures.every((e) => isOne(e as Failure));
  return isOne(error as Failure);
}

type WriteError = { index?: number };

/**
 * Inserts documents that may exist already (keyed by `_id`), unordered: each new one is written,
 * and the `_id`s of those that were there are returned. An insert-only write: on FerretDB it does not
 * wait for the write gate that every update takes (infra/local/README.md).
 */
export async function insertNew(
  collection: mongo.Collection,
  documents: readonly mongo.Document[],
): Promise<Set<string>> {
  if (documents.length === 0) return new Set();
  try {
    await collection.insertMany(documents as mongo.OptionalId<mongo.Document>[], { ordered: false });
    return new Set();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    // The driver gives one write error or a list of them, each with the index of its document.
    const reported = (error as { writeErrors?: WriteError | WriteError[] }).writeErrors;
    const failed = Array.isArray(reported) ? reported : reported ? [reported] : [];
    return new Set(failed.map((e) => String(documents[e.index ?? 0]!._id)));
  }
}
