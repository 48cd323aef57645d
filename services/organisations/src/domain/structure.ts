import type { OrganisationLevel } from '@dangvien/contracts';
import { defineRuleSets } from '@dangvien/domain';
import type { CalendarDate, DatedRuleSet, RuleSetTable } from '@dangvien/domain';

type ParentTable = Record<OrganisationLevel, readonly (OrganisationLevel | null)[]>;

/**
 * Which level may sit directly under which, as dated configuration: the 2025 reform abolished the
 * district level, so what is allowed depends on the effective date of the change. `null` stands for
 * "no parent": only a province is a root.
 */
export const STRUCTURE_VERSIONS: RuleSetTable<DatedRuleSet & { parents: ParentTable }> = defineRuleSets(
  'level rules',
  [
    {
      // From the founding of the Party: nothing here is dated earlier.
      effectiveFrom: '1930-02-03',
      legalReference: 'Party Charter; three-level local government (province, district, commune)',
      parents: {
        PROVINCE: [null],
        DISTRICT: ['PROVINCE'],
        COMMUNE: ['DISTRICT', 'PROVINCE'],
        DIRECTLY_UNDER: ['PROVINCE', 'DISTRICT'],
        GRASSROOTS_COMMITTEE: ['PROVINCE', 'DISTRICT', 'COMMUNE', 'DIRECTLY_UNDER'],
        GRASSROOTS_CELL: ['PROVINCE', 'DISTRICT', 'COMMUNE', 'DIRECTLY_UNDER'],
        INTERMEDIATE: ['COMMUNE', 'GRASSROOTS_COMMITTEE'],
        CELL: ['COMMUNE', 'GRASSROOTS_COMMITTEE', 'INTERMEDIATE'],
        PARTY_GROUP: ['CELL', 'GRASSROOTS_CELL'],
      },
    },
    {
      effectiveFrom: '2025-07-01',
      legalReference:
        'Two-level local government from 1 July 2025 (Resolution 60-NQ/TW of 12 April 2025; Law on Organisation of Local Government, 2025): districts abolished, communes directly under the province',
      parents: {
        PROVINCE: [null],
        DISTRICT: [],
        COMMUNE: ['PROVINCE'],
        DIRECTLY_UNDER: ['PROVINCE'],
        GRASSROOTS_COMMITTEE: ['PROVINCE', 'COMMUNE', 'DIRECTLY_UNDER'],
        GRASSROOTS_CELL: ['PROVINCE', 'COMMUNE', 'DIRECTLY_UNDER'],
        INTERMEDIATE: ['COMMUNE', 'GRASSROOTS_COMMITTEE'],
        CELL: ['COMMUNE', 'GRASSROOTS_COMMITTEE', 'INTERMEDIATE'],
        PARTY_GROUP: ['CELL', 'GRASSROOTS_CELL'],
      },
    },
  ],
);

export function structureAt(date: CalendarDate): ParentTable {
  return STRUCTURE_VERSIONS.at(date, ['effectiveDate']).parents;
}

export function isAllowedParent(
  level: OrganisationLevel,
  parentLevel: OrganisationLevel | null,
  date: CalendarDate,
): boolean {
  return structureAt(date)[level].includes(parentLevel);
}

export function describeAllowedParents(level: OrganisationLevel, date: CalendarDate): string {
  const allowed = structureAt(date)[level];
  if (allowed.length === 0) return `nothing (no new ${level} on ${date})`;
  return allowed.map((l) => l ?? 'no parent (a root)').join(', ');
}
