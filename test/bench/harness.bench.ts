/**
 * The benchmark harness (issue 13): a Thái Nguyén-size province loaded through the public paths; the
 * dashboard, a member search and a write flow through our gateway, through Hive Gateway on the same
 * supergraph, and as the same subgraph requests sent directly, at 1, 10 and 50 connections; database
 * round trips per request for lists of 10 and 100; an event burst through every projection. Writes
 * docs/performance/latest.{md,json,svg} and prints every ratio with its target.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { env, parseEnvironment, z } from '@dangvien/config';
import { TOPIC_DECLARATIONS } from '@dangvien/contracts';
import { detectServer } from '@dangvien/db';
import { createTestKafka } from '@dangvien/testing';
import { overrideVariable } from '@dangvien/gateway';
import { eventBurst } from './gateway/events';
import { runLoad } from './gateway/load';
import type { Request, Shot } from './gateway/load';
import { GATEWAY_NODE_FLAGS, startGatewayProcess } from './gateway/processes';
import type { GatewayProcess } from './gateway/processes';
import { startCannedSubgraphs } from './gateway/canned';
import { startRecorder } from './gateway/record';
import { checks } from './gateway/checks';
import { markdown, writeReport } from './gateway/report';
import type { Cell, Report } from './gateway/report';
import { measureRoundTrips } from './gateway/round-trips';
import { DASHBOARD, SEARCH, variables, writeQueues } from './gateway/workloads';
import { gatewayClient } from './province/client';
import { listCandidates } from './province/load';
import { benchIdentityHeaders, startLoadedProvince } from './province/system';

const settingsSchema = z.object({
  MONGO_URL: env.mongoUrl().default('mongodb://127.0.0.1:27017/?directConnection=true'),
  KAFKA_BROKERS: env.brokers(),
  BENCH_SCALE: z.coerce.number().positive().max(57).default(0.1),
  BENCH_SEED: z.coerce.number().int().default(2026),
  BENCH_SECONDS: z.coerce.number().positive().default(5),
  BENCH_CONNECTIONS: z.string().default('1,10,50'),
  BENCH_RECORDED: z.coerce.number().int().min(1).default(100),
  BENCH_BURST: z.coerce.number().int().min(0).default(10_000),
  /**
   * Candidates listed for the write flow on top of the province's own (each can be moved three
   * steps); by default 30 per second of each write cell (90 steps a second: more than any target
   * managed here).
   */
  BENCH_WRITE_CANDIDATES: z.coerce.number().int().min(0).optional(),
  BENCH_REPORT_DIR: z.string().default(join(__dirname, '../../docs/performance')),
  /** A build of the gateway from before the tuning (gateway/dist of that commit), measured as its own row. */
  BENCH_BEFORE_DIST: z.string().default(join(__dirname, '../../.local/gateway-before/dist')),
  /** false: run the gateway as built already (no turbo build first). */
  BENCH_BUILD: env.boolean(true),
  /** Node flags for "dangvien gateway" on top of its own, space-separated (`--cpu-prof --cpu-prof-dir=…`). */
  BENCH_GATEWAY_FLAGS: z.string().default(''),
});

