import { addMonths, isCalendarDate, monthsBetween, Refusal } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import { RULES } from './rules';

export const INSPECTION_KINDS = ['INSPECTION', 'SUPERVISION'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];
export const FINDING_SEVERITIES = ['NOTE', 'SHORTCOMING', 'VIOLATION'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];
export type InspectionStatus = 'PLANNED' | 'COMPLETED' | 'CANCELLED';

export interface InspectionFinding {
  severity: FindingSeverity;
  text: string;
}

/** An inspection (kiểm tra) or supervision (giám sát) of one unit, planned then completed or cancelled. */
export interface Inspection {
  id: string;
  organisationId: string;
  kind: InspectionKind;
  /** The year it belongs to: the year of `plannedOn`. */
  year: number;
  plannedOn: CalendarDate;
  topic: string;
  /** Who conducts it (the committee or commission), as recorded. */
  conductedBy: string;
  status: InspectionStatus;
  completedOn: CalendarDate | null;
  findings: InspectionFinding[];
  conclusion: string | null;
  cancelReason: string | null;
}

const text = (value: string | null | undefined, field: string): string => {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) throw new Refusal(RULES.textRequired, `${field} must not be empty`, [field]);
  return trimmed;
};

export function planInspection(
  input: {
    organisationId: string;
    kind: InspectionKind;
    plannedOn: CalendarDate;
    topic: string;
    conductedBy: string;
  },
  id: string,
): Inspection {
  if (!isCalendarDate(input.plannedOn)) {
    throw new Refusal(RULES.dateFormat, `"${input.plannedOn}" is not a date`, ['plannedOn']);
  }
  return {
    id,
    organisationId: input.organisationId,
    kind: input.kind,
    year: Number(input.plannedOn.slice(0, 4)),
    plannedOn: input.plannedOn,
    topic: text(input.topic, 'topic'),
    conductedBy: text(input.conductedBy, 'conductedBy'),
    status: 'PLANNED',
    completedOn: null,
    findings: [],
    conclusion: null,
    cancelReason: null,
  };
}

function mustBePlanned(inspection: Inspection, action: string): void {
  if (inspection.status !== 'PLANNED') {
    throw new Refusal(
      RULES.inspectionState,
      `An inspection that is ${inspection.status} cannot be ${action}`,
      ['id'],
    );
  }
}

/** Completing records the findings; it happens in the year it was planned for, on or after its start. */
export function completeInspection(
  inspection: Inspection,
  input: { completedOn: CalendarDate; findings: InspectionFinding[]; conclusion: string },
): Inspection {
  mustBePlanned(inspection, 'completed');
  if (!isCalendarDate(input.completedOn)) {
    throw new Refusal(RULES.dateFormat, `"${input.completedOn}" is not a date`, ['completedOn']);
  }
  if (input.completedOn < `${inspection.year}-01-01`) {
    throw new Refusal(
      RULES.inspectionDate,
      `completedOn ${input.completedOn} is before the year the inspection was planned for (${inspection.year})`,
      ['completedOn'],
    );
  }
  const findings = input.findings.map((f, i) => ({
    severity: f.severity,
    text: text(f.text, `findings.${i}.text`),
  }));
  return {
    ...inspection,
    status: 'COMPLETED',
    completedOn: input.completedOn,
    findings,
    conclusion: text(input.conclusion, 'conclusion'),
  };
}

export function cancelInspection(inspection: Inspection, reason: string): Inspection {
  mustBePlanned(inspection, 'cancelled');
  return { ...inspection, status: 'CANCELLED', cancelReason: text(reason, 'reason') };
}

/** A unit with no inspection or supervision completed for `months` months by `asOf`. */
export interface InspectionGap {
  organisationId: string;
  lastCompletedOn: CalendarDate | null;
  /** Whole months since the last one (or since the unit existed, when there was none). */
  months: number;
}

export function inspectionGaps(
  units: readonly { id: string; since: CalendarDate }[],
  lastCompleted: ReadonlyMap<string, CalendarDate>,
  asOf: CalendarDate,
  months: number,
): InspectionGap[] {
  const limit = addMonths(asOf, -months);
  return units.flatMap(({ id, since }) => {
    const last = lastCompleted.get(id) ?? null;
    const from = last ?? since;
    if (from > limit) return [];
    return [{ organisationId: id, lastCompletedOn: last, months: monthsBetween(from, asOf) }];
  });
}
