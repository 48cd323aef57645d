import type { OrganisationLevel } from '@dangvien/contracts';

/**
 * Which level may sit directly under which (DOMAIN.md §2, after the 2025 reform removed districts:
 * commune-level organisations sit directly under the province and their cells directly under them).
 * `null` stands for "no parent": only a province is a root.
 */
export const ALLOWED_PARENT_LEVELS: Record<OrganisationLevel, readonly (OrganisationLevel | null)[]> = {
  PROVINCE: [null],
  COMMUNE: ['PROVINCE'],
  DIRECTLY_UNDER: ['PROVINCE'],
  GRASSROOTS_COMMITTEE: ['PROVINCE', 'COMMUNE', 'DIRECTLY_UNDER'],
  GRASSROOTS_CELL: ['PROVINCE', 'COMMUNE', 'DIRECTLY_UNDER'],
  INTERMEDIATE: ['COMMUNE', 'GRASSROOTS_COMMITTEE'],
  CELL: ['COMMUNE', 'GRASSROOTS_COMMITTEE', 'INTERMEDIATE'],
  PARTY_GROUP: ['CELL', 'GRASSROOTS_CELL'],
};

export function isAllowedParent(level: OrganisationLevel, parentLevel: OrganisationLevel | null): boolean {
  return ALLOWED_PARENT_LEVELS[level].includes(parentLevel);
}

export function describeAllowedParents(level: OrganisationLevel): string {
  const allowed = ALLOWED_PARENT_LEVELS[level];
  return allowed.map((l) => l ?? 'no parent (a root)').join(', ');
}
