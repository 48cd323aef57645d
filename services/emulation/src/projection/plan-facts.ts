import { EVENT_TYPES } from '@dangvien/contracts';
import type { AnyEventEnvelope, EventType, StructureCategory } from '@dangvien/contracts';
import type { PlanChange } from '../model/plan-store';

/** The plan fact a recruitment event states: a revision adopted, or the admissions counted against it. */
export function planFactOf(event: AnyEventEnvelope): PlanChange | null {
  const base = { e: event.id, s: event.sequence };
  switch (event.type) {
    case EVENT_TYPES.AdmissionPlanAdopted: {
      const d = event.data;
      const targets: Partial<Record<StructureCategory, number>> = {};
      for (const target of d.targets) targets[target.category] = target.count;
      return {
        planId: d.planId,
        organisationId: d.organisationId,
        year: d.year,
        fact: { ...base, d: d.effectiveDate, k: 'ADOPTED', revision: d.revision, quota: d.quota, targets },
      };
    }
    case EVENT_TYPES.AdmissionPlanProgressChanged: {
      const d = event.data;
      const admitted: Partial<Record<StructureCategory, number>> = {};
      for (const entry of d.byCategory) admitted[entry.category] = entry.admitted;
      return {
        planId: d.planId,
        organisationId: d.organisationId,
        year: d.year,
        fact: { ...base, d: d.asOf, k: 'PROGRESS', admitted },
      };
    }
    default:
      return null;
  }
}

export const PLAN_EVENT_TYPES: readonly EventType[] = [
  EVENT_TYPES.AdmissionPlanAdopted,
  EVENT_TYPES.AdmissionPlanProgressChanged,
];
