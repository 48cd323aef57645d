/**
 * Levels of the Party organisation tree (DOMAIN.md §2), top down. Shared by the events and the GraphQL
 * enums so the two cannot disagree. Which level may sit under which, and the member counts that decide
 * between a grassroots committee and a grassroots cell, are dated rules of the organisations service,
 * not part of the contract.
 */
export const ORGANISATION_LEVELS = [
  'PROVINCE',
  'COMMUNE',
  'DIRECTLY_UNDER',
  'GRASSROOTS_COMMITTEE',
  'GRASSROOTS_CELL',
  'INTERMEDIATE',
  'CELL',
  'PARTY_GROUP',
] as const;
export type OrganisationLevel = (typeof ORGANISATION_LEVELS)[number];

/** English meaning and the Vietnamese term users know each level by; for schema descriptions. */
export const ORGANISATION_LEVEL_DESCRIPTIONS: Record<OrganisationLevel, string> = {
  PROVINCE: 'Provincial Party organisation — Đảng bộ tỉnh (Tỉnh ủy)',
  COMMUNE: 'Commune, ward or special-zone Party organisation — Đảng bộ xã / phường / đặc khu',
  DIRECTLY_UNDER:
    'Party organisation directly under the province (agencies, enterprises, armed forces, police, universities) — Đảng bộ trực thuộc',
  GRASSROOTS_COMMITTEE: 'Grassroots Party committee — Đảng bộ cơ sở',
  GRASSROOTS_CELL: 'Grassroots Party cell — Chi bộ cơ sở',
  INTERMEDIATE: 'Intermediate Party organisation inside a grassroots committee — Đảng bộ bộ phận',
  CELL: 'Party cell — Chi bộ (trực thuộc)',
  PARTY_GROUP: 'Party group inside a large cell — Tổ đảng',
};

/** The sector a unit works in (DOMAIN.md §2). */
export const ORGANISATION_SECTORS = [
  'RESIDENTIAL',
  'STATE_AGENCY',
  'PUBLIC_SERVICE_UNIT',
  'STATE_ENTERPRISE',
  'PRIVATE_ENTERPRISE',
  'COOPERATIVE',
  'SCHOOL',
  'UNIVERSITY',
  'ARMED_FORCES',
  'POLICE',
] as const;
export type OrganisationSector = (typeof ORGANISATION_SECTORS)[number];

export const ORGANISATION_SECTOR_DESCRIPTIONS: Record<OrganisationSector, string> = {
  RESIDENTIAL: 'Residential: villages and residential groups — Khu dân cư (thôn, xóm, bản, tổ dân phố)',
  STATE_AGENCY: 'State agency — Cơ quan nhà nước',
  PUBLIC_SERVICE_UNIT: 'Public service unit — Đơn vị sự nghiệp công lập',
  STATE_ENTERPRISE: 'State enterprise — Doanh nghiệp nhà nước',
  PRIVATE_ENTERPRISE: 'Private enterprise — Doanh nghiệp ngoài khu vực nhà nước',
  COOPERATIVE: 'Cooperative — Hợp tác xã',
  SCHOOL: 'School — Trường học',
  UNIVERSITY: 'University — Trường đại học',
  ARMED_FORCES: 'Armed forces — Quân đội',
  POLICE: 'Police — Công an',
};
