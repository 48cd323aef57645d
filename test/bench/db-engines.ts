import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';

/**
 * The engines the database benchmark compares, each a FerretDB process of its own started from the
 * binary infra/local builds, so that the three run the same build side by side:
 *   sqlite     FerretDB on SQLite files, as infra/local runs it without PostgreSQL (write gate on);
 *   postgresql FerretDB on the local PostgreSQL cluster without infra/local's additions around it: no
 *              index mirror, no gate (the binary still carries its patches: patches/ in infra/local);
 *   mirrored   FerretDB on the same cluster as infra/local runs it: GIN index mirror and write gate.
 * Plus, when MONGO_URL is set, that server as it is (a real MongoDB, or any other).
 */
export type LocalEngine = 'sqlite' | 'postgresql' | 'mirrored';
export const LOCAL_ENGINES: readonly LocalEngine[] = ['sqlite', 'postgresql', 'mirrored'];

export interface BenchEngine {
  /** Short name for tables: "SQLite", "PostgreSQL", "PostgreSQL + mirror", or the server's own. */
  name: string;
  /** A server URL without a database; the benchmark adds its own. */
  url: string;
  /** FerretDB on PostgreSQL with the GIN index mirror: the engine the targets apply to. */
  mirrored: boolean;
  /** How infra/local's binary was started, for the table headers ("write gate on", …). */
  flags: string;
  /** A server of the benchmark's own, which may be left stuck by the deadlock probe. */
  own: boolean;
  stop(): Promise<void>;
}

const root = resolve(__dirname, '../..');
const localSh = join(root, 'infra/local/local.sh');
const localDir = resolve(process.env.DANGVIEN_LOCAL_DIR ?? join(root, '.local'));
const binary = join(localDir, 'ferretdb', 'ferretdb');

/** PostgreSQL databases of the cluster used by the benchmark; kept between runs (empty after one). */
const PG_DATABASES: Record<Exclude<LocalEngine, 'sqlite'>, string> = {
  postgresql: 'dangvien_bench_plain',
  mirrored: 'dangvien_bench_mirrored',
};

function localShell(
  args: string[],
  stdio: 'inherit' | 'pipe' = 'pipe',
): { status: number | null; out: string } {
  const result = spawnSync('bash', [localSh, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', stdio, 'inherit'],
  });
  if (result.error) throw result.error;
  return { status: result.status, out: result.stdout ?? '' };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

async function answers(url: string): Promise<boolean> {
  const connection = mongoose.createConnection(url, { serverSelectionTimeoutMS: 500 });
  try {
    await connection.asPromise();
    await connection.db!.admin().ping();
    return true;
  } catch {
    return false;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function startFerretDB(
  name: string,
  args: string[],
  flags: { mirrored: boolean; gated: boolean },
  cleanUp: () => void,
): Promise<BenchEngine> {
  const port = await freePort();
  mkdirSync(join(localDir, 'logs'), { recursive: true });
  const logFile = join(localDir, 'logs', `bench-${name.toLowerCase().replace(/[^a-z]+/g, '-')}.log`);
  const child = spawn(binary, ['-listen', `127.0.0.1:${port}`, `-serialise-writes=${flags.gated}`, ...args], {
    stdio: ['ignore', openSync(logFile, 'w'), openSync(logFile, 'a')],
  });
  const url = `mongodb://127.0.0.1:${port}/?directConnection=true`;
  const deadline = Date.now() + 30_000;
  while (!(await answers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopChild(child);
      cleanUp();
      throw new Error(`${name}: FerretDB did not answer on ${port} (exit ${child.exitCode}); see ${logFile}`);
    }
    await sleep(100);
  }
  return {
    name,
    url,
    mirrored: flags.mirrored,
    flags: [
      ...(args.includes('postgresql') ? [`index mirror ${flags.mirrored ? 'on' : 'off'}`] : []),
      `write gate ${flags.gated ? 'on' : 'off'}`,
    ].join(', '),
    own: true,
    async stop() {
      await stopChild(child);
      cleanUp();
    },
  };
}

/** SQLite data of runs that were killed before they could clean up (a day old: not a running one's). */
function removeStaleSqliteDirectories(): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const entry of readdirSync(localDir)) {
    const path = join(localDir, entry);
    if (entry.startsWith('bench-sqlite-') && statSync(path).mtimeMs < dayAgo) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

export interface LocalEngines {
  engines: BenchEngine[];
  /** Why an engine asked for could not run ("PostgreSQL: …"). */
  skipped: string[];
  stop(): Promise<void>;
}

/**
 * Starts the requested local engines. The PostgreSQL cluster comes from `local.sh up postgres` (a
 * no-op when it runs) and is stopped afterwards only when this started it.
 */
export async function startLocalEngines(wanted: readonly LocalEngine[]): Promise<LocalEngines> {
  if (wanted.length > 0 && !existsSync(binary)) {
    throw new Error(`no FerretDB binary at ${binary}: run "bash infra/local/local.sh up mongo" once first`);
  }
  const engines: BenchEngine[] = [];
  const skipped: string[] = [];
  let startedPostgres = false;
  const stopAll = async () => {
    for (const engine of engines.splice(0).reverse()) await engine.stop();
    if (startedPostgres) localShell(['down', 'postgres'], 'inherit');
  };
  try {
    if (wanted.includes('sqlite')) {
      removeStaleSqliteDirectories();
      const data = mkdtempSync(join(localDir, 'bench-sqlite-'));
      engines.push(
        await startFerretDB(
          'SQLite',
          ['-handler', 'sqlite', '-data', data],
          { mirrored: false, gated: true },
          () => rmSync(data, { recursive: true, force: true }),
        ),
      );
    }
    const onPostgres = wanted.filter((engine): engine is 'postgresql' | 'mirrored' => engine !== 'sqlite');
    if (onPostgres.length > 0) {
      const running = localShell(['status', 'postgres']).status === 0;
      const up = running ? { status: 0 } : localShell(['up', 'postgres'], 'inherit');
      if (up.status !== 0) {
        skipped.push(
          `PostgreSQL engines skipped: "local.sh up postgres" failed (exit ${up.status}), see above`,
        );
      } else {
        startedPostgres = !running;
        for (const engine of onPostgres) {
          const pgUrl = localShell(['url', 'postgres', PG_DATABASES[engine]]).out.trim();
          const mirror = engine === 'mirrored';
          engines.push(
            await startFerretDB(
              mirror ? 'PostgreSQL + mirror' : 'PostgreSQL',
              ['-handler', 'postgresql', '-postgresql-url', pgUrl, `-mirror-indexes=${mirror}`],
              { mirrored: mirror, gated: mirror },
              () => undefined,
            ),
          );
        }
      }
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { engines, skipped, stop: stopAll };
}
