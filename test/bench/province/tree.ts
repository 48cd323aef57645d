import { ENTERPRISE_SECTORS } from '@dangvien/contracts';
import type { OrganisationSector } from '@dangvien/contracts';
import { BASE, HEADS_WHO_ARE_MEMBERS, scaled } from './shares';
import { seeded } from './random';

export type UnitLevel =
  'PROVINCE' | 'COMMUNE' | 'DIRECTLY_UNDER' | 'GRASSROOTS_COMMITTEE' | 'GRASSROOTS_CELL' | 'CELL';

export interface SyntheticUnit {
  code: string;
  name: string;
  level: UnitLevel;
  sector: string;
  parentCode: string | null;
  /** Enterprises and cooperatives need one (ENTERPRISE_REQUIRED). */
  enterprise?: { name: string };
  /** Whether members are on this unit's list (cells and grassroots cells). */
  holdsMembers: boolean;
}

export interface SyntheticLocality {
  code: string;
  name: string;
  kind: 'VILLAGE' | 'HAMLET' | 'MOUNTAIN_VILLAGE' | 'RESIDENTIAL_GROUP';
  communeCode: string;
  cellCode: string;
  /** Whether the head is a Party member (then one of the covering cell's members). */
  headIsMember: boolean;
}

export interface SyntheticTree {
  units: SyntheticUnit[];
  localities: SyntheticLocality[];
}

const DIRECTLY_UNDER = [
  ['CQ', 'Đảng bộ Các cơ quan Đảng tỉnh', 'STATE_AGENCY'],
  ['UB', 'Đảng bộ Ủy ban nhân dân tỉnh', 'STATE_AGENCY'],
  ['QS', 'Đảng bộ Quân sự tỉnh', 'ARMED_FORCES'],
  ['CA', 'Đảng bộ Công an tỉnh', 'POLICE'],
  ['DH', 'Đảng bộ Đại học Thái Nguyên', 'UNIVERSITY'],
  ['DN', 'Đảng bộ Khối doanh nghiệp', 'STATE_ENTERPRISE'],
] as const;

/** Grassroots sectors under a commune, in turn; enterprises and cooperatives are the article's 21 in 586. */
const COMMUNE_GRASSROOTS = [
  'SCHOOL',
  'PUBLIC_SERVICE_UNIT',
  'STATE_AGENCY',
  'SCHOOL',
  'PUBLIC_SERVICE_UNIT',
  'SCHOOL',
  'STATE_AGENCY',
  'SCHOOL',
  'PUBLIC_SERVICE_UNIT',
  'SCHOOL',
] as const;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The tree: the province; communes and wards under it, and the organisations directly under it;
 * grassroots organisations under both (committees with cells, and grassroots cells, which hold
 * their members themselves); residential cells under communes, each covering one or two localities
 * of its commune; the other cells inside the grassroots committees.
 */
