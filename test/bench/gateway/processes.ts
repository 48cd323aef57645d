import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TEST_DIR = join(__dirname, '../..');
const TICKS_PER_SECOND = 100;

export interface GatewayProcess {
  name: string;
  url: string;
  pid: number;
  /** CPU seconds (user + system) the process has used so far. */
  cpuSeconds(): number;
  /** Resident set size now, in MB. */
  rssMb(): number;
  stop(): Promise<void>;
}

/** The flags the gateway runs with where it is deployed (gateway/Dockerfile, package.json, ./dangvien). */
export const GATEWAY_NODE_FLAGS = ['--max-semi-space-size=8'];

/**
 * Starts `bench/<file>` (a .mts file Node runs itself, on the built @dangvien/gateway: what production
 * runs, with no compiler in the process) and resolves with the URL it prints.
 */
export async function startGatewayProcess(
  name: string,
  file: string,
  env: Record<string, string>,
  nodeFlags: readonly string[] = [],
): Promise<GatewayProcess> {
  const child: ChildProcess = spawn(process.execPath, [...nodeFlags, join('bench', file)], {
    cwd: TEST_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 60 s`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LISTENING (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before listening`)));
  });
  const pid = child.pid!;
  return {
    name,
    url,
    pid,
    cpuSeconds() {
      // /proc/<pid>/stat: fields 14 and 15 are utime and stime in clock ticks.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    },
    rssMb() {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : 0;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
