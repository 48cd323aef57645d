import type { SchemaChange } from './changes';
import type { SchemaCheckReport } from './check';

const line = (c: SchemaChange) => `  ${c.schema}  ${c.type}  ${c.change}`;

/**
 * The check's answer for a person: what breaks, and for each the entry that would let it pass
 * (reason and issue left for them to fill in), then what is allowed.
 */
export function formatReport(
  report: SchemaCheckReport,
  files: { deliberate: string; released: string },
): string {
  const out: string[] = [];
  if (report.breaking.length > 0) {
    out.push(`${report.breaking.length} breaking change(s) against ${files.released}:`);
    out.push(...report.breaking.map(line));
    out.push(
      '',
      'Restore what clients rely on, or, if the break is deliberate and its clients are told,',
      `add an entry per change to ${files.deliberate}:`,
      ...report.breaking.map(
        (c) =>
          `  ${JSON.stringify({ schema: c.schema, type: c.type, change: c.change, reason: 'why it is worth breaking', issue: '#…' })}`,
      ),
    );
  }
  if (report.stale.length > 0) {
    out.push(`${report.stale.length} entry(ies) of ${files.deliberate} match no change (remove them):`);
    out.push(...report.stale.map((e) => `  ${e.schema}  ${e.change}`));
  }
  if (report.deliberate.length > 0) {
    out.push(`${report.deliberate.length} deliberate breaking change(s), allowed:`);
    out.push(
      ...report.deliberate.map(({ change, entry }) => `${line(change)}  (${entry.issue}: ${entry.reason})`),
    );
  }
  if (report.dangerous.length > 0) {
    out.push(`${report.dangerous.length} dangerous change(s), allowed (clients may need to handle them):`);
    out.push(...report.dangerous.map(line));
  }
  if (report.unreleased.length > 0) {
    out.push(`not released yet (nothing to break): ${report.unreleased.join(', ')}`);
  }
  out.push(report.ok ? 'schema check: passed' : 'schema check: FAILED');
  return `${out.join('\n')}\n`;
}
