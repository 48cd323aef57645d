import { createWorkingCalendar } from '@dangvien/calendar-vn';
import { todayInVietnam } from '@dangvien/domain';
import { createService, loadTypeDefs } from '@dangvien/runtime';
import type { RequestIdentity, ServiceModule, ServiceOverrides } from '@dangvien/runtime';
import { createCommands } from './commands';
import { createWarningSweep } from './commands/warning-sweep';
import type { Context } from './context';
import { createRuleBook } from './domain/admission-rules';
import type { RuleBook } from './domain/admission-rules';
import type { Environment } from './environment';
import { readEnvironment } from './environment';
import { createLoaders } from './loaders';
import { createRepository } from './model/repository';
import { createModels } from './model/schemas';
import { memberFactsConsumer } from './projections/member-facts';
import { organisationTreeConsumer } from './projections/organisation-tree';
import { createReads } from './reads';
import { resolvers } from './resolvers';
import { personScope } from './resolvers/access';
import { seedDemo } from './seed';

export const typeDefs = loadTypeDefs(__dirname);

export interface RecruitmentOverrides extends ServiceOverrides {
  /** Another rule book (tests of rule sets that are not shipped). */
  rules?: RuleBook;
}

/**
 * The recruitment subgraph: admission plans, candidates and their procedure, awareness classes,
 * funnels and early warnings. It keeps projections of the members service's events (introducers, the
 * 2/3 rule) and of the organisations service's (the tree, localities and their heads).
 */
export function createRecruitmentService(config: Environment, overrides: RecruitmentOverrides = {}) {
  const rules = overrides.rules ?? createRuleBook(config.extraRules);
  const calendar = createWorkingCalendar();
  return createService({
    name: 'recruitment',
    config,
    typeDefs,
    resolvers,
    ...(overrides.logger ? { logger: overrides.logger } : {}),
    ...(overrides.kafka ? { kafka: overrides.kafka } : {}),
    parts: (runtime) => {
      const reads = () => runtime.database.reads;
      const models = createModels(runtime.database.connection);
      const repository = createRepository(models, { outbox: runtime.outbox, reads });
      const queries = createReads({ repository, rules, calendar });
      let sweep: ReturnType<typeof createWarningSweep> | null = null;
      const commands = createCommands(
        {
          repository,
          rules,
          calendar,
          exclusive: runtime.exclusive,
          stamp: runtime.stamp,
          logger: runtime.logger,
          changed: () => sweep?.schedule(),
        },
        queries,
      );
      sweep = createWarningSweep({
        repository,
        reads: queries,
        plans: commands.plans,
        outbox: runtime.outbox,
        exclusive: runtime.exclusive,
        stamp: runtime.stamp,
        logger: runtime.logger.child({ component: 'warning-sweep' }),
        intervalMs: config.WARNING_SWEEP_INTERVAL_MS,
      });
      const { collections } = repository;
      const context = ({ identity }: RequestIdentity): Context => ({
        commands,
        repository,
        reads: queries,
        rules,
        calendar,
        loaders: createLoaders(repository),
        identity,
        today: todayInVietnam(),
      });
      return {
        repository,
        commands,
        reads: queries,
        rules,
        calendar,
        sweep,
        outbox: repository.outboxCollections,
        consumers: [
          memberFactsConsumer({ collection: collections.members, reads, exclusive: runtime.exclusive }),
          organisationTreeConsumer({
            organisations: collections.organisations,
            localities: collections.localities,
            followers: [collections.candidates, collections.plans],
            exclusive: runtime.exclusive,
          }),
        ],
        components: [sweep],
        context,
        access: { scopeOf: { Person: personScope } },
        seed: { isEmpty: () => repository.isEmpty(), run: () => seedDemo(runtime.execute, repository) },
      };
    },
  });
}

export type RecruitmentService = ReturnType<typeof createRecruitmentService>;

export const serviceModule: ServiceModule = {
  name: 'recruitment',
  create: (environment, overrides) => createRecruitmentService(readEnvironment(environment), overrides),
};
