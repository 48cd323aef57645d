import { createEvent, EVENT_TYPES } from '@dangvien/contracts';
import { eventIdentity, todayInVietnam } from '@dangvien/domain';
import type { Stamp } from '@dangvien/domain';
import { decideSetPlan } from '../domain/plans';
import type { Plan, SetPlanInput } from '../domain/plans';
import type { Reads } from '../reads';
import type { WriteSide } from './write-side';

/** Setting and revising plans; publishing their progress when admissions change it. */
export function createPlanCommands(side: WriteSide, reads: Reads) {
  const { repository } = side;

  /** Publishes AdmissionPlanProgressChanged for each plan whose counts differ from those last published. */
  async function publishProgress(plans: readonly Plan[], stamp: Stamp): Promise<number> {
    if (plans.length === 0) return 0;
    const asOf = todayInVietnam(stamp.time);
    const published = await repository.publishedProgress(plans.map((p) => p.id));
    let changed = 0;
    for (const plan of plans) {
      const progress = await reads.progressOf(plan, asOf);
      const counts = JSON.stringify({
        quota: progress.quota,
        admitted: progress.admitted,
        byCategory: progress.byCategory,
      });
      if (published.get(plan.id) === counts) continue;
      const node = await repository.organisation(plan.organisationId);
      const event = createEvent(
        EVENT_TYPES.AdmissionPlanProgressChanged,
        plan.id,
        plan.version + 1,
        {
          planId: plan.id,
          organisationId: plan.organisationId,
          year: plan.year,
          quota: progress.quota,
          admitted: progress.admitted,
          byCategory: progress.byCategory,
          asOf,
        },
        eventIdentity(stamp),
      );
      await repository.writePlan(
        { plan: { ...plan, version: plan.version + 1 }, expectedVersion: plan.version, events: [event] },
        node?.ancestorIds ?? [plan.organisationId],
        stamp.time,
        counts,
      );
      changed += 1;
    }
    return changed;
  }

  return {
    setAdmissionPlan(input: SetPlanInput) {
      return side.command(async (ctx) => {
        const unit = await side.organisation(input.organisationId, ['organisationId']);
        await side.organisation(input.setByOrganisationId, ['setByOrganisationId']);
        const existing = await repository.planFor(input.organisationId, input.year);
        const change = decideSetPlan(
          existing,
          input,
          unit.ancestorIds.filter((id) => id !== unit._id),
          ctx.stamp,
        );
        await repository.writePlan(change, unit.ancestorIds, ctx.stamp.time);
        return change.plan;
      });
    },

    /** The plans above a cell for a year, brought up to date (after an admission decision). */
    async refreshProgress(ancestorIds: readonly string[], year: number): Promise<number> {
      return side.exclusive(async () =>
        publishProgress(await repository.plansAbove(ancestorIds, year), side.stamp()),
      );
    },

    /** Every plan of a year under `rootId`. */
    async refreshProgressUnder(rootId: string, year: number): Promise<number> {
      return side.exclusive(async () =>
        publishProgress(await repository.plansUnder(rootId, year), side.stamp()),
      );
    },
  };
}

export type PlanCommands = ReturnType<typeof createPlanCommands>;
