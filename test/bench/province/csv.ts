import {
  ethnicityName,
  QUALIFICATION_LABELS,
  RELIGION_LABELS,
  THEORY_LABELS,
} from '../../../services/members/src/domain/catalogue';
import type { DemoPerson } from '../../../services/members/src/demo/people';
import type { SyntheticProvince } from './generate';

/** The columns of the member list, headed as the example file (services/members/examples). */
export const MEMBER_LIST_HEADER = [
  'Số thẻ đảng',
  'Họ và tên',
  'Giới tính',
  'Ngày sinh',
  'Dân tộc',
  'Tôn giáo',
  'Nghề nghiệp',
  'Giáo dục phổ thông',
  'Chuyên môn nghiệp vụ',
  'Lý luận chính trị',
  'Ngày vào Đoàn',
  'Quê quán',
  'Mã tổ chức đảng',
  'Ngày quyết định kết nạp',
  'Ngày kết nạp',
  'Ngày chính thức',
];

const vn = (date: string | null) =>
  date ? `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}` : '';
const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** One member's row of the list, in the header's order. */
export function memberListRow(p: DemoPerson & { organisationCode: string }): string {
  return [
    p.partyCardNumber,
    p.fullName,
    p.sex === 'FEMALE' ? 'Nữ' : 'Nam',
    vn(p.dateOfBirth),
    ethnicityName(p.ethnicityCode),
    p.religion ? RELIGION_LABELS[p.religion] : '',
    p.occupation,
    p.generalEducation,
    p.professionalQualification ? QUALIFICATION_LABELS[p.professionalQualification] : '',
    p.politicalTheory ? THEORY_LABELS[p.politicalTheory] : '',
    vn(p.youthUnionEntryDate),
    p.hometown,
    p.organisationCode,
    vn(p.decisionDate),
    vn(p.ceremonyDate),
    vn(p.officialDate),
  ]
    .map(cell)
    .join(',');
}

/** The province's member list as a committee keeps it: one row per member, dd/mm/yyyy dates. */
export function memberListCsv(province: SyntheticProvince): string {
  const lines = [MEMBER_LIST_HEADER.join(',')];
  for (let i = 0; i < province.memberCount; i += 1) lines.push(memberListRow(province.member(i)));
  return `${lines.join('\n')}\n`;
}
