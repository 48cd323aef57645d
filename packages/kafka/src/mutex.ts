import { AsyncLocalStorage } from 'node:async_hooks';

/** Runs the work it is given one at a time, in order. */
export type Mutex = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * One writer at a time within a process, re-entrant: work that already holds the mutex (a command
 * whose store calls the outbox writer) runs at once instead of waiting for itself.
 *
 * Why: FerretDB v1 does not make a single-document update atomic against another update of the same
 * document: two version-guarded writers can both match, and a concurrent `$unset` can write back a
 * stale copy (infra/local/README.md has the measurements). MongoDB does not have this problem. A
 * service whose commands, outbox writes and relay clean-up share one mutex never updates a document
 * twice at once, which makes FerretDB safe for one replica (local development, tests).
 */
export function createMutex(): Mutex {
  const holding = new AsyncLocalStorage<true>();
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    if (holding.getStore()) return work();
    const held = () => holding.run(true, work);
    const run = tail.then(held, held);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** No serialisation: for engines that keep single-document updates atomic (MongoDB). */
export const noMutex: Mutex = (work) => work();
