import type {
  DecisionReference,
  LocalityKind,
  OrganisationLevel,
  OrganisationSector,
} from '@dangvien/contracts';
import type { OrganisationVersion } from '../../services/organisations/src/domain/history';
import type { LocalityHead, LocalityVersion } from '../../services/organisations/src/domain/locality';
import type {
  LocalityDocument,
  OrganisationDocument,
} from '../../services/organisations/src/model/organisation';

/**
 * A province the size of Thái Nguyên after the 2025 reform, as stored documents: one province,
 * ~100 communes and wards plus a few organisations directly under it, ~600 grassroots
 * organisations, ~3,000 cells and ~3,000 villages and residential groups.
 *
 * History, so that as-of reads have something to tell apart: on REFORM_DATE a few communes are
 * merged into a neighbour (their ~100 cells and their villages move with them), some units are
 * renamed and some grassroots cells dissolved. The same seed always gives the same tree.
 */
export const CREATED_ON = '2020-10-15';
export const REFORM_DATE = '2025-07-01';
export const DAY_BEFORE_REFORM = '2025-06-30';

export interface FixtureOptions {
  seed: number;
  communes: number;
  directlyUnder: number;
  grassroots: number;
  cells: number;
  localities: number;
  mergedCommunes: number;
}

export const THAI_NGUYEN_SIZE: FixtureOptions = {
  seed: 20250701,
  communes: 100,
  directlyUnder: 6,
  grassroots: 600,
  cells: 3000,
  localities: 3000,
  mergedCommunes: 4,
};

export interface Fixture {
  organisations: OrganisationDocument[];
  localities: LocalityDocument[];
  provinceId: string;
  /** Communes still active after the reform, the largest first. */
  communeIds: string[];
  /** A commune that took in a merged one on REFORM_DATE. */
  mergingCommuneId: string;
  /** A cell under a grassroots committee: the deepest path in the tree. */
  deepCellId: string;
  counts: Record<string, number>;
}

