import { createEvent, EVENT_TYPES, STRUCTURE_CATEGORIES } from '@dangvien/contracts';
import type {
  DecisionReference,
  EventEnvelope,
  StructureCategory,
  StructureCount,
} from '@dangvien/contracts';
import { daysBetween, eventIdentity, isCalendarDate, Refusal } from '@dangvien/domain';
import type { CalendarDate, Stamp } from '@dangvien/domain';
import { RULES } from './rules';

export interface PlanRevision {
  revision: number;
  quota: number;
  targets: StructureCount[];
  effectiveDate: CalendarDate;
  decision: DecisionReference | null;
  reason: string | null;
  recordedAt: Date;
}

/** The admission plan of one unit for one year: every revision kept, the last in force. */
export interface Plan {
  id: string;
  version: number;
  organisationId: string;
  year: number;
  setByOrganisationId: string;
  revisions: PlanRevision[];
}

export const currentRevision = (plan: Plan): PlanRevision => plan.revisions[plan.revisions.length - 1]!;

/** The revision in force on `date` (the first one before it starts). */
export function revisionOn(plan: Plan, date: CalendarDate): PlanRevision {
  let found = plan.revisions[0]!;
  for (const r of plan.revisions) if (r.effectiveDate <= date) found = r;
  return found;
}

export interface SetPlanInput {
  organisationId: string;
  year: number;
  setByOrganisationId: string;
  quota: number;
  targets: StructureCount[];
  effectiveDate: CalendarDate;
  decision: DecisionReference | null;
  reason: string | null;
}

export interface PlanChange {
  plan: Plan;
  expectedVersion: number | null;
  events: EventEnvelope[];
}

/**
 * Sets a unit's plan for a year (revision 1), or revises it: a revision keeps the earlier ones and
 * needs a reason. The committee setting it is the unit itself or one above it.
 */
export function decideSetPlan(
  existing: Plan | null,
  input: SetPlanInput,
  unitAncestorIds: readonly string[],
  stamp: Stamp,
): PlanChange {
  if (!Number.isInteger(input.year) || input.year < 1930 || input.year > 2200) {
    throw new Refusal(RULES.planYearInvalid, `${input.year} is not a plan year`, ['year']);
  }
  if (!Number.isInteger(input.quota) || input.quota < 0) {
    throw new Refusal(RULES.planQuotaInvalid, 'The quota is a whole number ≥ 0', ['quota']);
  }
  if (!isCalendarDate(input.effectiveDate)) {
    throw new Refusal(RULES.dateFormat, `"${input.effectiveDate}" is not a date`, ['effectiveDate']);
  }
  const seen = new Set<StructureCategory>();
  input.targets.forEach((t, i) => {
    const field = ['targets', String(i), 'count'];
    if (!STRUCTURE_CATEGORIES.includes(t.category) || seen.has(t.category)) {
      throw new Refusal(RULES.planTargetInvalid, `Category ${t.category} is unknown or given twice`, [
        'targets',
        String(i),
        'category',
      ]);
    }
    seen.add(t.category);
    if (!Number.isInteger(t.count) || t.count < 0 || t.count > input.quota) {
      throw new Refusal(
        RULES.planTargetInvalid,
        `The ${t.category} target must be a whole number from 0 to the quota (${input.quota})`,
        field,
      );
    }
  });
  if (
    input.setByOrganisationId !== input.organisationId &&
    !unitAncestorIds.includes(input.setByOrganisationId)
  ) {
    throw new Refusal(
      RULES.planSetterNotAbove,
      'A plan is set by the unit’s own committee or a committee above it',
      ['setByOrganisationId'],
    );
  }
  const targets = [...input.targets].sort(
    (a, b) => STRUCTURE_CATEGORIES.indexOf(a.category) - STRUCTURE_CATEGORIES.indexOf(b.category),
  );
  if (existing) {
    const now = currentRevision(existing);
    if (!input.reason?.trim()) {
      throw new Refusal(RULES.reasonRequired, 'A revision of a plan states its reason', ['reason']);
    }
    if (input.effectiveDate < now.effectiveDate) {
      throw new Refusal(RULES.dateFormat, `A revision holds from ${now.effectiveDate} or later`, [
        'effectiveDate',
      ]);
    }
    if (now.quota === input.quota && JSON.stringify(now.targets) === JSON.stringify(targets)) {
      throw new Refusal(
        RULES.planUnchanged,
        'The quota and the targets are those of the plan in force',
        null,
      );
    }
  }
  const revision: PlanRevision = {
    revision: existing ? currentRevision(existing).revision + 1 : 1,
    quota: input.quota,
    targets,
    effectiveDate: input.effectiveDate,
    decision: input.decision,
    reason: input.reason?.trim() || null,
    recordedAt: stamp.time,
  };
  const plan: Plan = existing
    ? {
        ...existing,
        setByOrganisationId: input.setByOrganisationId,
        revisions: [...existing.revisions, revision],
        version: existing.version + 1,
      }
    : {
        id: stamp.newId(),
        version: 1,
        organisationId: input.organisationId,
        year: input.year,
        setByOrganisationId: input.setByOrganisationId,
        revisions: [revision],
      };
  const event = createEvent(
    EVENT_TYPES.AdmissionPlanAdopted,
    plan.id,
    plan.version,
    {
      planId: plan.id,
      organisationId: plan.organisationId,
      year: plan.year,
      setByOrganisationId: plan.setByOrganisationId,
      revision: revision.revision,
      quota: revision.quota,
      targets: revision.targets,
      effectiveDate: revision.effectiveDate,
      decision: revision.decision,
      reason: revision.reason,
    },
    eventIdentity(stamp),
  );
  return { plan, expectedVersion: existing?.version ?? null, events: [event] };
}

