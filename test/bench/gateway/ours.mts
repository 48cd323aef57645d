/**
 * Our gateway in a process of its own, so that its CPU time and RSS are its own: the environment
 * the parent gives (keys, SUBGRAPH_<NAME>_URL), a free port, the URL on stdout. It runs the built
 * modules main.ts runs (not the package index, which also exports the composer); GATEWAY_DIST
 * names another build of them (the harness's "before tuning" row).
 */
import type * as GatewayModule from '@dangvien/gateway/dist/gateway.js';
import type * as EnvironmentModule from '@dangvien/gateway/dist/environment.js';

async function main(): Promise<number> {
  const dist = process.env.GATEWAY_DIST ?? '@dangvien/gateway/dist';
  const { createGateway } = (await import(`${dist}/gateway.js`)) as typeof GatewayModule;
  const { readEnvironment } = (await import(`${dist}/environment.js`)) as typeof EnvironmentModule;
  const gateway = createGateway(readEnvironment({ ...process.env, PORT: '0', LOG_LEVEL: 'error' }));
  await gateway.start();
  process.stdout.write(`LISTENING ${gateway.url}\n`);
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await gateway.stop();
  return 0;
}

process.exitCode = await main();
