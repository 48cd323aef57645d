import type { StructureCategory } from '@dangvien/contracts';
import type { CalendarDate } from '@dangvien/domain';

/**
 * What the service keeps of the recruitment service's admission plans (one record per plan, a unit
 * and a year): each revision adopted and each count of admissions against it, as dated facts keyed
 * by event id like the other projections (facts.ts), so applying an event twice adds nothing.
 */
export type PlanFact = {
  /** The event id. */
  e: string;
  /** The plan's sequence: revisions and counts are ordered by it, whatever order they arrive in. */
  s: number;
  d: CalendarDate;
} & (
  | { k: 'ADOPTED'; revision: number; quota: number; targets: Partial<Record<StructureCategory, number>> }
  | { k: 'PROGRESS'; admitted: Partial<Record<StructureCategory, number>> }
);

export interface PlanRecord {
  planId: string;
  organisationId: string;
  year: number;
  facts: PlanFact[];
}

/** A unit's plan of a year as the criteria read it: its quota and its structure targets met. */
export interface PlanOfYear {
  quota: number;
  /** Structure categories with a target above zero, and how many of them are reached. */
  structure: { targets: number; met: number };
}

/**
 * The plan in force: the latest revision's quota and targets, each target met when the latest count
 * reached it (the counts are recruitment's: it knows the people, this service must not).
 */
export function planOfYear(record: PlanRecord): PlanOfYear | null {
  const ordered = [...record.facts].sort((a, b) => a.s - b.s);
  const adopted = ordered.filter((f) => f.k === 'ADOPTED').at(-1);
  if (!adopted || adopted.k !== 'ADOPTED') return null;
  const progress = ordered.filter((f) => f.k === 'PROGRESS').at(-1);
  const admitted = progress?.k === 'PROGRESS' ? progress.admitted : {};
  const targets = Object.entries(adopted.targets).filter(([, count]) => (count ?? 0) > 0);
  const met = targets.filter(
    ([category, count]) => (admitted[category as StructureCategory] ?? 0) >= (count ?? 0),
  ).length;
  return { quota: adopted.quota, structure: { targets: targets.length, met } };
}

/** Plans of one year summed over units: a unit and the units absorbed into it that year. */
export function combinePlans(plans: readonly (PlanOfYear | undefined)[]): PlanOfYear | null {
  const known = plans.filter((p): p is PlanOfYear => p !== undefined);
  if (known.length === 0) return null;
  return {
    quota: known.reduce((sum, p) => sum + p.quota, 0),
    structure: {
      targets: known.reduce((sum, p) => sum + p.structure.targets, 0),
      met: known.reduce((sum, p) => sum + p.structure.met, 0),
    },
  };
}
