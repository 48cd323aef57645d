/** Runs the work it is given one at a time, in order. */
export type Mutex = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * One writer at a time within a process.
 *
 * Why: FerretDB v1 (SQLite storage) does not make a single-document update atomic against another
 * update of the same document: two version-guarded writers can both match, and a concurrent
 * `$unset` can write back a stale copy (measured: 8 of 20 rounds went wrong with four concurrent
 * updaters). MongoDB does not have this problem. A service that shares one mutex between its
 * command handlers and its outbox relay never updates a document twice at once, which makes
 * FerretDB safe for one replica (local development, tests).
 */
export function createMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}
