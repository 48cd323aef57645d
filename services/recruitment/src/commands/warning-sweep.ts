import { createEvent, EVENT_TYPES } from '@dangvien/contracts';
import type { EventEnvelope } from '@dangvien/contracts';
import { eventIdentity, todayInVietnam } from '@dangvien/domain';
import type { Stamp } from '@dangvien/domain';
import type { Mutex, OutboxWriter } from '@dangvien/kafka';
import type { Logger } from '@dangvien/logger';
import type { mongo } from 'mongoose';
import type { Warning } from '../domain/warnings';
import type { Repository } from '../model/repository';
import type { WarningDocument } from '../model/schemas';
import type { Reads } from '../reads';
import type { PlanCommands } from './plans';

/**
 * Finds the warnings that hold today under every root of the tree and publishes what changed: a
 * warning found that was not active is raised, an active one no longer found is cleared. Runs every
 * `intervalMs` (time passing makes deadlines come and go) and, debounced, after each command.
 */
export function createWarningSweep(deps: {
  repository: Repository;
  reads: Reads;
  plans: PlanCommands;
  outbox: OutboxWriter;
  exclusive: Mutex;
  stamp: () => Stamp;
  logger: Logger;
  intervalMs: number;
}) {
  const collection = deps.repository.collections.warnings as mongo.Collection;
  let timer: NodeJS.Timeout | null = null;
  let debounce: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let again = false;
  let stopped = true;

  function event(stamp: Stamp, w: Warning, version: number, raise: boolean, asOf: string): EventEnvelope {
    return raise
      ? createEvent(
          EVENT_TYPES.RecruitmentWarningRaised,
          w.id,
          version,
          {
            warningId: w.id,
            code: w.code,
            organisationId: w.organisationId,
            subjectKind: w.subjectKind,
            subjectId: w.subjectId,
            rule: w.rule,
            legalReference: w.legalReference,
            message: w.message,
            asOf,
            dueOn: w.dueOn,
          },
          eventIdentity(stamp),
        )
      : createEvent(
          EVENT_TYPES.RecruitmentWarningCleared,
          w.id,
          version,
          { warningId: w.id, code: w.code, organisationId: w.organisationId, subjectId: w.subjectId, asOf },
          eventIdentity(stamp),
        );
  }

  /** One sweep: returns how many warnings were raised and cleared. */
  async function sweep(): Promise<{ raised: number; cleared: number }> {
    const stamp = deps.stamp();
    const asOf = todayInVietnam(stamp.time);
    const roots = await deps.repository.roots();
    await Promise.all(roots.map((r) => deps.plans.refreshProgressUnder(r._id, Number(asOf.slice(0, 4)))));
    const found = new Map<string, Warning>();
    for (const root of roots) for (const w of await deps.reads.warnings(root._id, asOf)) found.set(w.id, w);
    return deps.exclusive(async () => {
      const active = (await collection
        .find({ active: true } as never, { projection: { outbox: 0 } })
        .toArray()) as unknown as WarningDocument[];
      const activeIds = new Set(active.map((d) => d._id));
      let raised = 0;
      let cleared = 0;
      for (const doc of active) {
        if (found.has(doc._id)) continue;
        await deps.outbox.update(
          collection,
          { _id: doc._id, version: doc.version },
          { $set: { active: false, clearedOn: asOf, version: doc.version + 1, updatedAt: stamp.time } },
          [event(stamp, doc.warning, doc.version + 1, false, asOf)],
        );
        cleared += 1;
      }
      const newIds = [...found.keys()].filter((id) => !activeIds.has(id));
      const known = new Map((await deps.repository.warningsByIds(newIds)).map((d) => [d._id, d]));
      for (const id of newIds) {
        const w = found.get(id)!;
        const previous = known.get(id);
        if (previous) {
          await deps.outbox.update(
            collection,
            { _id: id, version: previous.version },
            {
              $set: {
                active: true,
                warning: w,
                raisedOn: asOf,
                clearedOn: null,
                version: previous.version + 1,
                updatedAt: stamp.time,
              },
            },
            [event(stamp, w, previous.version + 1, true, asOf)],
          );
        } else {
          await deps.outbox.insert(
            collection,
            {
              _id: id,
              active: true,
              organisationId: w.organisationId,
              warning: w,
              raisedOn: asOf,
              clearedOn: null,
              version: 1,
              updatedAt: stamp.time,
            },
            [event(stamp, w, 1, true, asOf)],
          );
        }
        raised += 1;
      }
      return { raised, cleared };
    });
  }

  async function run(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = sweep()
      .then((result) => {
        if (result.raised + result.cleared > 0) deps.logger.info(result, 'recruitment warnings changed');
      })
      .catch((error: unknown) =>
        deps.logger.warn({ err: error }, 'warning sweep failed; retried at the next one'),
      )
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void run();
        }
      });
    await running;
  }

  return {
    sweep,
    /** Resolves once no sweep is scheduled or running (tests compare the database at rest). */
    async settle(): Promise<void> {
      while (debounce || running) {
        if (running) await running;
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    /** A command changed something: sweep soon (coalesced). */
    schedule() {
      if (stopped || debounce) return;
      debounce = setTimeout(() => {
        debounce = null;
        void run();
      }, 200);
    },
    async start() {
      stopped = false;
      timer = setInterval(() => void run(), deps.intervalMs);
      void run();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (debounce) clearTimeout(debounce);
      timer = null;
      debounce = null;
      await running;
    },
  };
}

export type WarningSweep = ReturnType<typeof createWarningSweep>;
