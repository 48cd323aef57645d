import type { Server } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import type { GraphQLResponse } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { DocumentNode } from 'graphql';
import type { Kafka, KafkaConfig } from 'kafkajs';
import type { mongo } from 'mongoose';
import { configureIdentityKeys } from '@dangvien/auth';
import { ownedTopics } from '@dangvien/contracts';
import type { ServiceName } from '@dangvien/contracts';
import { createDatabase } from '@dangvien/db';
import type { Database } from '@dangvien/db';
import { stampNow } from '@dangvien/domain';
import type { Stamp } from '@dangvien/domain';
import { close, createErrorFormatter, createGraphQLHttpServer, listen } from '@dangvien/graphql';
import {
  createEventProducer,
  createIdempotentConsumer,
  createKafkaClient,
  kafkaCredentials,
  createMutex,
  createOutboxRelay,
  createOutboxWriter,
  createProcessedEventsRetention,
  ensureTopics,
  noMutex,
  PROCESSED_EVENTS_COLLECTION,
} from '@dangvien/kafka';
import type {
  ConsumerDefinition,
  IdempotentConsumer,
  Mutex,
  OutboxRelay,
  OutboxWriter,
} from '@dangvien/kafka';
import { createLogger } from '@dangvien/logger';
import type { Logger } from '@dangvien/logger';
import { createAccessRuntime, trustsUnsignedIdentity } from './access';
import type { RequestIdentity, ServiceAccess } from './access';
import type { BaseEnvironment } from './environment';
import { createServiceObservability } from './observability';
import { assessReadiness } from './readiness';
import type { Readiness } from './readiness';

/** What the runtime gives a service to build its own parts on (models, repositories, commands). */
export interface Runtime<Env extends BaseEnvironment = BaseEnvironment> {
  readonly name: string;
  readonly config: Env;
  readonly logger: Logger;
  /** The service's database: register models on `database.connection`; the runtime creates their indexes. */
  readonly database: Database;
  /** The service's Kafka client, for components of its own (consumers are declared in `parts`). */
  readonly kafka: Kafka;
  /**
   * The one write path for state that publishes events (state and events in one write, relayed at
   * once). Runs under `exclusive`.
   */
  readonly outbox: OutboxWriter;
  /**
   * One writer at a time in this process where the engine needs it (FerretDB loses concurrent updates
   * of one document); a no-op on MongoDB. Re-entrant: a command wraps its whole read-decide-write in it.
   */
  readonly exclusive: Mutex;
  /** The clock and ids of a command starting now: pass it to domain decisions. */
  stamp(): Stamp;
  /** Runs a GraphQL operation against this service's own schema, as a client would (demo data). */
  execute(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: Record<string, unknown> | null; errors?: readonly unknown[] }>;
}