/** mulberry32: small, fast and good enough to pick names. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => int(16).toString(16));
    hex[12] = '4';
    hex[16] = (int(4) + 8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  return { next, int, pick, uuid };
}

const PLACE_SYLLABLES = [
  'An',
  'Bình',
  'Cẩm',
  'Châu',
  'Cù',
  'Dân',
  'Đại',
  'Điềm',
  'Định',
  'Đồng',
  'Đức',
  'Giang',
  'Hà',
  'Hải',
  'Hóa',
  'Hòa',
  'Hợp',
  'Hùng',
  'Hương',
  'Khánh',
  'Kim',
  'Kha',
  'La',
  'Lạc',
  'Lâm',
  'Linh',
  'Long',
  'Lương',
  'Minh',
  'Nam',
  'Nghĩa',
  'Ngọc',
  'Phú',
  'Phúc',
  'Phượng',
  'Quang',
  'Quân',
  'Sơn',
  'Tân',
  'Thanh',
  'Thành',
  'Thịnh',
  'Thượng',
  'Tiến',
  'Trung',
  'Trúc',
  'Tức',
  'Văn',
  'Vạn',
  'Vinh',
  'Vũ',
  'Xuân',
  'Yên',
] as const;
const VILLAGE_WORDS = [
  'Đồng Cả',
  'Cầu Thành',
  'Làng Mới',
  'Na Mấy',
  'Khuôn Ngục',
  'Bờ Đậu',
  'Đồng Tâm',
  'Gốc Vải',
  'Núi Hột',
  'Tân Lập',
  'Chợ',
  'Đình',
  'Suối Cát',
  'Khe Mo',
  'Bãi Bông',
  'Cây Thị',
  'Đầm Mua',
  'Phố Cò',
  'Nà Lẹng',
  'Pác Giao',
  'Bản Chương',
  'Đèo Khế',
  'Hang Ma',
  'Ba Họ',
  'Ao Sen',
  'Rừng Chè',
  'Đồng Bòng',
  'Giữa',
] as const;
const SURNAMES = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Vũ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Ma',
  'Hà',
  'Nông',
  'Dương',
  'Lương',
] as const;
const MIDDLE_NAMES = ['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'Quang', 'Ngọc', 'Hữu', 'Thanh', 'Xuân'] as const;
const GIVEN_NAMES = [
  'Hùng',
  'Lan',
  'Nam',
  'Hà',
  'Dũng',
  'Hương',
  'Tuấn',
  'Mai',
  'Sơn',
  'Thảo',
  'Cường',
  'Huyền',
  'Bình',
  'Yến',
  'Toàn',
  'Linh',
] as const;

const DIRECTLY_UNDER_UNITS: { name: string; sector: OrganisationSector; grassroots: string[] }[] = [
  {
    name: 'Đảng bộ Công an tỉnh',
    sector: 'POLICE',
    grassroots: ['Phòng Cảnh sát giao thông', 'Phòng Cảnh sát hình sự', 'Phòng An ninh chính trị nội bộ'],
  },
  {
    name: 'Đảng bộ Quân sự tỉnh',
    sector: 'ARMED_FORCES',
    grassroots: ['Ban Chỉ huy Phòng thủ khu vực 1', 'Ban Chỉ huy Phòng thủ khu vực 2', 'Trung đoàn 855'],
  },
  {
    name: 'Đảng bộ Các cơ quan Đảng tỉnh',
    sector: 'STATE_AGENCY',
    grassroots: [
      'Văn phòng Tỉnh ủy',
      'Ban Tổ chức Tỉnh ủy',
      'Ban Tuyên giáo và Dân vận Tỉnh ủy',
      'Báo Thái Nguyên',
    ],
  },
  {
    name: 'Đảng bộ Ủy ban nhân dân tỉnh',
    sector: 'STATE_AGENCY',
    grassroots: [
      'Sở Tài chính',
      'Sở Nông nghiệp và Môi trường',
      'Sở Y tế',
      'Sở Giáo dục và Đào tạo',
      'Bệnh viện Đa khoa Trung ương Thái Nguyên',
    ],
  },
  {
    name: 'Đảng bộ Đại học Thái Nguyên',
    sector: 'UNIVERSITY',
    grassroots: [
      'Trường Đại học Sư phạm',
      'Trường Đại học Y Dược',
      'Trường Đại học Kỹ thuật Công nghiệp',
      'Trường Đại học Nông Lâm',
    ],
  },
  {
    name: 'Đảng bộ Khối doanh nghiệp tỉnh',
    sector: 'STATE_ENTERPRISE',
    grassroots: [
      'Công ty Gang thép Thái Nguyên',
      'Công ty Xi măng Quang Sơn',
      'Công ty Điện lực Thái Nguyên',
    ],
  },
];

interface CommuneGrassroots {
  name: (commune: string) => string;
  level: OrganisationLevel;
  sector: OrganisationSector;
  enterprise?: (commune: string) => string;
}

const COMMUNE_GRASSROOTS: CommuneGrassroots[] = [
  { name: (c) => `Chi bộ Trường Mầm non ${c}`, level: 'GRASSROOTS_CELL', sector: 'SCHOOL' },
  { name: (c) => `Chi bộ Trường Tiểu học ${c}`, level: 'GRASSROOTS_CELL', sector: 'SCHOOL' },
  { name: (c) => `Chi bộ Trường THCS ${c}`, level: 'GRASSROOTS_CELL', sector: 'SCHOOL' },
  { name: (c) => `Chi bộ Trạm Y tế ${c}`, level: 'GRASSROOTS_CELL', sector: 'PUBLIC_SERVICE_UNIT' },
  { name: (c) => `Chi bộ Công an ${c}`, level: 'GRASSROOTS_CELL', sector: 'POLICE' },
  {
    name: (c) => `Chi bộ Hợp tác xã chè ${c}`,
    level: 'GRASSROOTS_CELL',
    sector: 'COOPERATIVE',
    enterprise: (c) => `Hợp tác xã chè ${c}`,
  },
  {
    name: (c) => `Đảng bộ Cơ quan Đảng ủy - Ủy ban nhân dân ${c}`,
    level: 'GRASSROOTS_COMMITTEE',
    sector: 'STATE_AGENCY',
  },
  {
    name: (c) => `Đảng bộ Công ty TNHH Khoáng sản ${c}`,
    level: 'GRASSROOTS_COMMITTEE',
    sector: 'PRIVATE_ENTERPRISE',
    enterprise: (c) => `Công ty TNHH Khoáng sản ${c}`,
  },
];
const COMMITTEE_CELLS = [
  'Văn phòng',
  'Phòng Kế toán',
  'Phân xưởng 1',
  'Phân xưởng 2',
  'Tổ Kỹ thuật',
  'Bộ phận Kinh doanh',
] as const;

const pad = (n: number, width = 3) => String(n).padStart(width, '0');

/** Splits `total` into `parts` shares that differ a little (a real province is not uniform). */
function shares(random: ReturnType<typeof createRandom>, total: number, parts: number): number[] {
  const weights = Array.from({ length: parts }, () => 0.6 + random.next() * 0.8);
  const sum = weights.reduce((a, b) => a + b, 0);
  const result = weights.map((w) => Math.floor((w / sum) * total));
  let missing = total - result.reduce((a, b) => a + b, 0);
  for (let i = 0; missing > 0; i = (i + 1) % parts, missing -= 1) result[i]! += 1;
  return result;
}

