import { addMonths, addYears } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import type { QualificationLevel, Religion, TheoryLevel } from '../domain/catalogue';

/** A plausible Thái Nguyên Party member, for the demo data and the benchmarks. */
export interface DemoPerson {
  fullName: string;
  sex: 'MALE' | 'FEMALE';
  dateOfBirth: CalendarDate;
  ethnicityCode: string;
  religion: Religion | null;
  generalEducation: string;
  professionalQualification: QualificationLevel | null;
  politicalTheory: TheoryLevel | null;
  occupation: string;
  youthUnionEntryDate: CalendarDate | null;
  hometown: string;
  partyCardNumber: string;
  decisionDate: CalendarDate;
  ceremonyDate: CalendarDate;
  /** Null for a probationary member (admitted within the last year). */
  officialDate: CalendarDate | null;
}

/** mulberry32: the same people for the same seed, on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(next: () => number, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let roll = next() * total;
  for (const [value, weight] of weighted) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return weighted.at(-1)![0];
}

const FAMILY = [
  ['Nguyễn', 34],
  ['Trần', 10],
  ['Lê', 8],
  ['Phạm', 6],
  ['Hoàng', 5],
  ['Vũ', 4],
  ['Đỗ', 4],
  ['Bùi', 3],
  ['Đặng', 3],
  ['Ngô', 2],
  ['Dương', 2],
  ['Lý', 1],
  ['Phan', 2],
  ['Hà', 2],
  ['Ma', 2],
  ['Lường', 1],
  ['Triệu', 2],
  ['Nông', 2],
  ['Lục', 1],
  ['Đàm', 1],
  ['Mông', 1],
  ['Hứa', 1],
] as const;
const MIDDLE = {
  MALE: [
    ['Văn', 40],
    ['Đức', 10],
    ['Minh', 10],
    ['Quang', 8],
    ['Hữu', 8],
    ['Xuân', 6],
    ['Ngọc', 5],
    ['Mạnh', 4],
    ['Thế', 4],
  ],
  FEMALE: [
    ['Thị', 55],
    ['Thu', 10],
    ['Thanh', 8],
    ['Ngọc', 6],
    ['Thùy', 5],
    ['Hồng', 5],
    ['Minh', 4],
    ['Kim', 4],
  ],
} as const;
const GIVEN = {
  MALE: [
    'An',
    'Bình',
    'Cường',
    'Dũng',
    'Đạt',
    'Đức',
    'Hải',
    'Hùng',
    'Huy',
    'Khánh',
    'Long',
    'Minh',
    'Nam',
    'Phong',
    'Quân',
    'Sơn',
    'Thắng',
    'Thành',
    'Trung',
    'Tuấn',
    'Việt',
    'Hoàng',
    'Kiên',
    'Tùng',
    'Vinh',
    'Toàn',
    'Lâm',
    'Nghĩa',
  ],
  FEMALE: [
    'Anh',
    'Chi',
    'Dung',
    'Giang',
    'Hà',
    'Hạnh',
    'Hằng',
    'Hiền',
    'Hoa',
    'Hương',
    'Lan',
    'Linh',
    'Mai',
    'Nga',
    'Ngọc',
    'Nhung',
    'Phương',
    'Quỳnh',
    'Thảo',
    'Trang',
    'Vân',
    'Yến',
    'Huyền',
    'Loan',
    'Oanh',
    'Thủy',
  ],
} as const;
/** The article's mix: 22% ethnic minorities, in Thái Nguyên's proportions (DOMAIN.md §6). */
const ETHNICITY = [
  ['01', 78],
  ['02', 10],
  ['07', 5],
  ['18', 3],
  ['15', 2.5],
  ['09', 1.5],
] as const;
const HOMETOWNS = [
  'Đại Từ',
  'Định Hóa',
  'Phú Lương',
  'Đồng Hỷ',
  'Võ Nhai',
  'Phú Bình',
  'Phổ Yên',
  'Sông Công',
  'Thái Nguyên',
] as const;
const OCCUPATIONS = [
  'Nông dân',
  'Công chức',
  'Viên chức',
  'Giáo viên',
  'Công nhân',
  'Bộ đội',
  'Công an',
  'Hưu trí',
  'Kinh doanh',
  'Sinh viên',
] as const;

const iso = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/**
 * `count` members, the same for the same seed: 41% women, 22% ethnic minorities, about a third
 * university-educated, about 5% religious, most Youth Union members, a few percent probationary
 * (admitted in the year before `today`), Party card numbers from `firstCard` on.
 */
export function demoPeople(
  count: number,
  options: { seed?: number; today: CalendarDate; firstCard?: number },
): DemoPerson[] {
  const next = random(options.seed ?? 1);
  const [ty] = options.today.split('-').map(Number) as [number];
  const people: DemoPerson[] = [];
  for (let i = 0; i < count; i += 1) {
    const sex = next() < 0.41 ? 'FEMALE' : 'MALE';
    const fullName = `${pick(next, FAMILY)} ${pick(next, MIDDLE[sex])} ${GIVEN[sex][Math.floor(next() * GIVEN[sex].length)]}`;
    const birthYear = ty - 20 - Math.floor(next() * 62);
    const dateOfBirth = iso(birthYear, 1 + Math.floor(next() * 12), 1 + Math.floor(next() * 28));
    const probationary = next() < 0.04;
    const ageAtAdmission = 18 + Math.floor(next() * 15);
    let decisionDate = addYears(dateOfBirth, ageAtAdmission);
    if (probationary || decisionDate > addMonths(options.today, -14))
      decisionDate = addMonths(options.today, -1 - Math.floor(next() * 10));
    if (decisionDate < addYears(dateOfBirth, 18)) decisionDate = addYears(dateOfBirth, 18);
    const ceremonyDate = addMonths(decisionDate, 0);
    const officialDate = addMonths(ceremonyDate, 12) <= options.today ? addMonths(ceremonyDate, 12) : null;
    const university = next() < 0.33;
    people.push({
      fullName,
      sex,
      dateOfBirth,
      ethnicityCode: pick(next, ETHNICITY),
      religion: next() < 0.05 ? (next() < 0.6 ? 'BUDDHISM' : 'CATHOLICISM') : null,
      generalEducation: next() < 0.85 ? '12/12' : '9/12',
      professionalQualification: university
        ? next() < 0.15
          ? 'MASTER'
          : 'UNIVERSITY'
        : next() < 0.5
          ? 'INTERMEDIATE'
          : null,
      politicalTheory: pick(next, [
        ['ELEMENTARY', 55],
        ['INTERMEDIATE', 30],
        ['ADVANCED', 5],
        [null, 10],
      ] as const),
      occupation: OCCUPATIONS[Math.floor(next() * OCCUPATIONS.length)]!,
      youthUnionEntryDate: next() < 0.7 ? addYears(dateOfBirth, 15) : null,
      hometown: HOMETOWNS[Math.floor(next() * HOMETOWNS.length)]!,
      partyCardNumber: String((options.firstCard ?? 10_000_000) + i).padStart(8, '0'),
      decisionDate,
      ceremonyDate,
      officialDate,
    });
  }
  return people;
}
