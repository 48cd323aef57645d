import type { OrganisationLevel } from '@dangvien/contracts';
import { defineRuleSets } from '@dangvien/domain';
import type { DatedRuleSet, RuleSetTable } from '@dangvien/domain';

/**
 * The numbers the Party Charter and its implementing regulation put on the shape of Party
 * organisations (DOMAIN.md §2). Every number here is dated configuration, not code: when a new
 * regulation changes one, a new entry is appended with the date it takes effect, and statistics for an
 * earlier date keep being judged by the rules in force then.
 */
export interface StructureRules extends DatedRuleSet {
  /** A Party cell (chi bộ), and any grassroots Party organisation, needs at least this many official members. */
  minOfficialMembersPerCell: number;
  /**
   * Members (official + probationary) from which a grassroots organisation is a grassroots Party
   * committee (đảng bộ cơ sở); below it, a grassroots Party cell (chi bộ cơ sở).
   */
  grassrootsCommitteeFromMembers: number;
  /** Official members from which a cell elects a cell committee (chi ủy); below it, only a secretary. */
  cellCommitteeFromOfficialMembers: number;
  /** Share of village and residential-group heads who should be Party members (0..1): the province's target. */
  villageHeadMembershipTarget: number;
}

const CHARTER_NUMBERS = {
  minOfficialMembersPerCell: 3,
  grassrootsCommitteeFromMembers: 30,
  cellCommitteeFromOfficialMembers: 9,
  villageHeadMembershipTarget: 0.9,
};

/**
 * The regulations implementing the Party Charter (2011), each replacing the one before with the same
 * numbers; the 90% target for village heads is Thái Nguyên's (DOMAIN.md §1).
 */
export const STRUCTURE_RULES: RuleSetTable<StructureRules> = defineRuleSets('structure rules', [
  {
    effectiveFrom: '2011-11-01',
    legalReference: 'Party Charter (2011); Regulation 45-QĐ/TW of 1 November 2011 on implementing it',
    ...CHARTER_NUMBERS,
  },
  {
    effectiveFrom: '2016-07-25',
    legalReference: 'Party Charter (2011); Regulation 29-QĐ/TW of 25 July 2016 on implementing it',
    ...CHARTER_NUMBERS,
  },
  {
    effectiveFrom: '2021-07-30',
    legalReference: 'Party Charter (2011); Regulation 24-QĐ/TW of 30 July 2021 on implementing it',
    ...CHARTER_NUMBERS,
  },
]);

/** The rules in force on `date` (YYYY-MM-DD); refused (NO_RULE_SET_IN_FORCE, DATE_FORMAT) otherwise. */
export function structureRulesAt(
  date: string,
  rules: RuleSetTable<StructureRules> = STRUCTURE_RULES,
): StructureRules {
  return rules.at(date);
}

export type StructureWarningCode =
  | 'CELL_BELOW_MINIMUM_OFFICIAL_MEMBERS'
  | 'GRASSROOTS_CELL_SHOULD_BE_COMMITTEE'
  | 'GRASSROOTS_COMMITTEE_BELOW_THRESHOLD';

export interface StructureWarning {
  code: StructureWarningCode;
  /** English, naming the counts and the threshold. */
  message: string;
}

export interface StructureWarningInput {
  level: OrganisationLevel;
  /**
   * The organisation's own direct members. For a grassroots committee that is not the members of the
   * cells under it: whoever wants the committee judged on its whole subtree sums the subtree first.
   */
  official: number;
  probationary: number;
  /** The day the counts describe, YYYY-MM-DD: picks the rules in force. */
  date: string;
}

/**
 * What the membership counts say is out of line with the rules in force on `date`. These are warnings
 * for the people who maintain the tree, never refusals: an organisation below a threshold still exists
 * until the Party committee above it decides to merge or re-form it.
 */
export function structureWarnings(input: StructureWarningInput): StructureWarning[] {
  const { level, official, probationary, date } = input;
  for (const [name, value] of [
    ['official', official],
    ['probationary', probationary],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
  const rules = structureRulesAt(date);
  const members = official + probationary;
  const warnings: StructureWarning[] = [];
  const minimum = rules.minOfficialMembersPerCell;
  const threshold = rules.grassrootsCommitteeFromMembers;

  if (
    (level === 'CELL' || level === 'GRASSROOTS_CELL' || level === 'GRASSROOTS_COMMITTEE') &&
    official < minimum
  ) {
    warnings.push({
      code: 'CELL_BELOW_MINIMUM_OFFICIAL_MEMBERS',
      message: `has ${official} official member(s); at least ${minimum} are required (${rules.legalReference})`,
    });
  }
  if (level === 'GRASSROOTS_CELL' && members >= threshold) {
    warnings.push({
      code: 'GRASSROOTS_CELL_SHOULD_BE_COMMITTEE',
      message: `has ${members} members (${official} official, ${probationary} probationary); from ${threshold} members a grassroots organisation is a grassroots Party committee (${rules.legalReference})`,
    });
  }
  if (level === 'GRASSROOTS_COMMITTEE' && members < threshold) {
    warnings.push({
      code: 'GRASSROOTS_COMMITTEE_BELOW_THRESHOLD',
      message: `has ${members} direct members (${official} official, ${probationary} probationary); a grassroots Party committee needs ${threshold}, below that it is a grassroots Party cell (${rules.legalReference})`,
    });
  }
  return warnings;
}
