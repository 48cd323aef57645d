import { foldVietnamese } from '@dangvien/names';

/**
 * The 54 ethnic groups of Vietnam with their official codes (the General Statistics Office's list,
 * Decision 121-TCTK/PPCĐ of 1979, used by the civil registry and the Party member forms). Kinh, 01,
 * is the majority; every other group counts as an ethnic minority (dân tộc thiểu số).
 */
export const ETHNICITIES = [
  ['01', 'Kinh'],
  ['02', 'Tày'],
  ['03', 'Thái'],
  ['04', 'Hoa'],
  ['05', 'Khmer'],
  ['06', 'Mường'],
  ['07', 'Nùng'],
  ['08', 'Hmông'],
  ['09', 'Dao'],
  ['10', 'Gia Rai'],
  ['11', 'Ngái'],
  ['12', 'Ê Đê'],
  ['13', 'Ba Na'],
  ['14', 'Xơ Đăng'],
  ['15', 'Sán Chay'],
  ['16', 'Cơ Ho'],
  ['17', 'Chăm'],
  ['18', 'Sán Dìu'],
  ['19', 'Hrê'],
  ['20', 'Mnông'],
  ['21', 'Raglay'],
  ['22', 'Xtiêng'],
  ['23', 'Bru - Vân Kiều'],
  ['24', 'Thổ'],
  ['25', 'Giáy'],
  ['26', 'Cơ Tu'],
  ['27', 'Gié Triêng'],
  ['28', 'Mạ'],
  ['29', 'Khơ Mú'],
  ['30', 'Co'],
  ['31', 'Tà Ôi'],
  ['32', 'Chơ Ro'],
  ['33', 'Kháng'],
  ['34', 'Xinh Mun'],
  ['35', 'Hà Nhì'],
  ['36', 'Chu Ru'],
  ['37', 'Lào'],
  ['38', 'La Chí'],
  ['39', 'La Ha'],
  ['40', 'Phù Lá'],
  ['41', 'La Hủ'],
  ['42', 'Lự'],
  ['43', 'Lô Lô'],
  ['44', 'Chứt'],
  ['45', 'Mảng'],
  ['46', 'Pà Thẻn'],
  ['47', 'Cơ Lao'],
  ['48', 'Cống'],
  ['49', 'Bố Y'],
  ['50', 'Si La'],
  ['51', 'Pu Péo'],
  ['52', 'Brâu'],
  ['53', 'Ơ Đu'],
  ['54', 'Rơ Măm'],
] as const;

export const MAJORITY_ETHNICITY = '01';

const ETHNICITY_NAMES = new Map<string, string>(ETHNICITIES);
/** Folded names and common other spellings, for imported lists that write the name. */
const ETHNICITY_BY_NAME = new Map<string, string>([
  ...ETHNICITIES.map(([code, name]) => [foldVietnamese(name), code] as [string, string]),
  ['h mong', '08'],
  ['mong', '08'],
  ['hmong', '08'],
  ['ede', '12'],
  ['bahnar', '13'],
  ['khome', '05'],
  ['kho mu', '29'],
  ['khmu', '29'],
  ['bru van kieu', '23'],
  ['van kieu', '23'],
]);

export function isEthnicityCode(code: string): boolean {
  return ETHNICITY_NAMES.has(code);
}

export function ethnicityName(code: string): string {
  return ETHNICITY_NAMES.get(code) ?? code;
}

/** A code as given ("7", "07") or a name ("Nùng", "nung"); null when it is neither. */
export function ethnicityCodeOf(text: string): string | null {
  const trimmed = text.trim();
  if (/^[0-9]{1,2}$/.test(trimmed)) {
    const code = trimmed.padStart(2, '0');
    return isEthnicityCode(code) ? code : null;
  }
  return ETHNICITY_BY_NAME.get(foldVietnamese(trimmed)) ?? null;
}

export const RELIGIONS = [
  'BUDDHISM',
  'CATHOLICISM',
  'PROTESTANTISM',
  'CAO_DAI',
  'HOA_HAO',
  'ISLAM',
  'OTHER',
] as const;
export type Religion = (typeof RELIGIONS)[number];

export const RELIGION_LABELS: Record<Religion, string> = {
  BUDDHISM: 'Phật giáo',
  CATHOLICISM: 'Công giáo',
  PROTESTANTISM: 'Tin Lành',
  CAO_DAI: 'Cao Đài',
  HOA_HAO: 'Phật giáo Hòa Hảo',
  ISLAM: 'Hồi giáo',
  OTHER: 'Tôn giáo khác',
};

const NO_RELIGION = new Set(['', 'khong', 'khong co', 'khong ton giao', 'none', '-']);

