import type { Connection } from 'mongoose';

/**
 * Counts the commands a connection sends. `queries` are the reads a caller asked for (find,
 * aggregate…); `roundTrips` also counts the getMore batches the driver fetches behind a cursor,
 * so a large `find({})` shows as what it costs on the wire.
 */
export function countCommands(connection: Connection, counted: () => boolean = () => true): CommandCounter {
  let roundTrips = 0;
  let queries = 0;
  const byCommand = new Map<string, number>();
  connection.getClient().on('commandStarted', (event) => {
    // Emitted as the command is sent, in the async context of the code that sent it.
    if (!counted()) return;
    roundTrips += 1;
    if (event.commandName !== 'getMore') queries += 1;
    const collection = event.command[event.commandName];
    const key = `${event.commandName}${typeof collection === 'string' ? ` ${collection}` : ''}`;
    byCommand.set(key, (byCommand.get(key) ?? 0) + 1);
  });
  return {
    snapshot: () => ({ roundTrips, queries, byCommand: new Map(byCommand) }),
  };
}

export interface CommandCounter {
  snapshot(): { roundTrips: number; queries: number; byCommand: Map<string, number> };
}

export interface Measurement {
  operation: string;
  /** What the operation is compared with in the "vs walk" column (the group's level-by-level walk). */
  group: string;
  baseline: boolean;
  samples: number;
  p50: number;
  p99: number;
  mean: number;
  queries: number;
  roundTrips: number;
  /** How many organisations or localities one call returned: both ways must agree. */
  results: number;
  /** The commands sent while timing, e.g. `find organisations ×4`. */
  commands: string;
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Times `run` `iterations` times after `warmUp` untimed calls, one call at a time, and reports the
 * database commands per call (counted over the timed calls).
 */
export async function measure(
  counter: CommandCounter,
  operation: { name: string; group: string; baseline?: boolean },
  iterations: number,
  run: () => Promise<number> | number,
  warmUp = Math.max(5, Math.ceil(iterations / 10)),
): Promise<Measurement> {
  let results = 0;
  for (let i = 0; i < warmUp; i += 1) results = await run();
  const before = counter.snapshot();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const start = process.hrtime.bigint();
    const count = await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (count !== results) throw new Error(`${operation.name}: ${count} results, ${results} before`);
  }
  const after = counter.snapshot();
  samples.sort((a, b) => a - b);
  return {
    operation: operation.name,
    group: operation.group,
    baseline: operation.baseline ?? false,
    samples: iterations,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    queries: (after.queries - before.queries) / iterations,
    roundTrips: (after.roundTrips - before.roundTrips) / iterations,
    results,
    commands: [...after.byCommand]
      .map(([key, count]) => [key, count - (before.byCommand.get(key) ?? 0)] as const)
      .filter(([, count]) => count > 0)
      .map(([key, count]) => `${key} ×${count}`)
      .join(', '),
  };
}

const ms = (value: number) =>
  value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(4);
const perCall = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

function speedUp(ratio: number): string {
  if (ratio >= 1) return `${ratio.toFixed(ratio >= 10 ? 0 : 1)}× faster`;
  return `${(1 / ratio).toFixed(1)}× slower`;
}

/** The results as a fixed-width table; "vs walk" is how many times faster than the group's walk at p50. */
export function formatTable(rows: Measurement[]): string {
  const walks = new Map(rows.filter((r) => r.baseline).map((r) => [r.group, r.p50]));
  const header = [
    'operation',
    'p50 ms',
    'p99 ms',
    'mean ms',
    'queries',
    'round trips',
    'results',
    'vs walk (p50)',
  ];
  const lines = rows.map((r) => {
    const walk = walks.get(r.group);
    const ratio = r.baseline ? 'baseline A' : walk === undefined ? '—' : speedUp(walk / r.p50);
    return [
      r.operation,
      ms(r.p50),
      ms(r.p99),
      ms(r.mean),
      perCall(r.queries),
      perCall(r.roundTrips),
      String(r.results),
      ratio,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ');
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)].join('\n');
}
