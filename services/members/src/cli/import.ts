#!/usr/bin/env node
// ./dangvien import members FILE: reads a member list (CSV or XLSX) here, sends it to the members
// service in batches of rows (importMemberRows, the same rules as every other client), shows a
// progress bar, and writes the rejected rows to a report file next to the list.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { formatOf, parseFile } from '../import/parse-file';

/** Rows per request: well under the subgraph's 1 MB body limit for any member list. */
export const ROWS_PER_REQUEST = 1_000;

export interface ImportReport {
  importId: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  reportFile: string | null;
}

interface RowError {
  row: number;
  column: string | null;
  value: string | null;
  rule: string;
  message: string;
}

const MUTATION = /* GraphQL */ `
  mutation ($input: ImportMemberRowsInput!) {
    importMemberRows(input: $input) {
      import {
        id
        rows
        created
        updated
        unchanged
        rejected
      }
      errors {
        row
        column
        value
        rule
        message
      }
      userErrors {
        code
        message
      }
    }
  }
`;

const csvCell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The report of rejected rows, in Vietnamese like the list: one line per row error. */
export function reportCsv(errors: readonly RowError[]): string {
  const lines = [['Dòng', 'Cột', 'Giá trị', 'Quy tắc', 'Lý do'].join(',')];
  for (const e of errors) lines.push([e.row, e.column, e.value, e.rule, e.message].map(csvCell).join(','));
  return `\uFEFF${lines.join('\n')}\n`;
}

/** Imports `file` through the members service at `url`; resolves with the totals. */
export async function importMembersFile(options: {
  file: string;
  url: string;
  report?: string;
  headers?: Record<string, string>;
  onProgress?: (done: number, total: number) => void;
}): Promise<ImportReport> {
  const format = formatOf(options.file);
  const parsed = await parseFile(await readFile(options.file), format);
  const errors: RowError[] = [];
  let importId: string | null = null;
  let totals = { id: '', rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (let i = 0; i === 0 || i < parsed.rows.length; i += ROWS_PER_REQUEST) {
    const rows = parsed.rows.slice(i, i + ROWS_PER_REQUEST);
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify({
        query: MUTATION,
        variables: {
          input: {
            importId,
            fileName: basename(options.file),
            format,
            headers: parsed.headers,
            rows,
            firstRow: i + 2,
            last: i + ROWS_PER_REQUEST >= parsed.rows.length,
          },
        },
      }),
    });
    const body = (await response.json()) as {
      data?: {
        importMemberRows: {
          import: typeof totals | null;
          errors: RowError[];
          userErrors: { code: string; message: string }[];
        };
      };
      errors?: { message: string }[];
    };
    const payload = body.data?.importMemberRows;
    if (!payload?.import) {
      const why =
        body.errors?.map((e) => e.message) ?? payload?.userErrors.map((e) => `${e.code}: ${e.message}`);
      throw new Error(`the import was refused: ${why?.join('; ') ?? response.statusText}`);
    }
    importId = payload.import.id;
    totals = payload.import;
    errors.push(...payload.errors);
    options.onProgress?.(Math.min(i + ROWS_PER_REQUEST, parsed.rows.length), parsed.rows.length);
  }
  const reportFile = errors.length > 0 ? (options.report ?? `${options.file}.loi.csv`) : null;
  if (reportFile) await writeFile(reportFile, reportCsv(errors), 'utf8');
  return {
    importId: totals.id,
    rows: totals.rows,
    created: totals.created,
    updated: totals.updated,
    unchanged: totals.unchanged,
    rejected: totals.rejected,
    reportFile,
  };
}

async function main(argv: string[]): Promise<number> {
  const [file, ...rest] = argv;
  if (!file || file.startsWith('-')) {
    process.stderr.write(
      'usage: dangvien import members FILE.csv|FILE.xlsx [--report REPORT.csv] [--url URL] [--token TOKEN]\n',
    );
    return 2;
  }
  const option = (name: string) => {
    const at = rest.indexOf(name);
    return at >= 0 ? rest[at + 1] : undefined;
  };
  // Through the gateway, as the caller the token names (an import is for the province: `@allow`).
  const url =
    option('--url') ??
    process.env.DANGVIEN_URL ??
    `http://127.0.0.1:${process.env.GATEWAY_PORT ?? '4000'}/graphql`;
  const token = option('--token') ?? process.env.DANGVIEN_TOKEN;
  const bar = new SingleBar({
    format: 'importing {bar} {percentage}% | {value}/{total} rows | {duration}s',
    hideCursor: true,
  });
  let started = false;
  const at = Date.now();
  try {
    const result = await importMembersFile({
      file,
      url,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      ...(option('--report') ? { report: option('--report')! } : {}),
      onProgress: (done, total) => {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
    });
    bar.stop();
    const seconds = (Date.now() - at) / 1000;
    process.stdout.write(
      `${result.rows} rows in ${seconds.toFixed(1)} s (${Math.round(result.rows / Math.max(seconds, 0.001))} rows/s): ` +
        `${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.rejected} rejected\n` +
        (result.reportFile ? `rejected rows: ${result.reportFile}\n` : ''),
    );
    return result.rejected > 0 ? 1 : 0;
  } catch (error) {
    if (started) bar.stop();
    process.stderr.write(`import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