export function createFixture(options: FixtureOptions = THAI_NGUYEN_SIZE): Fixture {
  const random = createRandom(options.seed);
  const organisations = new Map<string, OrganisationDocument>();
  const localities: LocalityDocument[] = [];
  const now = new Date('2025-07-01T00:00:00Z');
  const decision = (n: number, date: string): DecisionReference => ({
    number: `${n}-QĐ/TU`,
    date,
    issuedBy: 'Ban Thường vụ Tỉnh ủy',
  });
  const personName = () =>
    `${random.pick(SURNAMES)} ${random.pick(MIDDLE_NAMES)} ${random.pick(GIVEN_NAMES)}`;

  function addOrganisation(
    code: string,
    name: string,
    level: OrganisationLevel,
    sector: OrganisationSector,
    parentId: string | null,
    enterprise: string | null = null,
  ): OrganisationDocument {
    const version: OrganisationVersion = {
      from: CREATED_ON,
      name,
      level,
      sector,
      parentId,
      status: 'ACTIVE',
      enterprise: enterprise ? { name: enterprise, taxCode: `46${pad(random.int(100_000_000), 8)}` } : null,
      change: 'CREATED',
      decision: decision(100 + organisations.size, CREATED_ON),
      reason: null,
      reorganisationId: null,
    };
    const doc: OrganisationDocument = {
      _id: random.uuid(),
      code,
      versions: [version],
      predecessorIds: [],
      successorIds: [],
      version: 1,
      createdAt: now,
      updatedAt: now,
      outbox: {},
      outboxPending: 0,
    };
    organisations.set(doc._id, doc);
    return doc;
  }

  /** Appends a dated version: everything as in the latest one, except `change`. */
  function change(doc: OrganisationDocument, from: string, changes: Partial<OrganisationVersion>) {
    const latest = doc.versions[doc.versions.length - 1]!;
    doc.versions.push({
      ...latest,
      decision: decision(2000 + doc.version, from),
      reason: null,
      ...changes,
      from,
    });
    doc.version += 1;
  }

  const province = addOrganisation('TN', 'Đảng bộ tỉnh Thái Nguyên', 'PROVINCE', 'STATE_AGENCY', null);

  // Communes and wards: two-syllable names, each used once.
  const communeNames = new Set<string>();
  while (communeNames.size < options.communes) {
    const first = random.pick(PLACE_SYLLABLES);
    const second = random.pick(PLACE_SYLLABLES);
    if (first !== second) communeNames.add(`${first} ${second}`);
  }
  const communes = [...communeNames].map((place, i) => {
    const ward = i % 4 === 0;
    const doc = addOrganisation(
      `TN.${ward ? 'P' : 'X'}${pad(i + 1)}`,
      `Đảng bộ ${ward ? 'phường' : 'xã'} ${place}`,
      'COMMUNE',
      'RESIDENTIAL',
      province._id,
    );
    return { doc, place, ward };
  });

  // Grassroots: most under communes, some under the organisations directly under the province.
  const committees: OrganisationDocument[] = [];
  let grassrootsLeft = options.grassroots;
  DIRECTLY_UNDER_UNITS.slice(0, options.directlyUnder).forEach((unit, i) => {
    const parent = addOrganisation(
      `TN.T${pad(i + 1, 2)}`,
      unit.name,
      'DIRECTLY_UNDER',
      unit.sector,
      province._id,
    );
    unit.grassroots.forEach((name, j) => {
      const level = j === 0 ? 'GRASSROOTS_COMMITTEE' : 'GRASSROOTS_CELL';
      const doc = addOrganisation(
        `${parent.code}.${pad(j + 1, 2)}`,
        `${level === 'GRASSROOTS_COMMITTEE' ? 'Đảng bộ' : 'Chi bộ'} ${name}`,
        level,
        unit.sector,
        parent._id,
        unit.sector === 'STATE_ENTERPRISE' ? name : null,
      );
      if (level === 'GRASSROOTS_COMMITTEE') committees.push(doc);
      grassrootsLeft -= 1;
    });
  });
  const grassrootsPerCommune = shares(random, grassrootsLeft, communes.length);
  communes.forEach(({ doc: commune, place }, i) => {
    for (let j = 0; j < grassrootsPerCommune[i]!; j += 1) {
      const kind = COMMUNE_GRASSROOTS[j % COMMUNE_GRASSROOTS.length]!;
      const round = Math.floor(j / COMMUNE_GRASSROOTS.length);
      const doc = addOrganisation(
        `${commune.code}.G${pad(j + 1, 2)}`,
        kind.name(place) + (round > 0 ? ` số ${round + 1}` : ''),
        kind.level,
        kind.sector,
        commune._id,
        kind.enterprise ? kind.enterprise(place) : null,
      );
      if (kind.level === 'GRASSROOTS_COMMITTEE') committees.push(doc);
    }
  });

  // Cells: a few in each grassroots committee, the rest residential cells of villages and groups.
  const committeeCells: OrganisationDocument[] = [];
  for (const committee of committees) {
    const count = 2 + random.int(2);
    for (let j = 0; j < count; j += 1) {
      committeeCells.push(
        addOrganisation(
          `${committee.code}.${pad(j + 1, 2)}`,
          `Chi bộ ${COMMITTEE_CELLS[j]!}`,
          'CELL',
          committee.versions[0]!.sector,
          committee._id,
        ),
      );
    }
  }
  const residentialCells = options.cells - committeeCells.length;
  const cellsPerCommune = shares(random, residentialCells, communes.length);
  const localitiesPerCommune = shares(random, options.localities, communes.length);
  communes.forEach(({ doc: commune, ward }, i) => {
    const cells: OrganisationDocument[] = [];
    const localityNames: { name: string; kind: LocalityKind }[] = [];
    for (let j = 0; j < localitiesPerCommune[i]!; j += 1) {
      if (ward) {
        localityNames.push({ name: `Tổ dân phố ${j + 1}`, kind: 'RESIDENTIAL_GROUP' });
      } else {
        const kind = random.pick(['VILLAGE', 'VILLAGE', 'HAMLET', 'MOUNTAIN_VILLAGE'] as const);
        const word = { VILLAGE: 'Thôn', HAMLET: 'Xóm', MOUNTAIN_VILLAGE: 'Bản' }[kind];
        const base = VILLAGE_WORDS[j % VILLAGE_WORDS.length]!;
        const round = Math.floor(j / VILLAGE_WORDS.length);
        localityNames.push({ name: `${word} ${base}${round > 0 ? ` ${round + 1}` : ''}`, kind });
      }
    }
    for (let j = 0; j < cellsPerCommune[i]!; j += 1) {
      const covers = localityNames[j % localityNames.length]!.name;
      cells.push(
        addOrganisation(
          `${commune.code}.C${pad(j + 1)}`,
          `Chi bộ ${covers}`,
          'CELL',
          'RESIDENTIAL',
          commune._id,
        ),
      );
    }
    localityNames.forEach(({ name, kind }, j) => {
      // About one in twenty has no cell of its own yet: what `withoutCell` is for.
      const cell = random.int(20) === 0 ? null : cells[j % cells.length];
      const heads: LocalityHead[] = [
        {
          name: personName(),
          memberId: random.int(10) < 7 ? random.uuid() : null,
          termStart: '2022-01-01',
          termEnd: '2024-12-31',
        },
        {
          name: personName(),
          memberId: random.int(10) < 7 ? random.uuid() : null,
          termStart: '2025-01-01',
          termEnd: null,
        },
      ];
      const version: LocalityVersion = {
        from: CREATED_ON,
        name,
        kind,
        communeId: commune._id,
        cellIds: cell ? [cell._id] : [],
        status: 'ACTIVE',
        change: 'REGISTERED',
        decision: null,
        reorganisationId: null,
      };
      localities.push({
        _id: random.uuid(),
        code: `L.${commune.code.slice(3)}.${pad(j + 1)}`,
        versions: [version],
        heads,
        version: 1,
        createdAt: now,
        updatedAt: now,
        outbox: {},
        outboxPending: 0,
      });
    });
  });

  // The reform: communes merged into the next one, their cells and villages moving with them.
  const children = new Map<string, OrganisationDocument[]>();
  for (const doc of organisations.values()) {
    const parentId = doc.versions[0]!.parentId;
    if (parentId) children.set(parentId, [...(children.get(parentId) ?? []), doc]);
  }
  const merged = communes.slice(1, 1 + options.mergedCommunes * 2).filter((_, i) => i % 2 === 0);
  for (const { doc: absorbed } of merged) {
    const into = communes[communes.findIndex((c) => c.doc === absorbed) + 1]!.doc;
    change(absorbed, REFORM_DATE, { status: 'DISSOLVED', change: 'MERGED_INTO' });
    absorbed.successorIds.push(into._id);
    into.predecessorIds.push(absorbed._id);
    change(into, REFORM_DATE, { change: 'ABSORBED' });
    for (const child of children.get(absorbed._id) ?? [])
      change(child, REFORM_DATE, { parentId: into._id, change: 'MOVED' });
    for (const locality of localities) {
      const latest = locality.versions[locality.versions.length - 1]!;
      if (latest.communeId !== absorbed._id) continue;
      locality.versions.push({ ...latest, from: REFORM_DATE, communeId: into._id, change: 'MOVED' });
      locality.version += 1;
    }
  }
  // Some renamed, some grassroots cells dissolved, on the same day.
  const all = [...organisations.values()];
  for (let i = 0; i < 40; i += 1) {
    const doc = random.pick(all);
    const latest = doc.versions[doc.versions.length - 1]!;
    if (latest.status !== 'ACTIVE' || latest.from === REFORM_DATE || doc === province) continue;
    if (latest.level === 'GRASSROOTS_CELL' && i % 3 === 0) {
      change(doc, REFORM_DATE, { status: 'DISSOLVED', change: 'DISSOLVED' });
    } else {
      change(doc, REFORM_DATE, { name: `${latest.name} (mới)`, change: 'RENAMED' });
    }
  }

  const docs = [...organisations.values()];
  const levels = new Map<string, number>();
  for (const doc of docs) levels.set(doc.versions[0]!.level, (levels.get(doc.versions[0]!.level) ?? 0) + 1);
  const mergedIds = new Set(merged.map((m) => m.doc._id));
  const active = communes.filter((c) => !mergedIds.has(c.doc._id)).map((c) => c.doc);
  const size = (doc: OrganisationDocument) => children.get(doc._id)?.length ?? 0;
  return {
    organisations: docs,
    localities,
    provinceId: province._id,
    communeIds: [...active].sort((a, b) => size(b) - size(a)).map((c) => c._id),
    mergingCommuneId: merged[0]
      ? communes[communes.findIndex((c) => c.doc === merged[0]!.doc) + 1]!.doc._id
      : active[0]!._id,
    deepCellId: committeeCells[committeeCells.length - 1]!._id,
    counts: {
      organisations: docs.length,
      PROVINCE: levels.get('PROVINCE') ?? 0,
      COMMUNE: levels.get('COMMUNE') ?? 0,
      DIRECTLY_UNDER: levels.get('DIRECTLY_UNDER') ?? 0,
      GRASSROOTS: (levels.get('GRASSROOTS_COMMITTEE') ?? 0) + (levels.get('GRASSROOTS_CELL') ?? 0),
      CELL: levels.get('CELL') ?? 0,
      localities: localities.length,
      'organisations with a 2nd version': docs.filter((d) => d.versions.length > 1).length,
      'organisations moved on 2025-07-01': docs.filter((d) => d.versions.some((v) => v.change === 'MOVED'))
        .length,
      'localities moved on 2025-07-01': localities.filter((l) => l.versions.length > 1).length,
    },
  };
}
