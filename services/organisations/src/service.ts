import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { KafkaConfig } from 'kafkajs';
import { withDatabase } from '@dangvien/config';
import { deadLetterTopic, TOPICS } from '@dangvien/contracts';
import { close, createErrorFormatter, createGraphQLHttpServer, listen } from '@dangvien/graphql';
import {
  createEventProducer,
  createKafkaClient,
  createMutex,
  createOutboxRelay,
  ensureTopics,
} from '@dangvien/kafka';
import type { OutboxRelay } from '@dangvien/kafka';
import { createLogger } from '@dangvien/logger';
import type { Logger } from '@dangvien/logger';
import { createCommands } from './commands';
import type { Commands } from './commands';
import type { Context } from './context';
import { todayInVietnam } from './domain/calendar';
import type { Environment } from './environment';
import { createMemberEventsConsumer } from './members/consumer';
import { createLoaders } from './loaders';
import { createMemberPlacements } from './members/member-placements';
import { createModels } from './model/organisation';
import { createRepository } from './model/repository';
import type { Repository } from './model/repository';
import { resolvers } from './resolvers';
import { seedDemoTree } from './seed';
import { createIndexRefresher } from './tree/refresher';
import { TreeIndex } from './tree/tree-index';

export const typeDefs = parse(readFileSync(join(__dirname, 'schema.graphql'), 'utf8'));

export interface OrganisationsService {
  start(): Promise<void>;
  stop(): Promise<void>;
  readiness(): Promise<boolean>;
  /** GraphQL endpoint, known once started. */
  readonly url: string;
  readonly relay: OutboxRelay;
  readonly repository: Repository;
  readonly index: TreeIndex;
  readonly commands: Commands;
  readonly db: Connection;
  readonly apollo: ApolloServer<Context>;
}

export interface ServiceOverrides {
  logger?: Logger;
  /** Extra kafkajs settings (tests). */
  kafka?: Partial<KafkaConfig>;
}

/** Wires the organisations subgraph: database, outbox relay, Apollo subgraph, HTTP server. */
export function createOrganisationsService(
  config: Environment,
  overrides: ServiceOverrides = {},
): OrganisationsService {
  const logger = overrides.logger ?? createLogger({ name: 'organisations', level: config.LOG_LEVEL });
  const db = mongoose.createConnection(withDatabase(config.MONGO_URL, config.MONGO_DB), {
    serverSelectionTimeoutMS: 10_000,
    autoIndex: false,
  });
  const repository = createRepository(createModels(db));
  const placements = createMemberPlacements(db);
  const index = new TreeIndex();
  const kafka = createKafkaClient({
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    logger,
    ...(overrides.kafka ? { overrides: overrides.kafka } : {}),
  });
  const producer = createEventProducer(kafka);
  // Every write of this process goes through one mutex: FerretDB v1 can lose concurrent updates of
  // one document (commands and the relay's clean-up touch the same documents).
  const exclusive = createMutex();
  const relay = createOutboxRelay({
    serialiseWrites: exclusive,
    producer,
    collections: repository.collections,
    logger,
    sweepIntervalMs: config.OUTBOX_SWEEP_INTERVAL_MS,
  });
  const commands = createCommands({ repository, index, relay, logger, exclusive });
  const refresher = createIndexRefresher({ kafka, repository, index, logger });
  const memberEvents = createMemberEventsConsumer({
    kafka,
    db,
    deadLetters: producer.producer,
    logger,
    placements,
    name: config.MEMBER_EVENTS_GROUP,
  });
  const context = async (): Promise<Context> => {
    const today = todayInVietnam();
    return { index, commands, loaders: createLoaders(index, placements, today), today };
  };
  const development = config.NODE_ENV === 'development';
  const apollo = new ApolloServer<Context>({
    schema: buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]),
    formatError: createErrorFormatter({ development }),
    includeStacktraceInErrorResponses: development,
    introspection: true,
    // No Apollo Studio: inline traces would only cost time in every response.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ...(development ? [] : [ApolloServerPluginLandingPageDisabled()]),
    ],
  });
  let started = false;
  let server: Server | null = null;
  let url = '';

  async function readiness(): Promise<boolean> {
    if (!started || db.readyState !== 1) return false;
    try {
      await db.db!.admin().ping();
      return true;
    } catch {
      return false;
    }
  }

  return {
    relay,
    repository,
    index,
    commands,
    db,
    apollo,
    get url() {
      return url;
    },
    readiness,
    async start() {
      await db.asPromise();
      await Promise.all([repository.createIndexes(), placements.model.createIndexes()]);
      await ensureTopics(kafka, [
        TOPICS.organisations,
        deadLetterTopic(TOPICS.organisations),
        TOPICS.members,
        deadLetterTopic(TOPICS.members),
      ]);
      await producer.start();
      await relay.start();
      // Join the topic first, then load: a write by another replica in between is seen either way.
      await refresher.start();
      const loaded = await repository.loadAll();
      for (const record of loaded.organisations) index.upsertOrganisation(record);
      for (const record of loaded.localities) index.upsertLocality(record);
      logger.info(index.size, 'tree index loaded');
      const resumed = await commands.resumePending();
      if (resumed > 0)
        logger.warn({ resumed }, 'finished reorganisations a stopped process left half-applied');
      await memberEvents.start();
      await apollo.start();
      server = createGraphQLHttpServer<Context>({
        apollo,
        context,
        health: { ready: readiness },
      });
      const port = await listen(server, config.PORT, config.HOST);
      url = `http://${config.HOST}:${port}/graphql`;
      started = true;
      logger.info({ url }, 'organisations subgraph ready');
      if (config.SEED_DEMO && (await repository.isEmpty())) {
        const created = await seedDemoTree(apollo, context);
        logger.info(
          { created },
          'empty database: demo tree created through the public API (SEED_DEMO=false skips it)',
        );
      }
    },
    /** Stops taking requests, drains the relay, disconnects: the order keeps every stored event. */
    async stop() {
      started = false;
      if (server) await close(server);
      await apollo.stop().catch(() => undefined);
      await memberEvents.stop();
      await refresher.stop();
      await relay.stop();
      await producer.stop();
      await db.close();
      logger.info('organisations subgraph stopped');
    },
  };
}
