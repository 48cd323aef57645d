import type { WorkingCalendar } from '@dangvien/calendar-vn';
import type { CalendarDate } from '@dangvien/domain';
import type { RuleBook } from './domain/admission-rules';
import type { Candidate } from './domain/candidate';
import { funnelOf } from './domain/funnel';
import type { Funnel } from './domain/funnel';
import { planProgress, revisionOn } from './domain/plans';
import type { CountedAdmission, Plan, PlanProgress } from './domain/plans';
import { structureOf } from './domain/structure';
import { warningsOf } from './domain/warnings';
import type { LocalityView, Warning } from './domain/warnings';
import type { Repository } from './model/repository';

const COUNTED_OUT = new Set(['WITHDRAWN', 'REJECTED']);

/** An admission decision as plans count it: on its day, with the structure on that day. */
export function countedAdmission(candidate: Candidate): CountedAdmission | null {
  if (!candidate.decision || COUNTED_OUT.has(candidate.stage)) return null;
  return {
    decisionDate: candidate.decision.date,
    categories: structureOf(candidate, candidate.decision.date),
  };
}

export interface PlanView {
  plan: Plan;
  /** The unit's depth in the tree and its code (0 and empty until its event has arrived): lists of plans are ordered by them. */
  depth: number;
  code: string;
  progress: PlanProgress;
  /** Plans of units below whose nearest planned unit above is this one. */
  children: Plan[];
  childrenQuota: number;
  /** This plan's quota less its children's (negative when they were handed more). */
  gap: number;
}

/** The read side: funnels, plans with progress and roll-up, warnings; one subtree read per collection. */
export function createReads(deps: { repository: Repository; rules: RuleBook; calendar: WorkingCalendar }) {
  const { repository, rules, calendar } = deps;

  async function admissionsUnder(rootId: string): Promise<CountedAdmission[]> {
    return (await repository.decisionsUnder(rootId)).flatMap((d) => countedAdmission(d.candidate) ?? []);
  }

  async function progressOf(
    plan: Plan,
    asOf: CalendarDate,
    admissions?: CountedAdmission[],
  ): Promise<PlanProgress> {
    return planProgress(
      plan,
      admissions ?? (await admissionsUnder(plan.organisationId)),
      asOf,
      rules.warnings.at(asOf).planPaceTolerance,
    );
  }

  async function planViews(rootId: string, year: number, asOf: CalendarDate): Promise<PlanView[]> {
    const plans = await repository.plansUnder(rootId, year);
    if (plans.length === 0) return [];
    const nodes = new Map(
      (await repository.organisations(plans.map((p) => p.organisationId))).map((n) => [n._id, n]),
    );
    const planned = new Map(plans.map((p) => [p.organisationId, p]));
    const decided = await repository.decisionsUnder(rootId);
    return Promise.all(
      plans.map(async (plan) => {
        const children = plans.filter((other) => {
          if (other === plan) return false;
          const above = (nodes.get(other.organisationId)?.ancestorIds ?? []).filter(
            (id) => id !== other.organisationId,
          );
          const nearest = [...above].reverse().find((id) => planned.has(id));
          return nearest === plan.organisationId;
        });
        const admissions = decided
          .filter((d) => d.ancestorIds.includes(plan.organisationId))
          .flatMap((d) => countedAdmission(d.candidate) ?? []);
        const progress = await progressOf(plan, asOf, admissions);
        const childrenQuota = children.reduce((sum, c) => sum + revisionOn(c, asOf).quota, 0);
        return {
          plan,
          depth: nodes.get(plan.organisationId)?.ancestorIds.length ?? 0,
          code: nodes.get(plan.organisationId)?.code ?? '',
          progress,
          children,
          childrenQuota,
          gap: revisionOn(plan, asOf).quota - childrenQuota,
        };
      }),
    );
  }

  async function localitiesUnder(rootId: string, asOf: CalendarDate): Promise<LocalityView[]> {
    return (await repository.localitiesUnder(rootId))
      .filter((l) => !l.dissolved)
      .map((l) => {
        const head = [...l.heads]
          .reverse()
          .find((h) => h.termStart <= asOf && (h.termEnd === null || h.termEnd >= asOf));
        return {
          id: l._id,
          name: l.name,
          communeId: l.communeId,
          head: head ? { name: head.headName, memberId: head.memberId } : null,
        };
      });
  }

  async function warnings(rootId: string, asOf: CalendarDate): Promise<Warning[]> {
    const year = Number(asOf.slice(0, 4));
    const [candidates, views, localities] = await Promise.all([
      repository.candidatesUnder(rootId),
      planViews(rootId, year, asOf),
      localitiesUnder(rootId, asOf),
    ]);
    const lastAdmission = new Map<string, CalendarDate>();
    for (const c of candidates) {
      const counted = countedAdmission(c);
      if (!counted || !c.localityId) continue;
      const last = lastAdmission.get(c.localityId);
      if (!last || counted.decisionDate > last) lastAdmission.set(c.localityId, counted.decisionDate);
    }
    const introducerIds = candidates.flatMap((c) => c.introduction?.introducers.map((i) => i.memberId) ?? []);
    return warningsOf({
      asOf,
      candidates: candidates.filter((c) => c.listedOn <= asOf),
      plans: views,
      localities,
      lastAdmissionByLocality: lastAdmission,
      members: await repository.members(introducerIds),
      rules: rules.admission,
      thresholds: rules.warnings,
      calendar,
    });
  }

  return {
    progressOf,
    planViews,
    localitiesUnder,
    warnings,
    async funnel(rootId: string, year: number): Promise<Funnel> {
      return funnelOf(await repository.candidatesUnder(rootId, year), year);
    },
  };
}

export type Reads = ReturnType<typeof createReads>;
