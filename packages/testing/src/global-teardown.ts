// Jest global teardown of the `integration` project: stops what the global setup started, and only
// that, so a developer's already running servers survive a test run.
import { releaseServers } from './servers';

export default async function globalTeardown(): Promise<void> {
  const servers = globalThis.__dangvienTestServers;
  globalThis.__dangvienTestServers = undefined;
  if (servers) await releaseServers(servers);
}