export function syntheticTree(seed: number, scale: number): SyntheticTree {
  const next = seeded(seed);
  const communes = scaled(BASE.communes, scale);
  const directlyUnder = Math.min(DIRECTLY_UNDER.length, scaled(BASE.directlyUnder, scale));
  const grassroots = scaled(BASE.grassroots, scale);
  const cells = scaled(BASE.cells, scale, 2);
  const localities = scaled(BASE.localities, scale);
  const enterpriseCount = Math.round((grassroots * 21) / 586);
  const sectorOf = new Map<string, string>();
  const units: SyntheticUnit[] = [
    {
      code: 'TN',
      name: 'Đảng bộ tỉnh Thái Nguyên',
      level: 'PROVINCE',
      sector: 'STATE_AGENCY',
      parentCode: null,
      holdsMembers: false,
    },
  ];
  const communeCodes: string[] = [];
  for (let c = 0; c < communes; c += 1) {
    const ward = c % 5 === 0;
    const code = `TN.X${pad(c + 1, 3)}`;
    communeCodes.push(code);
    units.push({
      code,
      name: `Đảng bộ ${ward ? 'phường' : 'xã'} ${c + 1}`,
      level: 'COMMUNE',
      sector: 'RESIDENTIAL',
      parentCode: 'TN',
      holdsMembers: false,
    });
  }
  const blocks = DIRECTLY_UNDER.slice(0, directlyUnder).map(([short, name, sector]) => {
    units.push({
      code: `TN.${short}`,
      name,
      level: 'DIRECTLY_UNDER',
      sector,
      parentCode: 'TN',
      holdsMembers: false,
    });
    return { code: `TN.${short}`, sector };
  });
  // Grassroots: 2 in 7 under the blocks directly under the province, the rest spread over communes.
  const committees: string[] = [];
  for (let g = 0; g < grassroots; g += 1) {
    const underBlock = blocks.length > 0 && g % 7 < 2;
    const block = blocks[g % blocks.length];
    const parentCode = underBlock ? block!.code : communeCodes[g % communeCodes.length]!;
    const enterprise = g < enterpriseCount;
    const sector = enterprise
      ? g % 3 === 0
        ? 'COOPERATIVE'
        : 'PRIVATE_ENTERPRISE'
      : underBlock
        ? block!.sector
        : COMMUNE_GRASSROOTS[g % COMMUNE_GRASSROOTS.length]!;
    const committee = g % 5 < 3;
    const code = `${parentCode}.G${pad(g + 1, 3)}`;
    if (committee) committees.push(code);
    sectorOf.set(code, sector);
    units.push({
      code,
      name: `${committee ? 'Đảng bộ' : 'Chi bộ'} cơ sở ${g + 1}`,
      level: committee ? 'GRASSROOTS_COMMITTEE' : 'GRASSROOTS_CELL',
      sector,
      parentCode,
      ...(enterprise ? { enterprise: { name: `Công ty ${g + 1}` } } : {}),
      holdsMembers: !committee,
    });
  }
  // Two cells in three are residential (covering the localities), the others inside committees.
  const residentialCells = committees.length === 0 ? cells : Math.max(1, Math.round((cells * 2) / 3));
  const residential: { code: string; commune: string }[] = [];
  for (let k = 0; k < cells; k += 1) {
    const inCommune = k < residentialCells;
    const parentCode = inCommune
      ? communeCodes[k % communeCodes.length]!
      : committees[k % committees.length]!;
    const code = `${parentCode}.C${pad(k + 1, 4)}`;
    if (inCommune) residential.push({ code, commune: parentCode });
    units.push({
      code,
      name: `Chi bộ ${inCommune ? 'thôn' : ''} ${k + 1}`.replace('  ', ' '),
      level: 'CELL',
      sector: inCommune ? 'RESIDENTIAL' : sectorOf.get(parentCode)!,
      parentCode,
      holdsMembers: true,
    });
  }
  // An enterprise's or cooperative's units name it (ENTERPRISE_REQUIRED): a cell its committee's.
  const enterprises = new Map<string, { name: string }>();
  for (const u of units) {
    if (!ENTERPRISE_SECTORS.includes(u.sector as OrganisationSector)) continue;
    u.enterprise ??= (u.parentCode ? enterprises.get(u.parentCode) : undefined) ?? {
      name: `Doanh nghiệp ${u.code}`,
    };
    enterprises.set(u.code, u.enterprise);
  }
  const kinds = ['VILLAGE', 'HAMLET', 'MOUNTAIN_VILLAGE', 'RESIDENTIAL_GROUP'] as const;
  const list: SyntheticLocality[] = [];
  for (let l = 0; l < localities; l += 1) {
    const cell = residential[l % residential.length]!;
    const kind = kinds[l % kinds.length]!;
    list.push({
      code: `${cell.commune}.L${pad(l + 1, 4)}`,
      name: `${kind === 'RESIDENTIAL_GROUP' ? 'Tổ dân phố' : kind === 'MOUNTAIN_VILLAGE' ? 'Bản' : 'Thôn'} ${l + 1}`,
      kind,
      communeCode: cell.commune,
      cellCode: cell.code,
      headIsMember: next() < HEADS_WHO_ARE_MEMBERS,
    });
  }
  return { units, localities: list };
}
