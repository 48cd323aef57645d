import type { Cell, Check } from './report';

/**
 * The targets, from cells of one run: throughput ratios at the middle connection count
 * (10 by default: enough to queue, not enough to saturate two shared cores), latency at 1.
 */
export function checks(cells: readonly Cell[], connections: readonly number[]): Check[] {
  const middle = connections[Math.floor(connections.length / 2)] ?? connections[0]!;
  const at = (workload: string, target: string, n: number) =>
    cells.find((c) => c.workload === workload && c.target === target && c.connections === n);
  const ratio = (workload: string, a: string, b: string, n: number) => {
    const x = at(workload, a, n);
    const y = at(workload, b, n);
    // A cell with failed requests measures something else (a refusal is fast): no ratio from it.
    return x && y && y.rps > 0 && x.errors === 0 && y.errors === 0 ? x.rps / y.rps : NaN;
  };
  const ours = 'dangvien gateway';
  const searchAdded = (at('search', ours, 1)?.p50 ?? NaN) - (at('search', 'direct', 1)?.p50 ?? NaN);
  const dashboardAdded = (at('dashboard', ours, 1)?.p50 ?? NaN) - (at('dashboard', 'direct', 1)?.p50 ?? NaN);
  const canned = (c: Cell) => c.workload.endsWith('(canned subgraphs)');
  const rssOf = (list: readonly Cell[]) =>
    Math.max(...list.filter((c) => c.target === ours).map((c) => c.rssMb ?? 0));
  const rss = rssOf(cells.filter((c) => !canned(c)));
  const list: Check[] = [
    {
      name: `gateway/direct req/s, one-subgraph query (search) ×${middle}`,
      value: ratio('search', ours, 'direct', middle),
      target: '≥ 0.8',
      met: false,
    },
    {
      name: `gateway/direct req/s, dashboard ×${middle}`,
      value: ratio('dashboard', ours, 'direct', middle),
      target: '≥ 0.6',
      met: false,
    },
    { name: 'added latency p50 at 1 connection, search (ms)', value: searchAdded, target: '≤ 3', met: false },
    {
      name: 'added latency p50 at 1 connection, dashboard (ms)',
      value: dashboardAdded,
      target: '≤ 3',
      met: false,
    },
    {
      name: `ours/Hive req/s, dashboard ×${middle}`,
      value: ratio('dashboard', ours, 'Hive Gateway', middle),
      target: '≥ 1.5',
      met: false,
    },
    {
      name: `ours/Hive req/s, search ×${middle}`,
      value: ratio('search', ours, 'Hive Gateway', middle),
      target: '≥ 1.5',
      met: false,
    },
    {
      name: `ours/Hive req/s, write ×${middle}`,
      value: ratio('write', ours, 'Hive Gateway', middle),
      target: '≥ 1.5',
      met: false,
    },
    // The same, gateway-bound: the subgraphs' answers canned (canned.ts), so that the subgraphs and
    // the database, which share the cores with the gateways, do not cap both gateways alike.
    {
      name: `ours/Hive req/s, dashboard ×${middle}, canned subgraphs`,
      value: ratio('dashboard (canned subgraphs)', ours, 'Hive Gateway', middle),
      target: '≥ 1.5',
      met: false,
    },
    {
      name: `ours/Hive req/s, search ×${middle}, canned subgraphs`,
      value: ratio('search (canned subgraphs)', ours, 'Hive Gateway', middle),
      target: '≥ 1.5',
      met: false,
    },
    { name: 'gateway RSS under load, max (MB)', value: rss, target: '≤ 200', met: false },
    {
      name: 'gateway RSS under gateway-bound load (canned subgraphs), max (MB)',
      value: rssOf(cells.filter(canned)),
      target: '≤ 200',
      met: false,
    },
  ];
  // The tuning, before against after in the same run (when a build from before it was given).
  if (cells.some((c) => c.target === 'before tuning')) {
    for (const workload of ['dashboard', 'search']) {
      list.push({
        name: `tuned/before req/s, ${workload} ×${middle}`,
        value: ratio(workload, ours, 'before tuning', middle),
        target: '≥ 1',
        met: false,
      });
    }
    const beforeRss = Math.max(...cells.filter((c) => c.target === 'before tuning').map((c) => c.rssMb ?? 0));
    list.push({ name: 'RSS before tuning, max (MB)', value: beforeRss, target: '≤ 200', met: false });
  }
  for (const c of list) {
    const [op, bound] = c.target.split(' ') as [string, string];
    c.met = op === '≥' ? c.value >= Number(bound) : c.value <= Number(bound);
  }
  return list;
}
