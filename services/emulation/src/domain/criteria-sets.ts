import type { OrganisationLevel } from '@dangvien/contracts';
import type { DatedRuleSet } from '@dangvien/domain';
import { defineRuleSets } from '@dangvien/domain';
import type { CriterionConfig } from './criteria';

/** The emulation criteria of the years it is in force for: which count, their weights and targets. */
export interface CriteriaSet extends DatedRuleSet {
  /** The organisation levels that are scored and ranked. */
  rankedLevels: readonly OrganisationLevel[];
  criteria: readonly CriterionConfig[];
  /** A unit with no inspection or supervision completed for this many months is flagged. */
  inspectionGapMonths: number;
}

const RANKED: readonly OrganisationLevel[] = [
  'COMMUNE',
  'DIRECTLY_UNDER',
  'GRASSROOTS_COMMITTEE',
  'GRASSROOTS_CELL',
  'INTERMEDIATE',
  'CELL',
];

/**
 * The province's criteria as dated data, chosen by the last day of the year scored. Weights add up to
 * 100; a criterion that does not apply to a unit (no locality, no plan, nobody graded) is left out and
 * the score is taken over the weights that do. The 2.5% admission rate and the 90% of village heads are
 * the province's targets (DOMAIN.md §1); the other targets and the weights are the configuration, not a
 * regulation: change them here, dated, never in code.
 */
export const CRITERIA_SETS = defineRuleSets<CriteriaSet>('emulation criteria', [
  {
    effectiveFrom: '2023-01-01',
    legalReference: 'Tỉnh ủy Thái Nguyên, emulation criteria 2023–2024 (configuration)',
    rankedLevels: RANKED,
    inspectionGapMonths: 12,
    criteria: [
      { code: 'ADMISSION_RATE', weight: 25, target: 0.025 },
      { code: 'PROBATION_RECOGNISED', weight: 15, target: 1 },
      { code: 'LOCALITIES_WITHOUT_ADMISSION', weight: 10, target: 0, zeroAt: 0.5, years: 3 },
      { code: 'VILLAGE_HEADS_MEMBERS', weight: 15, target: 0.9 },
      { code: 'MEMBER_CLASSIFICATION', weight: 15, target: 0.9 },
      { code: 'DISCIPLINED_MEMBERS', weight: 10, target: 0, zeroAt: 0.05 },
      { code: 'INSPECTION_REGULARITY', weight: 10, target: 1 },
    ],
  },
  {
    effectiveFrom: '2025-01-01',
    legalReference: 'Tỉnh ủy Thái Nguyên, emulation criteria from 2025 (configuration)',
    rankedLevels: RANKED,
    inspectionGapMonths: 12,
    criteria: [
      { code: 'ADMISSION_RATE', weight: 20, target: 0.025 },
      { code: 'ADMISSIONS_AGAINST_QUOTA', weight: 15, target: 1 },
      { code: 'ADMISSION_STRUCTURE', weight: 10, target: 1 },
      { code: 'PROBATION_RECOGNISED', weight: 10, target: 1 },
      { code: 'LOCALITIES_WITHOUT_ADMISSION', weight: 10, target: 0, zeroAt: 0.5, years: 3 },
      { code: 'VILLAGE_HEADS_MEMBERS', weight: 10, target: 0.9 },
      { code: 'MEMBER_CLASSIFICATION', weight: 10, target: 0.9 },
      { code: 'DISCIPLINED_MEMBERS', weight: 5, target: 0, zeroAt: 0.05 },
      { code: 'INSPECTION_REGULARITY', weight: 10, target: 1 },
    ],
  },
]);

/** The criteria of `year` (refused with NO_RULE_SET_IN_FORCE before the first set). */
export function criteriaFor(year: number): CriteriaSet {
  return CRITERIA_SETS.at(`${year}-12-31`, ['year']);
}

/** Whether any criteria are in force for `year` (years before are not scored). */
export function isScoredYear(year: number): boolean {
  return `${year}-12-31` >= CRITERIA_SETS.entries[0]!.effectiveFrom;
}
