import type { mongo } from 'mongoose';
import type { Logger } from '@dangvien/logger';
import type { Component } from '@dangvien/runtime';
import type { TreeFact } from '../domain/facts';
import type { TreeDocument } from './tree-store';

/**
 * Which units each unit was merged or split into, in memory: what `successorsOf` answers the runtime
 * (an officer's scope follows their unit into its successors) synchronously, for every request. Small:
 * one entry per unit that was merged or split. Loaded at start from the tree records that have
 * successors (one indexed equality, `hasSuccessors`), kept current by the tree consumer from the facts
 * it applies, and reloaded every `refreshMs` for the reorganisations another replica consumed (the
 * consumer group shares the topic's partitions between replicas).
 */
export function createSuccessors(deps: { tree: mongo.Collection; refreshMs: number; logger: Logger }) {
  const { tree } = deps;
  let map = new Map<string, readonly string[]>();
  const add = (id: string, ids: readonly string[]) => {
    const known = map.get(id) ?? [];
    const missing = ids.filter((next) => next !== id && !known.includes(next));
    if (missing.length > 0) map.set(id, [...known, ...missing].sort());
  };

  async function load(): Promise<void> {
    const docs = (await tree
      .find({ hasSuccessors: true } as never, { projection: { successorIds: 1 } })
      .toArray()) as unknown as Pick<TreeDocument, '_id' | 'successorIds'>[];
    const loaded = new Map<string, readonly string[]>();
    for (const doc of docs) loaded.set(doc._id, [...(doc.successorIds ?? [])].sort());
    // What the consumer noted meanwhile stays: a union, whatever the order of the two.
    const noted = map;
    map = loaded;
    for (const [id, ids] of noted) add(id, ids);
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const component: Component = {
    async start() {
      timer = setInterval(() => {
        running ??= load()
          .catch((error: unknown) =>
            // The map only grows meanwhile; the next tick tries again.
            deps.logger.warn(
              { err: error instanceof Error ? error.message : String(error) },
              'successor map reload failed; retried next time',
            ),
          )
          .finally(() => (running = null));
      }, deps.refreshMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };

  return {
    /** The units `id` was merged or split into, directly (the runtime's Access takes the closure). */
    of: (id: string): readonly string[] => map.get(id) ?? [],
    load,
    /** Notes the successors a batch of tree facts names (idempotent: a union). */
    note(changes: readonly { id: string; fact: TreeFact }[]): void {
      for (const { id, fact } of changes) {
        if (fact.k === 'DISSOLVED') add(id, fact.successorIds);
        if (fact.k === 'SPLIT') add(id, fact.intoIds);
      }
    },
    component,
  };
}

export type Successors = ReturnType<typeof createSuccessors>;
