import type { AwardKind, OrganisationLevel } from '@dangvien/contracts';
import type { DatedRuleSet } from '@dangvien/domain';
import { defineRuleSets } from '@dangvien/domain';

export interface AwardRule {
  kind: AwardKind;
  /** The organisation levels that can receive it. */
  organisationLevels: readonly OrganisationLevel[];
  /** Whether members can receive it. */
  members: boolean;
  /** Years in a row rated EXCELLENT, the year itself included. */
  consecutiveYears: number;
  /** Whether the decision must also say "exemplary" (tiêu biểu). */
  requiresExemplary: boolean;
  /** Who grants it: the grassroots committee above the subject, or the province. */
  grantedBy: 'GRASSROOTS' | 'PROVINCE';
}

export interface AwardRuleSet extends DatedRuleSet {
  awards: readonly AwardRule[];
  /**
   * Across a merge or split, which units of the lineage must have been EXCELLENT in an earlier year
   * for a run of excellent years to go on: ALL of them (a unit's history includes every predecessor's)
   * or ANY.
   */
  lineage: 'ALL' | 'ANY';
}

/**
 * Who may be proposed for which award (DOMAIN.md §5): only EXCELLENT units and members qualify. The
 * grassroots committee's certificate of merit goes to cells and members excellent and exemplary in the
 * year; the province's Bằng khen to units and members excellent five years in a row.
 */
export const AWARD_RULES = defineRuleSets<AwardRuleSet>('award rules', [
  {
    effectiveFrom: '2023-01-01',
    legalReference:
      'Party Statute, art. 34, and the guidance on Party awards (as DOMAIN.md §5 summarises it)',
    awards: [
      {
        kind: 'CERTIFICATE_OF_MERIT',
        organisationLevels: ['CELL', 'INTERMEDIATE'],
        members: true,
        consecutiveYears: 1,
        requiresExemplary: true,
        grantedBy: 'GRASSROOTS',
      },
      {
        kind: 'PROVINCIAL_MERIT',
        organisationLevels: ['COMMUNE', 'DIRECTLY_UNDER', 'GRASSROOTS_COMMITTEE', 'GRASSROOTS_CELL', 'CELL'],
        members: true,
        consecutiveYears: 5,
        requiresExemplary: false,
        grantedBy: 'PROVINCE',
      },
    ],
    lineage: 'ALL',
  },
]);

export function awardRulesFor(year: number): AwardRuleSet {
  return AWARD_RULES.at(`${year}-12-31`, ['year']);
}
