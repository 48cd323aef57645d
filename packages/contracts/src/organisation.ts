/**
 * Levels of the Party organisation tree (DOMAIN.md §2), top down. Shared by the events and the GraphQL
 * enums so the two cannot disagree. Which level may sit under which, and the member counts that decide
 * between a grassroots committee and a grassroots cell, are dated rules of the organisations service,
 * not part of the contract.
 */
export const ORGANISATION_LEVELS = [
  'PROVINCE',
  'DISTRICT',
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
  DISTRICT:
    'District-level Party organisation — Đảng bộ huyện / thị xã / thành phố thuộc tỉnh (abolished on 1 July 2025; kept for history)',
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

/** Sectors whose units are enterprises: only their organisations carry an `Enterprise`. */
export const ENTERPRISE_SECTORS: readonly OrganisationSector[] = [
  'STATE_ENTERPRISE',
  'PRIVATE_ENTERPRISE',
  'COOPERATIVE',
];

/** The enterprise (or cooperative) a Party organisation of an enterprise sector works in. */
export interface Enterprise {
  name: string;
  /** Mã số thuế: 10 digits, or 10 + `-` + 3 for a branch; null when not recorded. */
  taxCode: string | null;
}

/** The legal act that ordered a change to the tree, e.g. decision "1234-QĐ/TU". */
export interface DecisionReference {
  /** The decision number as written on it, e.g. "1234-QĐ/TU". */
  number: string;
  /** The date it was signed, YYYY-MM-DD. */
  date: string;
  /** The issuing body, e.g. "Ban Thường vụ Tỉnh ủy"; null when not recorded. */
  issuedBy: string | null;
}

/**
 * Kinds of locality (DOMAIN.md §2): the villages and residential groups a commune or ward is made of,
 * covered by residential Party cells.
 */
export const LOCALITY_KINDS = ['VILLAGE', 'HAMLET', 'MOUNTAIN_VILLAGE', 'RESIDENTIAL_GROUP'] as const;
export type LocalityKind = (typeof LOCALITY_KINDS)[number];

export const LOCALITY_KIND_DESCRIPTIONS: Record<LocalityKind, string> = {
  VILLAGE: 'Village — Thôn',
  HAMLET: 'Hamlet — Xóm',
  MOUNTAIN_VILLAGE: 'Mountain (ethnic-minority) village — Bản',
  RESIDENTIAL_GROUP: 'Urban residential group, in a ward or town — Tổ dân phố',
};