/** A religion as written on a form; `{ religion: null }` for none, OTHER for one not in the catalogue. */
export function religionOf(text: string | null | undefined): Religion | null {
  const folded = foldVietnamese(text ?? '');
  if (NO_RELIGION.has(folded)) return null;
  if (folded.includes('hoa hao')) return 'HOA_HAO';
  if (folded.includes('cao dai')) return 'CAO_DAI';
  if (folded.includes('tin lanh') || folded.includes('protestant')) return 'PROTESTANTISM';
  if (folded.includes('cong giao') || folded.includes('thien chua') || folded.includes('catholic'))
    return 'CATHOLICISM';
  if (folded.includes('hoi giao') || folded.includes('islam')) return 'ISLAM';
  if (folded.includes('phat') || folded.includes('buddh')) return 'BUDDHISM';
  return 'OTHER';
}

export const THEORY_LEVELS = ['ELEMENTARY', 'INTERMEDIATE', 'ADVANCED', 'BACHELOR'] as const;
export type TheoryLevel = (typeof THEORY_LEVELS)[number];
export const THEORY_LABELS: Record<TheoryLevel, string> = {
  ELEMENTARY: 'Sơ cấp',
  INTERMEDIATE: 'Trung cấp',
  ADVANCED: 'Cao cấp',
  BACHELOR: 'Cử nhân',
};

export const QUALIFICATION_LEVELS = [
  'VOCATIONAL',
  'INTERMEDIATE',
  'COLLEGE',
  'UNIVERSITY',
  'MASTER',
  'DOCTOR',
] as const;
export type QualificationLevel = (typeof QUALIFICATION_LEVELS)[number];
export const QUALIFICATION_LABELS: Record<QualificationLevel, string> = {
  VOCATIONAL: 'Sơ cấp nghề',
  INTERMEDIATE: 'Trung cấp',
  COLLEGE: 'Cao đẳng',
  UNIVERSITY: 'Đại học',
  MASTER: 'Thạc sĩ',
  DOCTOR: 'Tiến sĩ',
};
/** University or above: the article's "about 33% university-educated". */
export const UNIVERSITY_OR_ABOVE: ReadonlySet<QualificationLevel> = new Set([
  'UNIVERSITY',
  'MASTER',
  'DOCTOR',
]);

export const ACADEMIC_TITLES = ['ASSOCIATE_PROFESSOR', 'PROFESSOR'] as const;
export type AcademicTitle = (typeof ACADEMIC_TITLES)[number];

/** A level as written in Vietnamese or as its code; null when none is recognised. */
function levelOf<T extends string>(text: string | null | undefined, labels: Record<T, string>): T | null {
  const trimmed = (text ?? '').trim();
  if (!trimmed) return null;
  if (trimmed in labels) return trimmed as T;
  const folded = foldVietnamese(trimmed);
  // Longest label first: "trung cap" must not win inside "cao dang"; "so cap nghe" before "so cap".
  const entries = (Object.entries(labels) as [T, string][]).sort((a, b) => b[1].length - a[1].length);
  for (const [code, label] of entries) if (folded.includes(foldVietnamese(label))) return code;
  return null;
}

export const theoryLevelOf = (text: string | null | undefined) => levelOf(text, THEORY_LABELS);

export function qualificationLevelOf(text: string | null | undefined): QualificationLevel | null {
  const folded = foldVietnamese(text ?? '');
  if (/\bts\b|tien si/.test(folded)) return 'DOCTOR';
  if (/\bths\b|thac si/.test(folded)) return 'MASTER';
  if (/\bdh\b|dai hoc|cu nhan|ky su|bac si/.test(folded)) return 'UNIVERSITY';
  if (/\bcd\b|cao dang/.test(folded)) return 'COLLEGE';
  return levelOf(text, QUALIFICATION_LABELS);
}

export function academicTitleOf(text: string | null | undefined): AcademicTitle | null {
  const folded = foldVietnamese(text ?? '');
  if (/pho giao su|\bpgs\b/.test(folded)) return 'ASSOCIATE_PROFESSOR';
  if (/giao su|\bgs\b/.test(folded)) return 'PROFESSOR';
  return null;
}

export const EDUCATION_LEVELS = ['PRIMARY', 'LOWER_SECONDARY', 'UPPER_SECONDARY'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];
export const EDUCATION_LABELS: Record<EducationLevel, string> = {
  PRIMARY: 'Tiểu học',
  LOWER_SECONDARY: 'Trung học cơ sở',
  UPPER_SECONDARY: 'Trung học phổ thông',
};

/**
 * General education as the form writes it, "grade/system": 12/12 and 10/10 finish upper secondary,
 * 9/12 (or 7/10 in the old 10-year system) lower secondary. Null when it cannot be read.
 */
export function educationLevelOf(text: string | null | undefined): EducationLevel | null {
  const match = /^\s*(\d{1,2})\s*\/\s*(10|12)\s*$/.exec(text ?? '');
  if (!match) return null;
  const grade = Number(match[1]);
  const system = Number(match[2]);
  if (grade < 1 || grade > system) return null;
  const lower = system === 12 ? 9 : 7;
  if (grade >= system) return 'UPPER_SECONDARY';
  if (grade >= lower) return 'LOWER_SECONDARY';
  return 'PRIMARY';
}