/** Something of the service's own with a lifetime: started after the relay, stopped after the consumers. */
export interface Component {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What a service adds to the runtime: everything the runtime cannot know. */
export interface ServiceParts<Context> {
  /** Collections whose documents carry an outbox (the relay sweeps them). */
  outbox?: mongo.Collection[];
  consumers?: ConsumerDefinition[];
  components?: Component[];
  /** Loads the service's in-memory projections, once components run and before consumers start. */
  load?: () => Promise<void>;
  /**
   * The per-request context of resolvers, for a caller the runtime identified (the runtime adds the
   * request's `Access` under `ACCESS`: `accessOf(context)` from @dangvien/auth).
   */
  context: (request: RequestIdentity) => Promise<Context> | Context;
  /** Where objects with personal fields sit, and the lineage of units (see ServiceAccess). */
  access?: ServiceAccess;
  /** Demo data for a first start: run when SEED_DEMO is on and `isEmpty()` says so. */
  seed?: { isEmpty(): Promise<boolean>; run(): Promise<unknown> };
  /** Extra readiness problems of the service's own (degraded, not down). */
  problems?: () => Promise<string[]> | string[];
}

export interface ServiceDefinition<
  Env extends BaseEnvironment,
  Context,
  Parts extends ServiceParts<Context>,
> {
  /** The service name (`organisations`): its topics, its log lines, its database default. */
  name: ServiceName | string;
  config: Env;
  typeDefs: DocumentNode;
  resolvers: unknown;
  parts: (runtime: Runtime<Env>) => Parts;
  logger?: Logger;
  /** Extra kafkajs settings (tests pass a socketFactory or shorter timeouts). */
  kafka?: Partial<KafkaConfig>;
}

/** Test and tooling settings a service accepts besides its environment. */
export interface ServiceOverrides {
  logger?: Logger;
  /** Extra kafkajs settings (tests pass a socketFactory or shorter timeouts). */
  kafka?: Partial<KafkaConfig>;
}

/**
 * What every service package exports as `serviceModule`: how to build it from an environment.
 * `main.ts`, the end-to-end harness and the tools start any service of the list through it.
 */
export interface ServiceModule {
  readonly name: string;
  create(environment: Record<string, string | undefined>, overrides?: ServiceOverrides): Service<unknown>;
}

export interface Service<Parts> {
  start(): Promise<void>;
  /** Stops taking requests, stops the consumers, drains the relay (SHUTDOWN_DRAIN_MS), disconnects. */
  stop(): Promise<void>;
  readiness(): Promise<Readiness>;
  /** GraphQL endpoint, known once started. */
  readonly url: string;
  readonly runtime: Runtime;
  readonly parts: Parts;
  readonly relay: OutboxRelay;
  readonly consumers: readonly IdempotentConsumer[];
  readonly apollo: ApolloServer<never>;
}

/**
 * Builds a subgraph service with the wiring every service shares, in one fixed order:
 * start — database → indexes → owned topics → producer → relay → components → projections loaded →
 * consumers → HTTP → demo data; stop — stop taking requests → consumers → components → drain the
 * relay (with a deadline) → producer → database. A service supplies its schema, its resolvers and
 * its parts; nothing else about starting or stopping differs from service to service.
 */
export function createService<Env extends BaseEnvironment, Context, Parts extends ServiceParts<Context>>(
  definition: ServiceDefinition<Env, Context, Parts>,
): Service<Parts> {
  const { name, config } = definition;
  const logger = definition.logger ?? createLogger({ name, level: config.LOG_LEVEL });
  // The keys `identityFromHeaders` verifies the gateway's identity tokens with, in this process.
  configureIdentityKeys(config.IDENTITY_JWKS ? JSON.parse(config.IDENTITY_JWKS) : null, config.NODE_ENV);
  const database = createDatabase({ url: config.MONGO_URL, name: config.MONGO_DB });
  const kafka = createKafkaClient({
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    credentials: kafkaCredentials(config),
    logger,
    ...(definition.kafka ? { overrides: definition.kafka } : {}),
  });
  const producer = createEventProducer(kafka);
  const mutex = createMutex();
  const exclusive: Mutex = (work) => (database.engine === 'mongodb' ? noMutex(work) : mutex(work));
  const outboxCollections: mongo.Collection[] = [];
  const relay = createOutboxRelay({
    producer,
    collections: outboxCollections,
    reads: () => database.reads,
    logger,
    sweepIntervalMs: config.OUTBOX_SWEEP_INTERVAL_MS,
    serialiseWrites: exclusive,
  });
  // A mongoose collection: usable before the connection is open (it waits for it).
  const processed = database.connection.collection(
    PROCESSED_EVENTS_COLLECTION,
  ) as unknown as mongo.Collection;
  const retention = createProcessedEventsRetention({
    collection: processed,
    engine: () => database.engine,
    logger,
  });
  const development = config.NODE_ENV === 'development';
  const accessRuntime = createAccessRuntime({
    name,
    connection: database.connection,
    logger,
    trustUnsigned: trustsUnsignedIdentity(config),
    newId: () => stampNow().newId(),
  });
  const observability = createServiceObservability({ name, logger, consumers: () => consumers });
  const contextOf = async (req: IncomingMessage | null) => {
    const request = accessRuntime.requestIdentity(req);
    return accessRuntime.attach((await parts.context(request)) as Context & object, request);
  };

  const runtime: Runtime<Env> = {
    name,
    config,
    logger,
    database,
    kafka,
    outbox: createOutboxWriter({ relay, serialise: exclusive }),
    exclusive,
    stamp: () => stampNow(),
    async execute(query, variables) {
      const response: GraphQLResponse = await apollo.executeOperation(
        { query, ...(variables ? { variables } : {}) },
        { contextValue: await contextOf(null) },
      );
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      const { data, errors } = response.body.singleResult;
      return { ...(data !== undefined ? { data } : {}), ...(errors ? { errors } : {}) };
    },
  };
  const parts = definition.parts(runtime);
  const schema = buildSubgraphSchema([
    { typeDefs: definition.typeDefs, resolvers: definition.resolvers as never },
  ]);
  accessRuntime.apply(schema, parts.access);
  // Built once the parts are known (the access policy needs their scopes); `execute` runs after start.
  const apollo = new ApolloServer<Context & object>({
    schema,
    formatError: createErrorFormatter({ development }),
    includeStacktraceInErrorResponses: development,
    introspection: true,
    // No Apollo Studio: inline traces would only cost time in every response.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ...(development ? [] : [ApolloServerPluginLandingPageDisabled()]),
      accessRuntime.plugin(),
      observability.plugin<Context & object>(),
    ],
  });
  outboxCollections.push(...(parts.outbox ?? []));
  const consumers = (parts.consumers ?? []).map((consumer) =>
    createIdempotentConsumer({
      ...consumer,
      name: config.CONSUMER_GROUP_SUFFIX ? `${consumer.name}.${config.CONSUMER_GROUP_SUFFIX}` : consumer.name,
      onApplied: observability.onApplied,
      kafka,
      processed,
      reads: () => database.reads,
      deadLetters: producer.producer,
      logger,
      retentionMs: config.PROCESSED_EVENTS_RETENTION_DAYS * 86_400_000,
    }),
  );
  let started = false;
  let server: Server | null = null;
  let url = '';

