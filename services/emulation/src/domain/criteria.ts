/**
 * The emulation criteria (DOMAIN.md §1, §5): what each measures, from which events, and how its
 * points follow from its raw value. Which criteria count in a year, their weights and targets are the
 * year's configuration (criteria-sets.ts); this file is the catalogue and the arithmetic.
 */
export const CRITERIA = [
  'ADMISSION_RATE',
  'ADMISSIONS_AGAINST_QUOTA',
  'ADMISSION_STRUCTURE',
  'PROBATION_RECOGNISED',
  'LOCALITIES_WITHOUT_ADMISSION',
  'VILLAGE_HEADS_MEMBERS',
  'MEMBER_CLASSIFICATION',
  'DISCIPLINED_MEMBERS',
  'INSPECTION_REGULARITY',
] as const;
export type Criterion = (typeof CRITERIA)[number];

/** What the criteria are computed from, for one unit and one year (its subtree and absorbed units). */
export interface UnitFacts {
  membersAtStart: number;
  admissions: number;
  /** The admission quota of its plan; null while no plan is known. */
  quota: number | null;
  /** Structure targets of its plan and how many were met; null while no plan is known. */
  structure: { targets: number; met: number } | null;
  probationsEnded: number;
  probationsRecognised: number;
  localities: number;
  localitiesWithoutAdmission: number;
  localitiesWithHead: number;
  headsWhoAreMembers: number;
  membersGraded: number;
  membersGoodOrBetter: number;
  disciplined: number;
  inspectionsPlanned: number;
  inspectionsCompleted: number;
}

export interface CriterionConfig {
  code: Criterion;
  /** The most points it gives. */
  weight: number;
  /** The raw value that earns every point (higher is better), or the most that still does (lower is better). */
  target: number;
  /** Lower is better: the raw value from which it earns nothing. */
  zeroAt?: number;
  /** LOCALITIES_WITHOUT_ADMISSION: the years looked back over, the year itself included. */
  years?: number;
}

export interface Measure {
  raw: number;
  numerator: number;
  denominator: number;
}

export interface CriterionDefinition {
  title: string;
  direction: 'HIGHER' | 'LOWER';
  unit: 'SHARE' | 'COUNT';
  /** The event types (or the service's own records) it is computed from. */
  sources: readonly string[];
  /** Event types it needs that no service publishes yet: until then it does not apply. */
  waitingFor: readonly string[];
  /** Its raw value, or null when it does not apply to the unit (nothing to measure). */
  measure(facts: UnitFacts, config: CriterionConfig): Measure | null;
}

const share = (numerator: number, denominator: number): Measure | null =>
  denominator > 0 ? { raw: numerator / denominator, numerator, denominator } : null;

const MEMBER_EVENTS = [
  'dangvien.members.MemberAdmitted.v1',
  'dangvien.members.MemberRegistered.v1',
  'dangvien.members.MemberReadmitted.v1',
  'dangvien.members.MemberRestored.v1',
  'dangvien.members.MemberTransferred.v1',
  'dangvien.members.MemberLeft.v1',
];
const LOCALITY_EVENTS = [
  'dangvien.organisations.LocalityRegistered.v1',
  'dangvien.organisations.LocalityMoved.v1',
  'dangvien.organisations.LocalityCoverageChanged.v1',
  'dangvien.organisations.LocalityDissolved.v1',
];

