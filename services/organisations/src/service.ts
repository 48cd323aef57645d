import type { KafkaConfig } from 'kafkajs';
import { todayInVietnam } from '@dangvien/domain';
import type { Logger } from '@dangvien/logger';
import { createService, loadTypeDefs } from '@dangvien/runtime';
import type { RequestIdentity, ServiceModule } from '@dangvien/runtime';
import { createCommands } from './commands';
import type { Context } from './context';
import type { Environment } from './environment';
import { readEnvironment } from './environment';
import { createLoaders } from './loaders';
import { memberCountsConsumer } from './members/consumer';
import { createMemberPlacements } from './members/member-placements';
import { createModels } from './model/organisation';
import { createRepository } from './model/repository';
import type { ReorganisationFaults } from './reorganisations';
import { resolvers } from './resolvers';
import { seedDemoTree } from './seed';
import { createIndexRefresher } from './tree/refresher';
import { TreeIndex } from './tree/tree-index';

export const typeDefs = loadTypeDefs(__dirname);

export interface ServiceOverrides {
  logger?: Logger;
  /** Extra kafkajs settings (tests). */
  kafka?: Partial<KafkaConfig>;
  /** Fault injection for reorganisation tests. */
  faults?: ReorganisationFaults;
}

/**
 * The organisations subgraph on the service runtime: what is about organisations, nothing else.
 * The tree is served from an in-memory index, loaded at start and kept current from this process's
 * writes and, through the refresher, from the service's own topic (other replicas' writes).
 */
export function createOrganisationsService(config: Environment, overrides: ServiceOverrides = {}) {
  return createService({
    name: 'organisations',
    config,
    typeDefs,
    resolvers,
    ...(overrides.logger ? { logger: overrides.logger } : {}),
    ...(overrides.kafka ? { kafka: overrides.kafka } : {}),
    parts: (runtime) => {
      const { connection } = runtime.database;
      const reads = () => runtime.database.reads;
      const repository = createRepository(createModels(connection), { outbox: runtime.outbox, reads });
      const placements = createMemberPlacements(connection, reads);
      const index = new TreeIndex();
      const commands = createCommands({
        repository,
        index,
        logger: runtime.logger,
        exclusive: runtime.exclusive,
        stamp: runtime.stamp,
        ...(overrides.faults ? { faults: overrides.faults } : {}),
      });
      const refresher = createIndexRefresher({
        kafka: runtime.kafka,
        repository,
        index,
        logger: runtime.logger,
      });
      // A merged or split unit's officers keep their scope over the units that took it over.
      const successorsOf = (id: string) => index.organisationRecord(id)?.successorIds ?? [];
      const context = ({ access }: RequestIdentity): Context => {
        const today = todayInVietnam();
        return {
          index,
          commands,
          repository,
          loaders: createLoaders(index, placements, today),
          access,
          today,
        };
      };
      return {
        repository,
        index,
        commands,
        placements,
        refresher,
        outbox: repository.collections,
        consumers: [memberCountsConsumer(placements)],
        components: [refresher],
        async load() {
          const loaded = await repository.loadAll();
          for (const record of loaded.organisations) index.upsertOrganisation(record);
          for (const record of loaded.localities) index.upsertLocality(record);
          runtime.logger.info(index.size, 'tree index loaded');
          const resumed = await commands.resumePending();
          if (resumed.length > 0) {
            runtime.logger.warn({ resumed }, 'finished reorganisations a stopped process left half-applied');
          }
        },
        context,
        access: { successorsOf },
        seed: { isEmpty: () => repository.isEmpty(), run: () => seedDemoTree(runtime.execute) },
      };
    },
  });
}

export type OrganisationsService = ReturnType<typeof createOrganisationsService>;

export const serviceModule: ServiceModule = {
  name: 'organisations',
  create: (environment, overrides) => createOrganisationsService(readEnvironment(environment), overrides),
};
