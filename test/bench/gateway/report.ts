import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { EventBurst } from './events';
import type { LoadResult } from './load';
import type { RoundTripRow } from './round-trips';

export interface Cell extends LoadResult {
  target: string;
  workload: string;
  connections: number;
  /** Gateway CPU milliseconds per request (none for direct calls). */
  cpuMsPerRequest: number | null;
  /** The gateway's largest RSS while the cell ran, MB. */
  rssMb: number | null;
}

export interface Check {
  name: string;
  value: number;
  target: string;
  met: boolean;
}

export interface Report {
  when: string;
  engine: string;
  scale: number;
  seconds: number;
  load: { seconds: number; counts: { figure: string; expected: number; actual: number }[] };
  cells: Cell[];
  checks: Check[];
  roundTrips: RoundTripRow[];
  events: EventBurst | null;
  notes: string[];
}

const f = (n: number | null, digits = 1) => (n === null || Number.isNaN(n) ? '—' : n.toFixed(digits));

export function markdown(report: Report): string {
  const differing = report.load.counts.filter((c) => c.expected !== c.actual);
  const lines = [
    `Run ${report.when}, ${report.engine}, province at scale ${report.scale}, ${report.seconds} s per cell.`,
    '',
    `Province loaded through the public paths in ${f(report.load.seconds, 0)} s; ` +
      (differing.length === 0
        ? `all ${report.load.counts.length} counts through the gateway equal the generator's.`
        : `counts that differ: ${differing.map((c) => `${c.figure} ${c.actual} (expected ${c.expected})`).join(', ')}.`),
    '',
    '| check | value | target | met |',
    '| --- | --- | --- | --- |',
    ...report.checks.map(
      (c) => `| ${c.name} | ${f(c.value, 2)} | ${c.target} | ${c.met ? 'yes' : '**no**'} |`,
    ),
    '',
    '| workload | connections | target | req/s | p50 ms | p99 ms | CPU ms/req | RSS MB | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...report.cells.map(
      (c) =>
        `| ${c.workload} | ${c.connections} | ${c.target} | ${f(c.rps)} | ${f(c.p50, 2)} | ${f(c.p99, 2)} | ${f(
          c.cpuMsPerRequest,
          2,
        )} | ${f(c.rssMb, 0)} | ${c.errors}/${c.requests} |`,
    ),
    '',
    '| query | round trips, list of 10 | list of 100 | equal | commands (100) | all services, window (10 / 100) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...report.roundTrips.map(
      (r) =>
        `| ${r.query} | ${r.ten} | ${r.hundred} | ${r.equal ? 'yes' : '**no**'} | ${r.commands} | ${f(
          r.windowTen,
          1,
        )} / ${f(r.windowHundred, 1)} |`,
    ),
  ];
  if (report.events) {
    const e = report.events;
    lines.push(
      '',
      `Event burst: ${e.changes} member registrations (import), ${e.events} events on the topic, written in ${f(e.writeSeconds)} s.`,
      '',
      '| projection | events | events/s | lag p50 ms | lag p99 ms |',
      '| --- | --- | --- | --- | --- |',
      ...e.projections.map(
        (p) =>
          `| ${p.consumer} | ${p.events} | ${f(p.eventsPerSecond)} | ${f(p.lagP50, 0)} | ${f(p.lagP99, 0)} |`,
      ),
    );
  }
  if (report.notes.length > 0) lines.push('', ...report.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

/** Requests/s per workload and connections, one bar per target: an SVG written by hand. */
export function chart(report: Report): string {
  const groups = [...new Set(report.cells.map((c) => `${c.workload} ×${c.connections}`))];
  const targets = [...new Set(report.cells.map((c) => c.target))];
  const colours = ['#c0392b', '#2980b9', '#7f8c8d', '#27ae60'];
  const max = Math.max(1, ...report.cells.map((c) => c.rps));
  const bar = 14;
  const gap = 18;
  const groupWidth = targets.length * bar + gap;
  const width = 60 + groups.length * groupWidth;
  const height = 300;
  const plot = 220;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="10">`,
    `<text x="10" y="14" font-size="12">requests/s (max ${max.toFixed(0)}), ${report.when}</text>`,
  ];
  groups.forEach((group, g) => {
    const x0 = 50 + g * groupWidth;
    targets.forEach((target, t) => {
      const cell = report.cells.find(
        (c) => `${c.workload} ×${c.connections}` === group && c.target === target,
      );
      const h = cell ? (cell.rps / max) * plot : 0;
      parts.push(
        `<rect x="${x0 + t * bar}" y="${20 + plot - h}" width="${bar - 2}" height="${h}" fill="${colours[t % colours.length]}"><title>${target} ${group}: ${cell?.rps.toFixed(1)} req/s</title></rect>`,
      );
    });
    parts.push(
      `<text x="${x0}" y="${20 + plot + 12}" transform="rotate(30 ${x0} ${20 + plot + 12})">${group}</text>`,
    );
  });
  targets.forEach((target, t) => {
    parts.push(
      `<rect x="${width - 110}" y="${20 + t * 14}" width="10" height="10" fill="${colours[t % colours.length]}"/>`,
      `<text x="${width - 96}" y="${29 + t * 14}">${target}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Writes latest.md, latest.json and latest.svg into `folder`. */
/** Writes the report; its markdown as the repository's Prettier formats it, so it is committed as written. */
export async function writeReport(folder: string, report: Report): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'latest.md');
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(markdown(report), { ...options, filepath: file }));
  writeFileSync(join(folder, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(folder, 'latest.svg'), chart(report));
}
