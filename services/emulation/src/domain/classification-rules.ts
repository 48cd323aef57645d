import type { OrganisationLevel, ReviewSubjectKind } from '@dangvien/contracts';
import type { CalendarDate, DatedRuleSet } from '@dangvien/domain';
import { defineRuleSets } from '@dangvien/domain';

/**
 * Findings that force the lowest level whatever the score (DOMAIN.md §5). Where each comes from:
 * TASKS — computed from the task counts entered with the step; SUBORDINATES — from the number of
 * subordinate units disciplined; FACTS — from the events of other services (a member's discipline) as
 * well as entered; FINDING — the committee's own finding, entered.
 */
export const DISQUALIFIERS = [
  'DISCIPLINED_IN_YEAR',
  'UNDER_HALF_OF_TARGETS',
  'SUBORDINATES_DISCIPLINED',
  'INTERNAL_DISUNITY',
  'DEGRADATION',
] as const;
export type Disqualifier = (typeof DISQUALIFIERS)[number];

export const DISQUALIFIER_DESCRIPTIONS: Record<Disqualifier, string> = {
  DISCIPLINED_IN_YEAR: 'Disciplined during the year — Bị xử lý kỷ luật trong năm',
  UNDER_HALF_OF_TARGETS: 'Under half of the targets met — Hoàn thành dưới 50% chỉ tiêu, nhiệm vụ',
  SUBORDINATES_DISCIPLINED:
    'More than a fifth of the subordinate units disciplined — Trên 20% tổ chức trực thuộc bị kỷ luật',
  INTERNAL_DISUNITY: 'Internal disunity — Mất đoàn kết nội bộ',
  DEGRADATION:
    'Degradation of political ideology, ethics or lifestyle — Suy thoái về tư tưởng chính trị, đạo đức, lối sống',
};

export interface DisqualifierRule {
  code: Disqualifier;
  subjects: readonly ReviewSubjectKind[];
  source: 'TASKS' | 'SUBORDINATES' | 'FACTS' | 'FINDING';
}

/** Who counts against whom in the excellent cap (DOMAIN.md §5: configurable). */
export interface ExcellentCap {
  /** At most this percentage of the denominator may be rated EXCELLENT. */
  percent: number;
  /** GOOD: those rated good (the 2019 guideline's wording); GOOD_OR_BETTER; GRADED: everyone graded. */
  of: 'GOOD' | 'GOOD_OR_BETTER' | 'GRADED';
  /** The decisions counted together: a grassroots organisation's, one committee's units', the province's. */
  scope: 'GRASSROOTS' | 'PARENT' | 'PROVINCE';
}

/** The rules of the yearly review and classification in force over a period. */
export interface ClassificationRuleSet extends DatedRuleSet {
  /** Maximum points of the two parts of the 100-point scale (weights configurable). */
  scale: { commonCriteria: number; taskResults: number };
  /** Lowest score of each level; below `completed` the level is NOT_COMPLETED. */
  bands: { excellent: number; good: number; completed: number };
  /** EXCELLENT also needs every task done on time and at least this share of the tasks exceeded. */
  excellent: { allTasksOnTime: boolean; minExceededPercent: number };
  /** GOOD (and EXCELLENT) also need every task done. */
  good: { allTasksCompleted: boolean };
  disqualifiers: readonly DisqualifierRule[];
  /** UNDER_HALF_OF_TARGETS applies below this percentage of tasks completed. */
  minTargetsPercent: number;
  /** SUBORDINATES_DISCIPLINED applies above this percentage of subordinate units disciplined. */
  maxSubordinatesDisciplinedPercent: number;
  excellentCap: Readonly<Record<ReviewSubjectKind, ExcellentCap>>;
  /** Members in these situations are not graded at all. */
  notGraded: readonly ('EXEMPTED_FROM_ACTIVITIES' | 'SUSPENDED')[];
  /** The organisation levels that are reviewed and classified. */
  reviewedLevels: readonly OrganisationLevel[];
  /** What is uncertain about this entry, for the people who maintain it. */
  notes: string;
}