  async function readiness(): Promise<Readiness> {
    const ok = started && (await database.ping());
    return assessReadiness({
      service: name,
      started,
      database: { ok, engine: started ? database.engine : null },
      outbox: started ? relay.status() : null,
      consumers: consumers.map((c) => c.status()),
      extra: started && parts.problems ? await parts.problems() : [],
    });
  }

  return {
    runtime,
    parts,
    relay,
    consumers,
    apollo: apollo as unknown as ApolloServer<never>,
    get url() {
      return url;
    },
    readiness,
    async start() {
      await database.connect();
      await database.createIndexes();
      await retention.start();
      const created = await ensureTopics(kafka, ownedTopics(name as ServiceName));
      if (created.length > 0) logger.info({ created }, 'created the topics this service owns');
      await producer.start();
      await relay.start();
      for (const component of parts.components ?? []) await component.start();
      await parts.load?.();
      await Promise.all(consumers.map((consumer) => consumer.start()));
      await apollo.start();
      server = createGraphQLHttpServer<Context & object>({
        apollo,
        context: async ({ req }) => contextOf(req),
        health: { ready: async () => ({ ...(await readiness()) }) },
        ...observability.http,
      });
      const port = await listen(server, config.PORT, config.HOST);
      url = `http://${config.HOST}:${port}/graphql`;
      started = true;
      logger.info({ url, engine: database.engine }, `${name} subgraph ready`);
      if (config.SEED_DEMO && parts.seed && (await parts.seed.isEmpty())) {
        const created = await parts.seed.run();
        logger.info(
          { created },
          'empty database: demo data created through the public API (SEED_DEMO=false skips it)',
        );
      }
    },
    async stop() {
      started = false;
      if (server) await close(server);
      await apollo.stop().catch(() => undefined);
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      for (const component of [...(parts.components ?? [])].reverse()) await component.stop();
      retention.stop();
      await relay.stop(config.SHUTDOWN_DRAIN_MS);
      await producer.stop();
      await database.close();
      logger.info(`${name} subgraph stopped`);
    },
  };
}
