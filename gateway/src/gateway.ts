import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { close, createErrorFormatter, createGraphQLHttpServer, listen } from '@dangvien/graphql';
import { createLogger } from '@dangvien/logger';
import type { Logger } from '@dangvien/logger';
import { IDENTITY_HEADER } from '@dangvien/auth';
import type { Authenticator, Caller } from './authentication';
import { createAuthenticator } from './authentication';
import { createSubgraphFetcher } from './subgraph-fetcher';
import { SUPERGRAPH_PATH } from './supergraph-path';
import type { Environment } from './environment';
import { limitRules } from './limits';
import { createGraphiQL } from './graphiql';

export interface Gateway {
  start(): Promise<void>;
  stop(): Promise<void>;
  readiness(): Promise<boolean>;
  readonly url: string;
}

/** Asks a subgraph for `{ __typename }`: the cheapest proof that it answers GraphQL. */
async function subgraphAnswers(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * The Apollo gateway over the committed supergraph. Ready once the supergraph is loaded and every
 * subgraph answers; the subgraph check is cached briefly so probes do not flood the subgraphs.
 */
export function createGateway(
  config: Environment,
  options: {
    logger?: Logger;
    /** A supergraph to serve instead of the committed one (tests). */ supergraphSdl?: string;
  } = {},
): Gateway {
  const logger = options.logger ?? createLogger({ name: 'gateway', level: config.LOG_LEVEL });
  const development = config.NODE_ENV === 'development';
  const supergraphSdl =
    options.supergraphSdl ?? readFileSync(config.SUPERGRAPH_PATH ?? SUPERGRAPH_PATH, 'utf8');
  // Where each subgraph of the supergraph is reached: its routing URL, or SUBGRAPH_<NAME>_URL.
  const routes = new Map<string, string>();
  const pools: { close(): Promise<void> }[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl,
    // Plans are cached by operation: a client's operation set needs a few MiB, not the default 30.
    experimental_approximateQueryPlanStoreMiB: config.QUERY_PLAN_CACHE_MIB,
    logger: logger.child({ component: 'apollo-gateway' }),
    buildService: ({ name, url }) => {
      const route = config.subgraphUrls[name] ?? url ?? '';
      routes.set(name, route);
      const timeoutMs = config.subgraphTimeouts[name] ?? config.SUBGRAPH_TIMEOUT_MS;
      const pool = createSubgraphFetcher({ timeoutMs, connections: config.SUBGRAPH_CONNECTIONS });
      pools.push(pool);
      return new RemoteGraphQLDataSource<Caller>({
        url: route,
        // A subgraph that does not answer in time fails its part of the answer, not the request.
        fetcher: pool.fetcher as never,
        // Subgraphs learn the caller only from the identity the gateway signed; nothing of the
        // client's own headers is forwarded.
        willSendRequest({ request, context }) {
          if (context.identityToken) request.http?.headers.set(IDENTITY_HEADER, context.identityToken);
        },
      });
    },
  });
  const apollo = new ApolloServer<Caller>({
    gateway,
    formatError: createErrorFormatter({ development }),
    includeStacktraceInErrorResponses: development,
    // Production answers no introspection and serves no GraphiQL; development and tests do.
    introspection: config.NODE_ENV !== 'production',
    validationRules: limitRules({
      maxDepth: config.MAX_DEPTH,
      maxAliases: config.MAX_ALIASES,
      maxRootFields: config.MAX_ROOT_FIELDS,
      maxCost: config.MAX_COST,
    }),
    // Apollo Server installs these by default; none is used here, and cache control alone costs a
    // policy computation on every field of every response.
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      // Apollo's landing pages load from a CDN; development gets GraphiQL from the gateway instead.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  // Off in production, like introspection.
  const graphiql = createGraphiQL({ enabled: config.NODE_ENV !== 'production' });
  let authenticator: Authenticator | null = null;
  let schemaLoaded = false;
  let server: Server | null = null;
  let url = '';
  let lastCheck = { at: 0, ok: false };

  async function readiness(): Promise<boolean> {
    if (!schemaLoaded) return false;
    if (Date.now() - lastCheck.at < 2_000) return lastCheck.ok;
    const results = await Promise.all([...routes.values()].map((u) => subgraphAnswers(u, 2_000)));
    lastCheck = { at: Date.now(), ok: results.every(Boolean) };
    return lastCheck.ok;
  }

  return {
    get url() {
      return url;
    },
    readiness,
    async start() {
      gateway.onSchemaLoadOrUpdate(() => {
        schemaLoaded = true;
      });
      authenticator = await createAuthenticator(config);
      await apollo.start();
      server = createGraphQLHttpServer({
        apollo,
        // Runs before the operation is parsed: a bad token is a 401 whatever the request asks.
        context: async ({ req }) => authenticator!.authenticate(req),
        health: { ready: readiness },
        maxBodyBytes: config.MAX_BODY_BYTES,
        intercept: graphiql.handle,
      });
      const port = await listen(server, config.PORT, config.HOST);
      url = `http://${config.HOST}:${port}/graphql`;
      logger.info({ url, subgraphs: Object.fromEntries(routes) }, 'gateway listening');
    },
    async stop() {
      schemaLoaded = false;
      if (server) await close(server);
      await apollo.stop();
      await Promise.all(pools.map((p) => p.close()));
      logger.info('gateway stopped');
    },
  };
}
