import { foldVietnamese } from '@dangvien/names';
import { isCalendarDate } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import {
  academicTitleOf,
  ethnicityCodeOf,
  qualificationLevelOf,
  religionOf,
  theoryLevelOf,
} from '../domain/catalogue';

/** A cell that cannot be read: the rule it breaks and why. */
export class CellError extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

export const IMPORT_RULES = {
  required: 'IMPORT_VALUE_REQUIRED',
  date: 'IMPORT_DATE_FORMAT',
  sex: 'IMPORT_SEX_UNKNOWN',
  ethnicity: 'ETHNICITY_UNKNOWN',
  theory: 'IMPORT_POLITICAL_THEORY_UNKNOWN',
  qualification: 'IMPORT_QUALIFICATION_UNKNOWN',
  organisation: 'ORGANISATION_NOT_FOUND',
  duplicateCard: 'IMPORT_PARTY_CARD_REPEATED',
  missingColumn: 'IMPORT_COLUMN_MISSING',
  placementDiffers: 'IMPORT_PLACEMENT_DIFFERS',
} as const;

/** 25/6/1978, 25-06-1978, 25.06.1978 (as Vietnamese lists write dates) or 1978-06-25. */
export function parseDate(value: string): CalendarDate {
  const text = value.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : vn ? [vn[3], vn[2], vn[1]] : [];
  const date = y ? `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}` : '';
  if (!isCalendarDate(date)) throw new CellError(IMPORT_RULES.date, `"${value}" is not a date (dd/mm/yyyy)`);
  return date;
}

function parseSex(value: string): 'MALE' | 'FEMALE' {
  const folded = foldVietnamese(value);
  if (folded === 'nam' || folded === 'male' || folded === 'm') return 'MALE';
  if (folded === 'nu' || folded === 'female' || folded === 'f') return 'FEMALE';
  throw new CellError(IMPORT_RULES.sex, `"${value}" is neither Nam nor Nữ`);
}

type Parser = (value: string) => unknown;

export interface ImportColumn {
  /** The field the column fills. */
  key: string;
  /** The header of the example file (Vietnamese). */
  header: string;
  required: boolean;
  parse: Parser;
  description: string;
}

const text: Parser = (v) => v.trim();
const list: Parser = (v) =>
  v
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
const date: Parser = parseDate;

/**
 * The columns of an imported member list, in the order of the example file
 * (services/members/examples/danh-sach-dang-vien.csv). Headers are matched without diacritics,
 * case or punctuation ("Số thẻ đảng", "so_the_dang" and "SO THE DANG" are the same column); other
 * columns are ignored. Dates are dd/mm/yyyy.
 */
