import type { Changelog } from './changelog';

/**
 * Keeps an in-memory copy of a projection current across replicas: `refresh()` reads the
 * projection's change counter (one small read) and, when it moved, reloads only the ids changed
 * since (or everything, when the change ring has moved on). Concurrent callers share one refresh.
 */
export function createRefresher(options: {
  changelog: Changelog;
  loadAll(): Promise<void>;
  loadIds(ids: string[]): Promise<void>;
}) {
  let seq = 0;
  let running: Promise<void> | null = null;

  async function run(): Promise<void> {
    const current = await options.changelog.current();
    if (current <= seq) return;
    const changed = await options.changelog.changedSince(seq, current);
    if (changed === null) {
      await options.loadAll();
      seq = current;
      return;
    }
    if (changed.ids.length > 0) await options.loadIds(changed.ids);
    seq = changed.reached;
  }

  return {
    /** Loads everything, noting the change counter first (what changes meanwhile is picked up next time). */
    async load(): Promise<void> {
      seq = await options.changelog.current();
      await options.loadAll();
    },
    refresh(): Promise<void> {
      running ??= run().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
