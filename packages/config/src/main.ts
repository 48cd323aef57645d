import { ConfigError } from './index';

/** Exit codes of every process here: what an orchestrator or a script can rely on. */
export const EXIT = {
  /** Stopped on a signal after a clean shutdown. */
  stopped: 0,
  /** Could not start (a server unreachable, a port taken…); the log says why. */
  failedToStart: 1,
  /** Shutdown did not finish in time and was cut short. */
  forcedExit: 70,
  /** The environment is invalid; every problem is printed. */
  badConfiguration: 78,
} as const;

export interface Runnable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs a service or the gateway as a process: builds it (reading the environment), starts it, and on
 * SIGTERM or SIGINT stops it once, in its own order, then exits; a stop that takes longer than
 * `stopTimeoutMs` is cut short. A configuration error prints its list and exits with 78.
 */
export function runMain(
  name: string,
  create: () => Runnable,
  options: { stopTimeoutMs?: number; log?: (line: string) => void } = {},
): void {
  const write = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
  let runnable: Runnable;
  try {
    runnable = create();
  } catch (error) {
    fail(error);
    return;
  }
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    write(`${name}: ${signal}, shutting down`);
    setTimeout(() => {
      write(`${name}: shutdown took longer than ${stopTimeoutMs} ms, exiting`);
      process.exit(EXIT.forcedExit);
    }, stopTimeoutMs).unref();
    runnable.stop().then(
      () => process.exit(EXIT.stopped),
      (error: unknown) => {
        write(`${name}: shutdown failed: ${error instanceof Error ? error.stack : String(error)}`);
        process.exit(EXIT.forcedExit);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  runnable.start().catch(fail);

  function fail(error: unknown): void {
    if (error instanceof ConfigError) {
      write(error.message);
      process.exit(EXIT.badConfiguration);
    }
    write(`${name} failed to start: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(EXIT.failedToStart);
  }
}
