import type { CandidateStage, WarningCode } from '@dangvien/contracts';
import { isRefusal, Refusal } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import { buildConnection, decodeCursor, pageSize, toGraphQLError } from '@dangvien/graphql';
import type { PageArgs } from '@dangvien/graphql';
import type { Context } from '../context';
import { deadlinesOf, deadlineStatus } from '../domain/deadlines';
import type { DeadlineStatus } from '../domain/deadlines';
import { RULES } from '../domain/rules';
import { day, dayOrNull } from './convert';
import { requireSubtreeReadable, visibleCandidate } from './access';
import { localId, TYPES } from './ids';
import { DEADLINE_ORDER, pageOfList, PLAN_ORDER, WARNING_ORDER } from './pages';

/** Query resolvers refuse with BAD_USER_INPUT naming the rule. */
export function refusing<A extends unknown[], R>(resolve: (...args: A) => Promise<R> | R) {
  return async (...args: A): Promise<R> => {
    try {
      return await resolve(...args);
    } catch (error) {
      if (isRefusal(error)) throw toGraphQLError(error);
      throw error;
    }
  };
}

const organisationId = (value: string, field = 'under') => localId(value, TYPES.organisation, [field]);
const asOfOr = (ctx: Context, asOf?: Date | null): CalendarDate => dayOrNull(asOf) ?? ctx.today;

export const Query = {
  candidate: refusing(async (_: unknown, { id }: { id: string }, ctx: Context) =>
    visibleCandidate(ctx, await ctx.loaders.candidate.load(localId(id, TYPES.candidate, ['id']))),
  ),

  candidates: refusing(
    async (
      _: unknown,
      args: {
        under: string;
        stage?: CandidateStage | null;
        year?: number | null;
        first?: number | null;
        after?: string | null;
      },
      ctx: Context,
    ) => {
      const limit = pageSize(args);
      const after = args.after ? decodeCursor<unknown>(args.after) : null;
      if (after !== null && typeof after !== 'string') {
        throw new Refusal('INVALID_CURSOR', 'This cursor was not issued for this list', ['after']);
      }
      await requireSubtreeReadable(ctx, organisationId(args.under));
      // Sorted by id: a stable order the cursor resumes from; the subtree read is one indexed equality.
      const all = (await ctx.repository.candidatesUnder(organisationId(args.under), args.year ?? null))
        .filter((c) => !args.stage || c.stage === args.stage)
        .sort((a, b) => a.id.localeCompare(b.id));
      const start = after === null ? 0 : all.findIndex((c) => c.id > after);
      const rows = start < 0 ? [] : all.slice(start, start + limit + 1);
      return {
        ...buildConnection(rows, limit, (c) => c.id, { hasPreviousPage: after !== null }),
        totalCount: all.length,
      };
    },
  ),

  admissionPlan: refusing(
    async (_: unknown, args: { organisationId: string; year: number; asOf?: Date | null }, ctx: Context) => {
      const unit = organisationId(args.organisationId, 'organisationId');
      const asOf = asOfOr(ctx, args.asOf);
      const views = await ctx.reads.planViews(unit, args.year, asOf);
      return views.find((v) => v.plan.organisationId === unit)
        ? { ...views.find((v) => v.plan.organisationId === unit)!, asOf, views }
        : null;
    },
  ),

  admissionPlans: refusing(
    async (
      _: unknown,
      args: PageArgs & { under: string; year: number; asOf?: Date | null },
      ctx: Context,
    ) => {
      const asOf = asOfOr(ctx, args.asOf);
      const views = await ctx.reads.planViews(organisationId(args.under), args.year, asOf);
      return pageOfList(
        views.map((v) => ({ ...v, asOf, views })),
        args,
        PLAN_ORDER,
      );
    },
  ),

  admissionFunnel: refusing(async (_: unknown, args: { under: string; year: number }, ctx: Context) =>
    ctx.reads.funnel(organisationId(args.under), args.year),
  ),

  recruitmentWarnings: refusing(
    async (
      _: unknown,
      args: PageArgs & { under: string; asOf?: Date | null; codes?: WarningCode[] | null },
      ctx: Context,
    ) => {
      const warnings = await ctx.reads.warnings(organisationId(args.under), asOfOr(ctx, args.asOf));
      const wanted = args.codes?.length ? warnings.filter((w) => args.codes!.includes(w.code)) : warnings;
      return pageOfList(wanted, args, WARNING_ORDER);
    },
  ),

  recruitmentDeadlines: refusing(
    async (
      _: unknown,
      args: PageArgs & { under: string; asOf?: Date | null; statuses?: DeadlineStatus[] | null },
      ctx: Context,
    ) => {
      await requireSubtreeReadable(ctx, organisationId(args.under));
      const asOf = asOfOr(ctx, args.asOf);
      const wanted = new Set<DeadlineStatus>(args.statuses?.length ? args.statuses : ['DUE_SOON', 'PASSED']);
      const notice = ctx.rules.warnings.at(asOf).deadlineNoticeWorkingDays;
      const rows = [];
      for (const candidate of await ctx.repository.candidatesUnder(organisationId(args.under))) {
        for (const deadline of deadlinesOf(candidate, ctx.rules.admission, ctx.calendar)) {
          const status = deadlineStatus(deadline, asOf, notice, ctx.calendar);
          if (wanted.has(status)) rows.push({ candidate, deadline: { ...deadline, status, asOf } });
        }
      }
      return pageOfList(rows, args, DEADLINE_ORDER);
    },
  ),

  awarenessClass: refusing(async (_: unknown, { id }: { id: string }, ctx: Context) => {
    const found = await ctx.repository.awarenessClass(localId(id, TYPES.awarenessClass, ['id']));
    if (found) await requireSubtreeReadable(ctx, found.organiserId);
    return found;
  }),

  workingDay: (_: unknown, { date }: { date: Date }, ctx: Context) => ctx.calendar.status(day(date)),

  addWorkingDays: refusing((_: unknown, args: { from: Date; days: number }, ctx: Context) => {
    if (!Number.isInteger(args.days) || args.days < 0 || args.days > 1000) {
      throw new Refusal(RULES.dateFormat, 'days must be 0 to 1000', ['days']);
    }
    return ctx.calendar.addWorkingDays(day(args.from), args.days);
  }),
};