const BOTH: readonly ReviewSubjectKind[] = ['MEMBER', 'ORGANISATION'];
const QD124_DISQUALIFIERS: readonly DisqualifierRule[] = [
  { code: 'DISCIPLINED_IN_YEAR', subjects: BOTH, source: 'FACTS' },
  { code: 'UNDER_HALF_OF_TARGETS', subjects: BOTH, source: 'TASKS' },
  { code: 'SUBORDINATES_DISCIPLINED', subjects: ['ORGANISATION'], source: 'SUBORDINATES' },
  { code: 'INTERNAL_DISUNITY', subjects: ['ORGANISATION'], source: 'FINDING' },
  { code: 'DEGRADATION', subjects: BOTH, source: 'FINDING' },
];
const REVIEWED_LEVELS: readonly OrganisationLevel[] = [
  'COMMUNE',
  'DIRECTLY_UNDER',
  'GRASSROOTS_COMMITTEE',
  'GRASSROOTS_CELL',
  'INTERMEDIATE',
  'CELL',
];
const CAP: Readonly<Record<ReviewSubjectKind, ExcellentCap>> = {
  MEMBER: { percent: 20, of: 'GOOD', scope: 'GRASSROOTS' },
  ORGANISATION: { percent: 20, of: 'GOOD', scope: 'PARENT' },
};

/**
 * The review rules as dated data, chosen by the last day of the period reviewed: the 2023 and 2024
 * reviews under QĐ 124, the 2025 review on under QĐ 366. A period ending before QĐ 124 is refused
 * (NO_RULE_SET_IN_FORCE): add the earlier regulation here to review it.
 */
export const CLASSIFICATION_RULES = defineRuleSets<ClassificationRuleSet>('classification rules', [
  {
    effectiveFrom: '2023-10-04',
    legalReference: 'QĐ 124-QĐ/TW of 4 Oct 2023',
    scale: { commonCriteria: 30, taskResults: 70 },
    bands: { excellent: 90, good: 70, completed: 50 },
    excellent: { allTasksOnTime: true, minExceededPercent: 30 },
    good: { allTasksCompleted: true },
    disqualifiers: QD124_DISQUALIFIERS,
    minTargetsPercent: 50,
    maxSubordinatesDisciplinedPercent: 20,
    excellentCap: CAP,
    notGraded: ['EXEMPTED_FROM_ACTIVITIES', 'SUSPENDED'],
    reviewedLevels: REVIEWED_LEVELS,
    notes:
      'QĐ 124 classifies by criteria, not by points: the 30 + 70 scale and the 90/70/50 bands are the ' +
      "province's points guide for it. The 20% cap is confirmed for the 2019 guideline.",
  },
  {
    effectiveFrom: '2025-08-30',
    legalReference: 'QĐ 366-QĐ/TW of 30 Aug 2025',
    scale: { commonCriteria: 30, taskResults: 70 },
    bands: { excellent: 90, good: 70, completed: 50 },
    excellent: { allTasksOnTime: true, minExceededPercent: 30 },
    good: { allTasksCompleted: true },
    disqualifiers: QD124_DISQUALIFIERS,
    minTargetsPercent: 50,
    maxSubordinatesDisciplinedPercent: 20,
    excellentCap: CAP,
    notGraded: ['EXEMPTED_FROM_ACTIVITIES', 'SUSPENDED'],
    reviewedLevels: REVIEWED_LEVELS,
    notes:
      "QĐ 366's own list of disqualifiers is not confirmed: QĐ 124's is kept until it is. The cap is " +
      'kept at 20% of those rated good.',
  },
]);

/** The rules a period ending on `periodEnd` is reviewed by (refused before the first entry). */
export function classificationRulesFor(periodEnd: CalendarDate): ClassificationRuleSet {
  return CLASSIFICATION_RULES.at(periodEnd, ['periodId']);
}