export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    key: 'partyCardNumber',
    header: 'Số thẻ đảng',
    required: true,
    parse: text,
    description: '8 digits; identifies the member: a re-run updates the file, never duplicates it',
  },
  { key: 'fullName', header: 'Họ và tên', required: true, parse: text, description: 'Full name' },
  {
    key: 'otherNames',
    header: 'Tên gọi khác',
    required: false,
    parse: list,
    description: 'Other names, separated by ;',
  },
  { key: 'sex', header: 'Giới tính', required: true, parse: parseSex, description: 'Nam or Nữ' },
  { key: 'dateOfBirth', header: 'Ngày sinh', required: true, parse: date, description: 'dd/mm/yyyy' },
  { key: 'birthplace', header: 'Nơi sinh', required: false, parse: text, description: '' },
  { key: 'hometown', header: 'Quê quán', required: false, parse: text, description: '' },
  { key: 'residence', header: 'Nơi ở hiện nay', required: false, parse: text, description: '' },
  {
    key: 'ethnicityCode',
    header: 'Dân tộc',
    required: true,
    parse: (v) => {
      const code = ethnicityCodeOf(v);
      if (!code)
        throw new CellError(
          IMPORT_RULES.ethnicity,
          `"${v}" is not one of the 54 ethnic groups (name or code 01–54)`,
        );
      return code;
    },
    description: 'Name (Kinh, Tày, Nùng…) or code 01–54',
  },
  {
    key: 'religion',
    header: 'Tôn giáo',
    required: false,
    parse: (v) => religionOf(v),
    description: 'Empty or Không for none',
  },
  { key: 'occupation', header: 'Nghề nghiệp', required: false, parse: text, description: '' },
  {
    key: 'generalEducation',
    header: 'Giáo dục phổ thông',
    required: false,
    parse: text,
    description: 'grade/system, e.g. 12/12',
  },
  {
    key: 'professionalQualification',
    header: 'Chuyên môn nghiệp vụ',
    required: false,
    parse: (v) => {
      const level = qualificationLevelOf(v);
      if (!level)
        throw new CellError(
          IMPORT_RULES.qualification,
          `"${v}" is not a level (Trung cấp, Cao đẳng, Đại học, Thạc sĩ, Tiến sĩ…)`,
        );
      return level;
    },
    description: 'Sơ cấp nghề, Trung cấp, Cao đẳng, Đại học, Thạc sĩ, Tiến sĩ',
  },
  {
    key: 'academicTitle',
    header: 'Học hàm',
    required: false,
    parse: (v) => academicTitleOf(v),
    description: 'Phó giáo sư, Giáo sư',
  },
  {
    key: 'politicalTheory',
    header: 'Lý luận chính trị',
    required: false,
    parse: (v) => {
      const level = theoryLevelOf(v);
      if (!level)
        throw new CellError(
          IMPORT_RULES.theory,
          `"${v}" is not a level (Sơ cấp, Trung cấp, Cao cấp, Cử nhân)`,
        );
      return level;
    },
    description: 'Sơ cấp, Trung cấp, Cao cấp, Cử nhân',
  },
  { key: 'foreignLanguage', header: 'Ngoại ngữ', required: false, parse: text, description: '' },
  { key: 'informationTechnology', header: 'Tin học', required: false, parse: text, description: '' },
  {
    key: 'youthUnionEntryDate',
    header: 'Ngày vào Đoàn',
    required: false,
    parse: date,
    description: 'dd/mm/yyyy',
  },
  { key: 'historyNumber', header: 'Số lý lịch', required: false, parse: text, description: '' },
  { key: 'citizenId', header: 'Số CCCD', required: false, parse: text, description: '12 digits' },
  {
    key: 'organisationCode',
    header: 'Mã tổ chức đảng',
    required: true,
    parse: (v) => v.trim().toUpperCase(),
    description: 'Code of the cell, e.g. TN.DTU.DCA',
  },
  {
    key: 'decisionDate',
    header: 'Ngày quyết định kết nạp',
    required: true,
    parse: date,
    description: 'Party age counts from it',
  },
  { key: 'decisionNumber', header: 'Số quyết định kết nạp', required: false, parse: text, description: '' },
  {
    key: 'ceremonyDate',
    header: 'Ngày kết nạp',
    required: false,
    parse: date,
    description: 'The admission ceremony',
  },
  {
    key: 'officialDate',
    header: 'Ngày chính thức',
    required: false,
    parse: date,
    description: 'Empty for a probationary member',
  },
  {
    key: 'memberSince',
    header: 'Ngày vào chi bộ',
    required: false,
    parse: date,
    description: 'On this cell’s list since (default: the decision date)',
  },
];

const normalise = (header: string) => foldVietnamese(header).replace(/\s+/g, '_');
const BY_HEADER = new Map(IMPORT_COLUMNS.map((column) => [normalise(column.header), column]));

/** Which column of the file each field is in; the required fields whose columns are missing. */
export function mapHeaders(headers: readonly string[]): {
  columns: Map<number, ImportColumn>;
  missing: ImportColumn[];
} {
  const columns = new Map<number, ImportColumn>();
  headers.forEach((header, index) => {
    const column = BY_HEADER.get(normalise(header));
    if (column && ![...columns.values()].includes(column)) columns.set(index, column);
  });
  const present = new Set(columns.values());
  return { columns, missing: IMPORT_COLUMNS.filter((c) => c.required && !present.has(c)) };
}
