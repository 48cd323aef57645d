import { readFile } from 'node:fs/promises';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { TOPICS } from '@dangvien/contracts';
import { readTopicMessages } from '@dangvien/testing';
import { importMembersFile } from '../src/cli/import';
import { IMPORT_COLUMNS } from '../src/import/columns';
import { SENSITIVE_READER, gql, startTestService, withTree } from './helpers';

const HEADERS = IMPORT_COLUMNS.map((c) => c.header);
const EXAMPLE = join(__dirname, '..', 'examples', 'danh-sach-dang-vien.csv');

/** A row in the columns of the example file, by field. */
function row(values: Record<string, string>): string[] {
  return IMPORT_COLUMNS.map((c) => values[c.key] ?? '');
}
const csv = (rows: string[][]) =>
  [HEADERS, ...rows]
    .map((r) => r.map((v) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(','))
    .join('\n');

const IMPORT = /* GraphQL */ `
  mutation ($input: ImportMembersInput!) {
    importMembers(input: $input) {
      import {
        id
        rows
        imported
        created
        updated
        unchanged
        rejected
        errors {
          row
          column
          value
          rule
          message
        }
      }
      userErrors {
        code
        message
      }
    }
  }
`;

interface ImportResult {
  id: string;
  rows: number;
  imported: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: { row: number; column: string | null; value: string | null; rule: string }[];
}

describe('bulk import of member lists (real database and broker)', () => {
  const { service, parts, drop } = startTestService({ name: 'members_import' });
  const held = withTree({ service, parts, drop });
  const base = 40_000_000 + Math.floor(Math.random() * 5_000_000) * 10;
  const card = (i: number) => String(base + i);

  const importFile = async (fileName: string, content: Buffer): Promise<ImportResult> => {
    const response = await gql<{ importMembers: { import: ImportResult | null; userErrors: unknown[] } }>(
      service.url,
      IMPORT,
      {
        input: { fileName, content: content.toString('base64') },
      },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.importMembers.userErrors).toEqual([]);
    return response.data!.importMembers.import!;
  };
  const good = (i: number, overrides: Record<string, string> = {}) =>
    row({
      partyCardNumber: card(i),
      fullName: `Nguyễn Văn Thành ${String.fromCharCode(65 + i)}`,
      sex: i % 2 ? 'Nữ' : 'Nam',
      dateOfBirth: `0${(i % 9) + 1}/05/1980`,
      ethnicityCode: i % 3 ? 'Kinh' : 'Tày',
      generalEducation: '12/12',
      professionalQualification: 'Đại học',
      politicalTheory: 'Trung cấp',
      organisationCode: held.tree.codes.A1!,
      decisionDate: '19/05/2012',
      ceremonyDate: '02/06/2012',
      officialDate: '02/06/2013',
      ...overrides,
    });

  it('imports the good rows, reports the broken ones with row, column, value and rule, and a re-run updates', async () => {
    const rows = [
      good(0),
      good(1),
      good(2, { partyCardNumber: '1234567' }),
      good(3, { fullName: '' }),
      good(4, { organisationCode: 'KHONG.CO' }),
      good(5, { dateOfBirth: '31/02/1980' }),
      good(6, { ethnicityCode: 'Elf' }),
      good(7, { officialDate: '02/07/2013' }),
      good(8, { organisationCode: held.tree.codes.C1! }),
      good(9, { partyCardNumber: card(0) }),
      good(10, { sex: 'X' }),
      good(11),
      good(12, { organisationCode: held.tree.codes.B1!, officialDate: '' }),
    ];
    const first = await importFile('danh-sach.csv', Buffer.from(csv(rows)));
    expect(first).toMatchObject({ rows: 13, created: 4, updated: 0, unchanged: 0, rejected: 9, imported: 4 });
    expect(first.errors.map((e) => [e.row, e.column, e.value, e.rule])).toEqual([
      [4, 'Số thẻ đảng', '1234567', 'PARTY_CARD_NUMBER_FORMAT'],
      [5, 'Họ và tên', null, 'IMPORT_VALUE_REQUIRED'],
      [6, 'Mã tổ chức đảng', 'KHONG.CO', 'ORGANISATION_NOT_FOUND'],
      [7, 'Ngày sinh', '31/02/1980', 'IMPORT_DATE_FORMAT'],
      [8, 'Dân tộc', 'Elf', 'ETHNICITY_UNKNOWN'],
      [9, 'Ngày chính thức', '02/07/2013', 'OFFICIAL_DATE_NOT_END_OF_PROBATION'],
      [10, 'Mã tổ chức đảng', held.tree.codes.C1!, 'ORGANISATION_NOT_A_CELL'],
      [11, 'Số thẻ đảng', card(0), 'IMPORT_PARTY_CARD_REPEATED'],
      [12, 'Giới tính', 'X', 'IMPORT_SEX_UNKNOWN'],
    ]);
    const members = parts.repository.model;
    expect(await members.countDocuments({ cardKey: { $in: [card(0), card(1), card(11), card(12)] } })).toBe(
      4,
    );

    // The same list again, one occupation changed: that file is updated, nothing is duplicated.
    const changed = rows.map((r, i) =>
      i === 1
        ? row({
            ...Object.fromEntries(IMPORT_COLUMNS.map((c, j) => [c.key, r[j]!])),
            occupation: 'Giáo viên',
          })
        : r,
    );
    const second = await importFile('danh-sach.csv', Buffer.from(csv(changed)));
    expect(second).toMatchObject({ rows: 13, created: 0, updated: 1, unchanged: 3, rejected: 9 });
    expect(await members.countDocuments({ cardKey: { $in: [card(0), card(1), card(11), card(12)] } })).toBe(
      4,
    );

    // Every imported member was published, as registered.
    const ids = (
      await members.find({ cardKey: { $in: [card(0), card(1), card(11), card(12)] } }, { _id: 1 }).lean()
    ).map((d) => d._id);
    const published = await readTopicMessages(held.kafka.kafka, TOPICS.members, {
      until: (all) =>
        ids.every((id) => all.some((m) => m.key === id && m.headers.ce_type?.includes('MemberRegistered'))),
      timeoutMs: 30_000,
    });
    expect(
      published.filter((m) => ids.includes(m.key!) && m.headers.ce_type?.includes('MemberRegistered')),
    ).toHaveLength(4);
  }, 90_000);

  it('reads XLSX files and the example list, with dates as Excel stores them', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Đảng viên');
    sheet.addRow(HEADERS);
    const values = good(20);
    const dateAt = IMPORT_COLUMNS.findIndex((c) => c.key === 'dateOfBirth');
    sheet.addRow(values.map((v, i) => (i === dateAt ? new Date(Date.UTC(1980, 4, 3)) : v)));
    sheet.addRow(good(21, { fullName: 'Lường Văn Pảo' }));
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = await importFile('danh-sach.xlsx', xlsx);
    expect(result).toMatchObject({ rows: 2, created: 2, rejected: 0 });
    const stored = await parts.repository.byCards([card(20)]);
    expect(stored[0]!.profile.dateOfBirth).toBe('1980-05-03');

    // The example file of the documentation, in the test's own cells.
    const example = (await readFile(EXAMPLE, 'utf8'))
      .replace(/TN\.DTU\.DCA/g, held.tree.codes.A1!)
      .replace(/TN\.DHO\.PCA/g, held.tree.codes.A2!)
      .replace(/TN\.PDP\.TDP01/g, held.tree.codes.B1!)
      .replace(/1900123(\d)/g, (_, d: string) => card(30 + Number(d)));
    const imported = await importFile('danh-sach-dang-vien.csv', Buffer.from(example));
    expect(imported).toMatchObject({ rows: 3, created: 3, rejected: 0 });
  }, 60_000);

  it('imports through the CLI in batches, and writes the rejected rows to a report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'members-import-'));
    const file = join(dir, 'danh-sach.csv');
    await writeFile(file, csv([good(40), good(41, { sex: '?' }), good(42)]));
    const progress: number[] = [];
    const result = await importMembersFile({
      file,
      url: service.url,
      headers: SENSITIVE_READER,
      onProgress: (done) => progress.push(done),
    });
    expect(result).toMatchObject({ rows: 3, created: 2, rejected: 1 });
    expect(progress).toEqual([3]);
    const report = await readFile(result.reportFile!, 'utf8');
    expect(report.split('\n').slice(0, 2)).toEqual([
      '\uFEFFDòng,Cột,Giá trị,Quy tắc,Lý do',
      '3,Giới tính,?,IMPORT_SEX_UNKNOWN,"""?"" is neither Nam nor Nữ"',
    ]);
  }, 60_000);
});
