import { todayInVietnam } from '@dangvien/domain';
import {
  ethnicityName,
  QUALIFICATION_LABELS,
  RELIGION_LABELS,
  THEORY_LABELS,
} from '../../services/members/src/domain/catalogue';
import { demoPeople } from '../../services/members/src/demo/people';

const HEADER = [
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

/** The member list as a committee would keep it, the people spread evenly over the cells. */
export function memberList(count: number, cellCodes: string[]): string {
  const people = demoPeople(count, { seed: 9, today: todayInVietnam(), firstCard: 30_000_000 });
  const lines = people.map((p, i) =>
    [
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
      cellCodes[i % cellCodes.length]!,
      vn(p.decisionDate),
      vn(p.ceremonyDate),
      vn(p.officialDate),
    ]
      .map(cell)
      .join(','),
  );
  return [HEADER.join(','), ...lines].join('\n');
}
