import { createGateway, readEnvironment } from '@dangvien/gateway';

/**
 * Our gateway in a process of its own, so that its CPU time and RSS are its own: the environment
 * the parent gives (keys, SUBGRAPH_<NAME>_URL), a free port, the URL on stdout.
 */
async function main(): Promise<number> {
  const gateway = createGateway(readEnvironment({ ...process.env, PORT: '0', LOG_LEVEL: 'error' }));
  await gateway.start();
  process.stdout.write(`LISTENING ${gateway.url}\n`);
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await gateway.stop();
  return 0;
}

process.exitCode = await main();