export async function main(): Promise<number> {
  const settings = parseEnvironment(settingsSchema, process.env);
  const connections = settings.BENCH_CONNECTIONS.split(',').map(Number);
  // Our gateway's Node flags: those it is deployed with, and any the run adds (a CPU profile).
  const oursFlags = [...GATEWAY_NODE_FLAGS, ...settings.BENCH_GATEWAY_FLAGS.split(' ').filter(Boolean)];
  // The gateway processes run the built gateway (as production does): build it if a source changed.
  const build = !settings.BENCH_BUILD
    ? { status: 0 }
    : spawnSync('npx', ['turbo', 'run', 'build', '--filter=@dangvien/gateway', '--output-logs=errors-only'], {
        cwd: join(__dirname, '../..'),
        stdio: 'inherit',
      });
  if (build.status !== 0) throw new Error('the gateway does not build');
  const history = await eventsOnTheBroker();
  console.log(`The broker holds ${history} events of earlier runs`);
  const run = await startLoadedProvince({
    scale: settings.BENCH_SCALE,
    seed: settings.BENCH_SEED,
    monitorCommands: true,
  });
  const children: GatewayProcess[] = [];
  try {
    const server = await detectServer(run.system.services.members!.runtime.database.connection.db!);
    const host = new URL(settings.MONGO_URL).host;
    const engine = `${server.description} at ${host} (${server.engine === 'ferretdb' ? 'the local engine' : 'MONGO_URL'})`;
    console.log(`Harness on ${engine}`);
    const identity = await benchIdentityHeaders(run.system);
    const measureBefore = existsSync(join(settings.BENCH_BEFORE_DIST, 'gateway.js'));
    // Cells of the write workload: one per connection count and target (ours, before, Hive, direct).
    const writeCells = connections.length * (measureBefore ? 4 : 3);
    await listCandidates(
      run.province,
      run.loaded,
      run.client,
      settings.BENCH_WRITE_CANDIDATES ?? Math.ceil(30 * settings.BENCH_SECONDS * writeCells),
    );
    const subgraphs = Object.fromEntries(Object.entries(run.system.services).map(([n, s]) => [n, s.url]));
    const gatewayEnv = (routes: Record<string, string>) => ({
      NODE_ENV: 'production',
      // One caller sends all the load: its rate limit far above it, so the limiter runs on every
      // request (as in production) and refuses none (Hive Gateway has none).
      RATE_LIMIT_PER_MINUTE: String(1e9),
      RATE_LIMIT_BURST: String(1e7),
      ...run.system.keys.gateway,
      ...Object.fromEntries(Object.entries(routes).map(([n, url]) => [overrideVariable(n), url])),
    });
    const auth = { authorization: `Bearer ${run.token}` };
    const vars = variables(run);

    // The direct baseline of the dashboard: what our gateway asks each subgraph, recorded once per
    // variable set, then sent straight to the subgraphs with the same identity header.
    const recorder = await startRecorder(subgraphs);
    const recording = await startGatewayProcess('recording', 'gateway/ours.mts', gatewayEnv(recorder.routes));
    const recordingClient = gatewayClient(recording.url, run.token);
    const dashboards: Shot[][][] = [];
    for (let i = 0; i < settings.BENCH_RECORDED; i += 1) {
      try {
        await recordingClient(DASHBOARD, vars.dashboard(i));
        dashboards.push(recorder.take().map((wave) => wave.map((s) => ({ ...s, headers: identity }))));
      } catch (error) {
        recorder.take();
        console.log(`dashboard ${JSON.stringify(vars.dashboard(i))} failed: ${String(error).slice(0, 300)}`);
      }
    }
    await recording.stop();
    await recorder.close();
    console.log(
      `Recorded ${dashboards.length} dashboards: ${dashboards[0]!.flat().length} subgraph fetches in ${dashboards[0]!.length} waves each`,
    );

    const ours = await startGatewayProcess(
      'dangvien gateway',
      'gateway/ours.mts',
      gatewayEnv(subgraphs),
      oursFlags,
    );
    const hive = await startGatewayProcess('Hive Gateway', 'gateway/hive.mts', gatewayEnv(subgraphs));
    children.push(ours, hive);
    const before = measureBefore
      ? await startGatewayProcess('before tuning', 'gateway/ours.mts', {
          ...gatewayEnv(subgraphs),
          GATEWAY_DIST: settings.BENCH_BEFORE_DIST,
          SUPERGRAPH_PATH: join(__dirname, '../../gateway/supergraph.graphql'),
        })
      : null;
    if (before) children.push(before);
    const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
    // Each write cell has a queue of its own (writeQueues): `writes` is the running cell's.
    const queues = writeQueues(run, writeCells);
    let writes = queues[0]!;
    type Target = {
      name: string;
      process: GatewayProcess | null;
      request: (workload: string, i: number) => Request | null;
    };
    const viaGateway = (p: GatewayProcess): Target => ({
      name: p.name,
      process: p,
      request: (workload, i) => {
        if (workload === 'dashboard')
          return { url: p.url, headers: auth, body: body(DASHBOARD, vars.dashboard(i)) };
        if (workload === 'search') return { url: p.url, headers: auth, body: body(SEARCH, vars.search(i)) };
        const write = writes();
        return write ? { url: p.url, headers: auth, body: body(write.query, write.variables) } : null;
      },
    });
    const direct: Target = {
      name: 'direct',
      process: null,
      request: (workload, i) => {
        if (workload === 'dashboard') return dashboards[i % dashboards.length]!;
        if (workload === 'search')
          return { url: subgraphs.members!, headers: identity, body: body(SEARCH, vars.search(i)) };
        const write = writes();
        return write
          ? { url: subgraphs.recruitment!, headers: identity, body: body(write.query, write.variables) }
          : null;
      },
    };
    const targets = [viaGateway(ours), ...(before ? [viaGateway(before)] : []), viaGateway(hive), direct];
    for (const t of targets) await runLoad((i) => t.request('search', 1_000_000 + i), 4, 1); // warm-up
    const cells: Cell[] = [];
    const notes: string[] = [];
    if (history > 0)
      notes.push(
        `the broker held ${history} events of earlier runs when this one started: every service here read them first ` +
          '(its consumer groups are new), which slows the load; on a fresh broker it holds none',
      );
    /** One cell: `n` connections sending `next` for BENCH_SECONDS, the target's CPU and RSS meanwhile. */
    async function measure(
      t: Pick<Target, 'name' | 'process'>,
      workload: string,
      n: number,
      next: (i: number) => Request | null,
    ) {
      let rss = t.process?.rssMb() ?? 0;
      const sampler = setInterval(() => (rss = Math.max(rss, t.process?.rssMb() ?? 0)), 200);
      const cpu = t.process?.cpuSeconds() ?? 0;
      const result = await runLoad(next, n, settings.BENCH_SECONDS);
      clearInterval(sampler);
      if (result.seconds < settings.BENCH_SECONDS * 0.95)
        notes.push(
          `${workload} ×${n} ${t.name} ran out of requests after ${result.seconds.toFixed(1)} s of ${settings.BENCH_SECONDS}`,
        );
      const cpuMs = t.process ? ((t.process.cpuSeconds() - cpu) * 1000) / Math.max(1, result.requests) : null;
      cells.push({
        ...result,
        target: t.name,
        workload,
        connections: n,
        cpuMsPerRequest: cpuMs,
        rssMb: t.process ? rss : null,
      });
      console.log(
        `${workload.padEnd(9)} ×${String(n).padEnd(2)} ${t.name.padEnd(16)} ${result.rps.toFixed(1).padStart(7)} req/s  p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms` +
          (cpuMs !== null ? `  CPU ${cpuMs.toFixed(2)} ms/req  RSS ${rss.toFixed(0)} MB` : '') +
          (result.errors ? `  ${result.errors} errors: ${result.firstError}` : ''),
      );
    }
    let offset = 0;
    for (const workload of ['dashboard', 'search', 'write']) {
      for (const n of connections) {
        for (const t of targets) {
          const base = (offset += 100_000);
          if (workload === 'write') writes = queues.shift()!;
          await measure(t, workload, n, (i) => t.request(workload, base + i));
        }
      }
    }

    // Gateway-bound: the same dashboards and searches with the subgraphs' answers canned (canned.ts),
    // BENCH_RECORDED variable sets each, sent once through each gateway first to fill the store.
    await Promise.all(children.splice(0).map((c) => c.stop()));
    const canned = await startCannedSubgraphs(subgraphs);
    const cannedOurs = await startGatewayProcess(
      'dangvien gateway',
      'gateway/ours.mts',
      gatewayEnv(canned.routes),
      oursFlags,
    );
    const cannedHive = await startGatewayProcess(
      'Hive Gateway',
      'gateway/hive.mts',
      gatewayEnv(canned.routes),
    );
    children.push(cannedOurs, cannedHive);
    // The variable sets drawn once (variables() draws units from a running seed), then cycled.
    const sets = settings.BENCH_RECORDED;
    const fixed = {
      dashboard: Array.from({ length: sets }, (_, i) => body(DASHBOARD, vars.dashboard(i))),
      search: Array.from({ length: sets }, (_, i) => body(SEARCH, vars.search(i))),
    };
    const cannedRequest = (p: GatewayProcess, workload: keyof typeof fixed, i: number): Request => ({
      url: p.url,
      headers: auth,
      body: fixed[workload][i % sets]!,
    });
    for (const p of [cannedOurs, cannedHive]) {
      for (const workload of ['dashboard', 'search'] as const) {
        const warm = await runLoad((i) => (i < sets ? cannedRequest(p, workload, i) : null), 4, 600);
        if (warm.errors > 0)
          throw new Error(`canned ${workload} warm-up through ${p.name}: ${warm.firstError}`);
      }
    }
    const warmed = canned.counts();
    for (const workload of ['dashboard', 'search'] as const) {
      for (const n of connections) {
        for (const p of [cannedOurs, cannedHive]) {
          await measure({ name: p.name, process: p }, `${workload} (canned subgraphs)`, n, (i) =>
            cannedRequest(p, workload, i),
          );
        }
      }
    }
    const after = canned.counts();
    notes.push(
      `canned subgraphs: the warm-ups passed ${warmed.passed} subgraph requests on and answered ${warmed.canned} from memory; ` +
        `the measured cells passed ${after.passed - warmed.passed} on and answered ${after.canned - warmed.canned} from memory`,
    );
    await Promise.all(children.splice(0).map((c) => c.stop()));
    await canned.close();
    const roundTrips = await measureRoundTrips(run);
    const report: Report = {
      when: new Date().toISOString(),
      engine,
      scale: settings.BENCH_SCALE,
      seconds: settings.BENCH_SECONDS,
      load: { seconds: run.loadSeconds, counts: run.counts },
      cells,
      checks: checks(cells, connections),
      roundTrips,
      events: null,
      notes,
    };
    // Written before the burst as well, so a burst that fails leaves the gateway figures.
    await writeReport(settings.BENCH_REPORT_DIR, report);
    if (settings.BENCH_BURST > 0) {
      report.events = await eventBurst(run, settings.BENCH_BURST, identity);
      await writeReport(settings.BENCH_REPORT_DIR, report);
    }
    console.log(`\n${markdown(report)}`);
    return 0;
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await run.system.stop();
    await run.system.drop();
  }
}

/**
 * Events already on the broker's event topics: the services of a run (new consumer groups) read
 * them all from the start before this run's own, so a broker with earlier runs' history slows the
 * load (after a day of runs, hundreds of MB), and the report says so.
 */
async function eventsOnTheBroker(): Promise<number> {
  const admin = createTestKafka('bench-history').admin();
  await admin.connect();
  try {
    let events = 0n;
    for (const topic of TOPIC_DECLARATIONS.filter((t) => t.kind === 'events')) {
      // A topic not made yet (a fresh broker) holds nothing.
      const offsets = await admin.fetchTopicOffsets(topic.name).catch(() => []);
      for (const p of offsets) events += BigInt(p.high) - BigInt(p.low);
    }
    return Number(events);
  } finally {
    await admin.disconnect();
  }
}
