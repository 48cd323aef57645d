import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
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
import type { Authenticator, Caller } from './authentication';
import { createAuthenticator } from './authentication';
import { checkOperation, checkRate } from './admission';
import { disableApolloTelemetry } from './apollo-telemetry';
import { limitRules } from './limits';
import { createPersistedQueryStore } from './persisted-queries';
import { createRateLimiter } from './rate-limit';
import { createReadiness } from './readiness';
import type { GatewayReadiness } from './readiness';
import { withRequestTimeout } from './request-timeout';
import type { Deadline } from './request-timeout';
import { readSafelist } from './safelist';
import { createSubgraphFetcher } from './subgraph-fetcher';
import { createSubgraphSource } from './subgraph-source';
import { SUPERGRAPH_PATH } from './supergraph-path';
import type { Environment } from './environment';
import { createGraphiQL } from './graphiql';
import { createGatewayObservability } from './observability';

/** A request's context: its caller, and when its answer is due. */
export type RequestContext = Caller & Deadline;

export interface Gateway {
  start(): Promise<void>;
  stop(): Promise<void>;
  readiness(): Promise<GatewayReadiness>;
  readonly url: string;
}

/**
 * The Apollo gateway over the committed supergraph. Before Apollo reads an operation, a request is
 * authenticated, counted against its caller's rate, and checked against the safelist (when one is
 * set) and its APQ hash; then validated against the operation limits; then executed within the
 * overall request timeout, each subgraph within its own. Readiness: readiness.ts.
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
  const observability = createGatewayObservability(logger);
  const supergraphSdl =
    options.supergraphSdl ?? readFileSync(config.SUPERGRAPH_PATH ?? SUPERGRAPH_PATH, 'utf8');
  // Where each subgraph of the supergraph is reached: its routing URL, or SUBGRAPH_<NAME>_URL.
  const routes = new Map<string, string>();
  const pools: { close(): Promise<void> }[] = [];
  disableApolloTelemetry();
  const gateway = new ApolloGateway({
    supergraphSdl,
    // Plans are cached by operation: a client's operation set needs a few MiB, not the default 30.
    experimental_approximateQueryPlanStoreMiB: config.QUERY_PLAN_CACHE_MIB,
    logger: logger.child({ component: 'apollo-gateway' }),
    buildService: ({ name, url }) => {
      const route = config.subgraphUrls[name] ?? url ?? '';
      routes.set(name, route);
      const timeoutMs = config.subgraphTimeouts[name] ?? config.SUBGRAPH_TIMEOUT_MS;
      const pool = createSubgraphFetcher({ name, timeoutMs, connections: config.SUBGRAPH_CONNECTIONS });
      pools.push(pool);
      // A subgraph that does not answer in time fails its part of the answer, not the request;
      // subgraphs learn the caller only from the identity the gateway signed (subgraph-source.ts).
      return createSubgraphSource(route, observability.fetcher(name, pool.fetcher));
    },
  });
  const safelist = config.OPERATION_SAFELIST ? readSafelist(config.OPERATION_SAFELIST) : null;
  const limiter = createRateLimiter({
    perMinute: config.RATE_LIMIT_PER_MINUTE,
    burst: config.RATE_LIMIT_BURST,
  });
  const apollo = new ApolloServer<RequestContext>({
    gateway: withRequestTimeout(gateway),
    // APQ (Apollo's protocol, on by default) in a store of its own size; in safelist mode the list's
    // operations are found there by hash without being registered.
    persistedQueries: {
      cache: createPersistedQueryStore({ maxBytes: config.PERSISTED_QUERIES_CACHE_MIB * 2 ** 20, safelist }),
    },
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
      observability.plugin,
    ],
  });
  // Off in production, like introspection.
  const graphiql = createGraphiQL({ enabled: config.NODE_ENV !== 'production' });
  let authenticator: Authenticator | null = null;
  let schemaLoaded = false;
  let server: Server | null = null;
  let url = '';
  const readiness = createReadiness(routes, { schemaLoaded: () => schemaLoaded });

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
        // Runs before the operation is parsed: a bad token is a 401, a caller over its rate a 429, an
        // operation off the safelist a 400, whatever the request asks.
        context: async ({ req, request }) => {
          const deadline = Date.now() + config.REQUEST_TIMEOUT_MS;
          const caller = await authenticator!.authenticate(req);
          // Anonymous callers are told apart by their address only (not a forwarded header, which
          // anyone can set).
          checkRate(
            limiter,
            caller.identityToken ? `sub:${caller.identity.subject}` : `ip:${req.socket.remoteAddress}`,
          );
          checkOperation(request, safelist);
          return { ...caller, deadline };
        },
        health: { ready: readiness },
        maxBodyBytes: config.MAX_BODY_BYTES,
        intercept: graphiql.handle,
        ...observability.http,
      });
      const port = await listen(server, config.PORT, config.HOST);
      url = `http://${config.HOST}:${port}/graphql`;
      logger.info(
        { url, subgraphs: Object.fromEntries(routes), safelist: safelist?.size ?? null },
        'gateway listening',
      );
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
