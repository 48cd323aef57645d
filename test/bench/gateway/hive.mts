import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { IDENTITY_HEADER } from '@dangvien/auth';
import { createAuthenticator } from '@dangvien/gateway/dist/authentication.js';
import { readEnvironment } from '@dangvien/gateway/dist/environment.js';
import { SUBGRAPHS } from '@dangvien/gateway/dist/subgraphs.js';
import { SUPERGRAPH_PATH } from '@dangvien/gateway/dist/supergraph-path.js';

type Context = { identityToken?: string | null };

/**
 * Hive Gateway on the same supergraph, in a process of its own. Like for like with ours: the same
 * authenticator (the client's bearer token verified with the same keys, the identity signed with the
 * same key and cache) runs once per request, and the signed identity is the only header sent to
 * subgraphs. The subgraphs' URLs are written into the supergraph (Hive reads them from there).
 */
async function main(): Promise<number> {
  const config = readEnvironment({ ...process.env, PORT: '0' });
  let supergraph = readFileSync(SUPERGRAPH_PATH, 'utf8');
  for (const s of SUBGRAPHS) {
    const route = config.subgraphUrls[s.name];
    if (route) supergraph = supergraph.replaceAll(`"${s.url}"`, `"${route}"`);
  }
  const authenticator = await createAuthenticator(config);
  const identity: GatewayPlugin<Context> = {
    async onContextBuilding({ context, extendContext }) {
      const header = (context as unknown as { request: Request }).request.headers.get('authorization');
      const caller = await authenticator.authenticate({
        headers: header ? { authorization: header } : {},
      } as IncomingMessage);
      extendContext({ identityToken: caller.identityToken });
    },
  };
  const gateway = createGatewayRuntime<Context>({
    supergraph,
    logging: 'error',
    graphqlEndpoint: '/graphql',
    landingPage: false,
    plugins: () => [identity],
    propagateHeaders: {
      fromClientToSubgraphs: ({ context }) =>
        context.identityToken ? { [IDENTITY_HEADER]: context.identityToken } : {},
    },
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  process.stdout.write(`LISTENING http://127.0.0.1:${port}/graphql\n`);
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  server.close();
  await gateway.dispose();
  return 0;
}

process.exitCode = await main();