/** One admission as plans count it: the day of the decision and the structure it counts in. */
export interface CountedAdmission {
  decisionDate: CalendarDate;
  categories: readonly StructureCategory[];
}

export type PaceStatus = 'NOT_STARTED' | 'ON_TRACK' | 'BEHIND' | 'MET' | 'CLOSED';

export interface PlanProgress {
  quota: number;
  admitted: number;
  byCategory: { category: StructureCategory; target: number; admitted: number }[];
  /** Admissions the calendar says should have been made by asOf (quota × share of the year elapsed). */
  expectedByNow: number;
  pace: PaceStatus;
  behindBy: number;
}

/** Progress of a plan on `asOf`, from the admissions decided in its unit's subtree in its year. */
export function planProgress(
  plan: Plan,
  admissions: readonly CountedAdmission[],
  asOf: CalendarDate,
  tolerance: number,
): PlanProgress {
  const revision = revisionOn(plan, asOf);
  const inYear = admissions.filter(
    (a) => a.decisionDate.startsWith(`${plan.year}-`) && a.decisionDate <= asOf,
  );
  const targetOf = new Map(revision.targets.map((t) => [t.category, t.count]));
  const byCategory = STRUCTURE_CATEGORIES.filter((c) => targetOf.has(c)).map((category) => ({
    category,
    target: targetOf.get(category)!,
    admitted: inYear.filter((a) => a.categories.includes(category)).length,
  }));
  const start = `${plan.year}-01-01`;
  const yearDays = daysBetween(start, `${plan.year + 1}-01-01`);
  const elapsed = Math.min(yearDays, Math.max(0, daysBetween(start, asOf) + 1));
  const expected = (revision.quota * elapsed) / yearDays;
  const admitted = inYear.length;
  let pace: PaceStatus;
  if (asOf < start) pace = 'NOT_STARTED';
  else if (admitted >= revision.quota) pace = 'MET';
  else if (admitted >= expected * (1 - tolerance))
    pace = asOf.slice(0, 4) > String(plan.year) ? 'CLOSED' : 'ON_TRACK';
  else pace = 'BEHIND';
  return {
    quota: revision.quota,
    admitted,
    byCategory,
    expectedByNow: Math.floor(expected),
    pace,
    behindBy: pace === 'BEHIND' ? Math.max(1, Math.round(expected) - admitted) : 0,
  };
}

/** Quota met but a structure target missed: numbers over structure. */
export function structureMissed(progress: PlanProgress): StructureCategory[] {
  if (progress.admitted < progress.quota) return [];
  return progress.byCategory.filter((c) => c.admitted < c.target).map((c) => c.category);
}
