import { localIdOf } from '@dangvien/graphql';
import type { Context } from '../context';
import type { AwarenessClassDocument } from '../model/schemas';
import { requireSubtreeReadable } from './access';
import { TYPES } from './ids';

/**
 * References to plans and classes (from `node`/`nodes` at the gateway): read in one batch per type
 * through the request's loaders, and checked as `admissionPlan` and `awarenessClass` are. A malformed
 * or unknown id is null, as those queries answer it.
 */
export const AdmissionPlanReference = {
  async __resolveReference(ref: { id: string }, ctx: Context) {
    const id = localIdOf(ref.id, TYPES.plan);
    const plan = id ? await ctx.loaders.plan.load(id) : null;
    if (!plan) return null;
    // A plan's figures (its children, their quotas) are views of its unit's subtree, as of today.
    const views = await ctx.reads.planViews(plan.organisationId, plan.year, ctx.today);
    const view = views.find((v) => v.plan.id === plan.id);
    return view ? { ...view, asOf: ctx.today, views } : null;
  },
};

export const AwarenessClassReference = {
  async __resolveReference(ref: { id: string }, ctx: Context): Promise<AwarenessClassDocument | null> {
    const id = localIdOf(ref.id, TYPES.awarenessClass);
    const found = id ? await ctx.loaders.awarenessClass.load(id) : null;
    if (found) await requireSubtreeReadable(ctx, found.organiserId);
    return found;
  },
};