export const CRITERION_DEFINITIONS: Readonly<Record<Criterion, CriterionDefinition>> = {
  ADMISSION_RATE: {
    title: 'Admissions against members at the start of the year — Tỷ lệ kết nạp đảng viên',
    direction: 'HIGHER',
    unit: 'SHARE',
    sources: MEMBER_EVENTS,
    waitingFor: [],
    measure: (f) => share(f.admissions, f.membersAtStart),
  },
  ADMISSIONS_AGAINST_QUOTA: {
    title: 'Admissions against the quota of the plan — Kết nạp so với chỉ tiêu',
    direction: 'HIGHER',
    unit: 'SHARE',
    sources: ['dangvien.recruitment.AdmissionPlanAdopted.v1', 'dangvien.members.MemberAdmitted.v1'],
    waitingFor: [],
    measure: (f) => (f.quota === null ? null : share(f.admissions, f.quota)),
  },
  ADMISSION_STRUCTURE: {
    title: 'Structure targets of the plan met — Cơ cấu kết nạp',
    direction: 'HIGHER',
    unit: 'SHARE',
    sources: [
      'dangvien.recruitment.AdmissionPlanAdopted.v1',
      'dangvien.recruitment.AdmissionPlanProgressChanged.v1',
    ],
    waitingFor: [],
    measure: (f) => (f.structure === null ? null : share(f.structure.met, f.structure.targets)),
  },
  PROBATION_RECOGNISED: {
    title:
      'Probations ended in the year that ended in recognition — Đảng viên dự bị được công nhận chính thức',
    direction: 'HIGHER',
    unit: 'SHARE',
    sources: [
      'dangvien.members.MemberAdmitted.v1',
      'dangvien.members.MemberRecognisedOfficial.v1',
      'dangvien.members.MemberLeft.v1',
    ],
    waitingFor: ['dangvien.recruitment.CandidateStageChanged.v1 (on time: its late flag)'],
    measure: (f) => share(f.probationsRecognised, f.probationsEnded),
  },
  LOCALITIES_WITHOUT_ADMISSION: {
    title: 'Localities without an admission for N years — Thôn, xóm nhiều năm không kết nạp được đảng viên',
    direction: 'LOWER',
    unit: 'SHARE',
    sources: [...LOCALITY_EVENTS, 'dangvien.members.MemberAdmitted.v1'],
    waitingFor: [],
    measure: (f) => share(f.localitiesWithoutAdmission, f.localities),
  },
  VILLAGE_HEADS_MEMBERS: {
    title: 'Heads of villages and residential groups who are members — Trưởng thôn, tổ trưởng là đảng viên',
    direction: 'HIGHER',
    unit: 'SHARE',
    sources: [...LOCALITY_EVENTS, 'dangvien.organisations.LocalityHeadAppointed.v1'],
    waitingFor: [],
    measure: (f) => share(f.headsWhoAreMembers, f.localitiesWithHead),
  },
  MEMBER_CLASSIFICATION: {
    title: 'Members rated good or excellent — Đảng viên hoàn thành tốt nhiệm vụ trở lên',
    direction: 'HIGHER',
    unit: 'SHARE',
    sources: ['dangvien.emulation.ClassificationDecided.v1 (this service)'],
    waitingFor: [],
    measure: (f) => share(f.membersGoodOrBetter, f.membersGraded),
  },
  DISCIPLINED_MEMBERS: {
    title: 'Members disciplined in the year — Đảng viên bị kỷ luật',
    direction: 'LOWER',
    unit: 'SHARE',
    sources: ['dangvien.members.MemberDisciplined.v1', 'dangvien.members.MemberLeft.v1 (EXPELLED)'],
    waitingFor: [],
    measure: (f) => share(f.disciplined, f.membersAtStart),
  },
  INSPECTION_REGULARITY: {
    title: 'Inspections and supervisions completed — Kiểm tra, giám sát',
    direction: 'HIGHER',
    unit: 'COUNT',
    sources: ['inspection records of this service'],
    waitingFor: [],
    measure: (f, config) => {
      const due = Math.max(f.inspectionsPlanned, config.target);
      return due > 0
        ? { raw: f.inspectionsCompleted, numerator: f.inspectionsCompleted, denominator: due }
        : null;
    },
  },
};

/** The points a raw value earns (before rounding), between 0 and the weight. */
export function pointsFor(
  definition: CriterionDefinition,
  config: CriterionConfig,
  measure: Measure,
): number {
  const { weight, target } = config;
  if (definition.unit === 'COUNT') return weight * Math.min(1, measure.numerator / measure.denominator);
  if (definition.direction === 'HIGHER')
    return target > 0 ? weight * Math.min(1, measure.raw / target) : weight;
  const zeroAt = config.zeroAt ?? 1;
  if (measure.raw <= target) return weight;
  if (measure.raw >= zeroAt) return 0;
  return (weight * (zeroAt - measure.raw)) / (zeroAt - target);
}
