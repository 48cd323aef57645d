import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Refusal } from '@dangvien/domain';
import { RULES } from '../domain/rules';

export type ImportFormat = 'csv' | 'xlsx';

export interface ParsedFile {
  headers: string[];
  /** Every row after the header, as text. */
  rows: string[][];
}

export function formatOf(fileName: string, format?: string | null): ImportFormat {
  const wanted = (format ?? fileName.split('.').pop() ?? '').toLowerCase();
  if (wanted === 'csv' || wanted === 'xlsx') return wanted;
  throw new Refusal(RULES.importFormat, `Imports read CSV or XLSX files, not "${wanted}"`, ['format']);
}

function csvRows(content: Buffer): string[][] {
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  // Excel writes CSV with ";" in Vietnamese locales: take the separator of the header line.
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  return parse(text, {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
  }) as string[][];
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel dates are days at midnight UTC: the calendar day as written.
    const d = value.toISOString().slice(0, 10);
    return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

async function xlsxRows(content: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column += 1)
      cells.push(cellText(row.getCell(column).value));
    rows.push(cells);
  });
  return rows;
}

/** The header and rows of a member list; refused as a whole when it cannot be read. */
export async function parseFile(content: Buffer, format: ImportFormat): Promise<ParsedFile> {
  let rows: string[][];
  try {
    rows = format === 'csv' ? csvRows(content) : await xlsxRows(content);
  } catch (error) {
    throw new Refusal(
      RULES.importUnreadable,
      `The ${format.toUpperCase()} file cannot be read: ${(error as Error).message}`,
      ['content'],
    );
  }
  const [headers, ...body] = rows;
  if (!headers) throw new Refusal(RULES.importUnreadable, 'The file is empty', ['content']);
  return {
    headers: headers.map((h) => h.trim()),
    rows: body.filter((row) => row.some((cell) => cell.trim() !== '')),
  };
}
