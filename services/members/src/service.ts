import type { KafkaConfig } from 'kafkajs';
import type { mongo } from 'mongoose';
import { todayInVietnam } from '@dangvien/domain';
import type { Logger } from '@dangvien/logger';
import { createService, loadTypeDefs } from '@dangvien/runtime';
import type { RequestIdentity, ServiceModule } from '@dangvien/runtime';
import { admissionsConsumer } from './admissions/admissions-consumer';
import { createCommands } from './commands/commands';
import type { Context } from './context';
import type { MemberFile } from './domain/member';
import type { Environment } from './environment';
import { readEnvironment } from './environment';
import { createFiguresStore } from './figures/figures-store';
import { filesConsumer } from './figures/files-consumer';
import { createImporter } from './import/importer';
import { createLoaders } from './loaders';
import { auditModel } from './model/audit-document';
import { createMemberRepository } from './model/member-repository';
import { nameIndexFill } from './model/name-index';
import { createAuditQueries } from './queries/audit-queries';
import { createMemberQueries } from './queries/member-queries';
import { createOrganisationListQueries } from './queries/organisation-lists';
import { resolvers } from './resolvers';
import { fileScope } from './resolvers/access';
import { seedDemoMembers } from './demo/seed';
import { treeConsumer } from './tree/tree-consumer';
import { createTreeEffects } from './tree/tree-effects';
import { createTreeStore } from './tree/tree-store';

export const typeDefs = loadTypeDefs(__dirname);

export interface ServiceOverrides {
  logger?: Logger;
  /** Extra kafkajs settings (tests). */
  kafka?: Partial<KafkaConfig>;
}

/**
 * The members subgraph on the service runtime. Member files are written with their events in one
 * document (the outbox); the tree comes from the organisations topic, the admitted members from
 * the admission handover, and the audit and the statistics from the service's own file log, each
 * through an idempotent consumer. Statistics and the tree are served from memory, kept current
 * across replicas through their change logs.
 */
export function createMembersService(config: Environment, overrides: ServiceOverrides = {}) {
  return createService({
    name: 'members',
    config,
    typeDefs,
    resolvers,
    ...(overrides.logger ? { logger: overrides.logger } : {}),
    ...(overrides.kafka ? { kafka: overrides.kafka } : {}),
    parts: (runtime) => {
      const { connection } = runtime.database;
      const reads = () => runtime.database.reads;
      const treeStore = createTreeStore(connection, reads);
      const repository = createMemberRepository(connection, {
        outbox: runtime.outbox,
        reads,
        tree: treeStore.tree,
        noteUnknown: (units, today) => treeStore.noteUnknown(units, today),
      });
      const figures = createFiguresStore(connection, reads);
      const audit = auditModel(connection);
      const commands = createCommands({
        repository,
        treeStore,
        exclusive: runtime.exclusive,
        stamp: runtime.stamp,
      });
      const effects = createTreeEffects(commands.side, runtime.logger);
      const importer = createImporter(connection, commands.side);
      const members = createMemberQueries(
        connection,
        reads,
        () => treeStore.tree,
        repository.names.collection as unknown as mongo.Collection,
      );
      const auditQueries = createAuditQueries(connection);
      const lists = createOrganisationListQueries(connection);

      const context = ({ identity, access }: RequestIdentity): Context => {
        let fresh: Promise<void> | null = null;
        return {
          caller: identity,
          access,
          today: todayInVietnam(),
          commands,
          importer,
          members,
          lists,
          audit: auditQueries,
          treeStore,
          figures,
          loaders: createLoaders(repository),
          fresh: () =>
            (fresh ??= Promise.all([treeStore.refresh(), figures.refresh()]).then(() => undefined)),
          stamp: runtime.stamp,
        };
      };

      return {
        repository,
        treeStore,
        figures,
        commands,
        effects,
        importer,
        outbox: [repository.collection as unknown as mongo.Collection],
        access: {
          scopeOf: { Member: (file: MemberFile, ctx: Context) => fileScope(ctx, file) },
          successorsOf: (id: string) => treeStore.tree.successors(id),
        },
        consumers: [
          treeConsumer({ store: treeStore, effects }),
          admissionsConsumer(commands.side),
          filesConsumer({ audit, figures, existing: (changes) => repository.existing(changes) }),
        ],
        components: [
          effects.schedule(config.TREE_EFFECTS_INTERVAL_MS),
          nameIndexFill((stopped) => repository.fillNames(stopped), runtime.logger),
        ],
        async load() {
          await Promise.all([treeStore.load(), figures.load()]);
          runtime.logger.info({ organisations: treeStore.tree.size }, 'tree and figures loaded');
          await effects.applyDue();
        },
        context,
        seed: {
          isEmpty: () => repository.isEmpty(),
          run: () =>
            seedDemoMembers(runtime.execute, treeStore, {
              waitMs: config.SEED_WAIT_MS,
              logger: runtime.logger,
            }),
        },
      };
    },
  });
}

export type MembersService = ReturnType<typeof createMembersService>;

export const serviceModule: ServiceModule = {
  name: 'members',
  create: (environment, overrides) => createMembersService(readEnvironment(environment), overrides),
};
