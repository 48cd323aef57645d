import { createAccess } from '@dangvien/auth';
import { todayInVietnam } from '@dangvien/domain';
import { createService, loadTypeDefs } from '@dangvien/runtime';
import type { RequestIdentity, ServiceModule, ServiceOverrides } from '@dangvien/runtime';
import { SERVICE_IDENTITY } from './access';
import { createInspectionCommands } from './commands/inspection-commands';
import { createPublications } from './commands/publications';
import { createReviewCommands } from './commands/review-commands';
import type { Context } from './context';
import { memoYears } from './context';
import type { Environment } from './environment';
import { readEnvironment } from './environment';
import { createCollections } from './model/collections';
import { createLateFacts } from './model/late-facts';
import { createMemberStore } from './model/member-store';
import { createPlanStore } from './model/plan-store';
import { createProjectionVersion } from './model/projection-version';
import { createReviewStore } from './model/review-store';
import { createSuccessors } from './model/successors';
import { createTreeStore } from './model/tree-store';
import { membersConsumer, plansConsumer, treeConsumer } from './projection/consumers';
import { createProvinceYears } from './queries/province-year';
import { resolvers } from './resolvers';
import { createDemoSeed } from './seed';

export const typeDefs = loadTypeDefs(__dirname);

/**
 * The emulation subgraph on the service runtime: a projection of the organisations, members and
 * recruitment services' events (tree, localities, members' contributions, admission plans), the review decisions and inspections
 * entered into it, and scores, rankings and award candidates computed on read from both.
 */
export function createEmulationService(config: Environment, overrides: ServiceOverrides = {}) {
  return createService({
    name: 'emulation',
    config,
    typeDefs,
    resolvers,
    ...(overrides.logger ? { logger: overrides.logger } : {}),
    ...(overrides.kafka ? { kafka: overrides.kafka } : {}),
    parts: (runtime) => {
      const reads = () => runtime.database.reads;
      const collections = createCollections(runtime.database.connection);
      const version = createProjectionVersion(collections.projectionState);
      const changed = () => version.touch();
      const trees = createTreeStore({
        tree: collections.tree,
        localities: collections.locality,
        orgMembers: collections.orgMembers,
        plans: collections.plan,
        reads,
        changed,
      });
      const members = createMemberStore({
        members: collections.member,
        orgMembers: collections.orgMembers,
        tree: collections.tree,
        reads,
        changed,
      });
      const successors = createSuccessors({
        tree: collections.tree,
        refreshMs: config.SUCCESSORS_REFRESH_INTERVAL_MS,
        logger: runtime.logger,
      });
      const plans = createPlanStore({ plans: collections.plan, tree: collections.tree, reads, changed });
      const late = createLateFacts(collections.lateFact);
      const store = createReviewStore({
        periods: collections.period,
        reviews: collections.review,
        sheets: collections.sheet,
        inspections: collections.inspection,
        reads,
      });
      const reviews = createReviewCommands({
        store,
        trees,
        members,
        outbox: runtime.outbox,
        exclusive: runtime.exclusive,
        stamp: () => runtime.stamp(),
      });
      const inspectionCommands = createInspectionCommands({
        inspections: collections.inspection,
        trees,
        exclusive: runtime.exclusive,
        stamp: () => runtime.stamp(),
      });
      const publications = createPublications({
        publications: collections.publication,
        outbox: runtime.outbox,
        exclusive: runtime.exclusive,
        stamp: () => runtime.stamp(),
      });
      const years = createProvinceYears({ trees, members, plans, store, version });
      const demo = createDemoSeed({
        execute: runtime.execute,
        trees,
        members,
        logger: runtime.logger,
        year: () => Number(todayInVietnam().slice(0, 4)) - 1,
      });
      const context = ({ req, access }: RequestIdentity): Context => ({
        // No request: the service's own calls (demo data), as the province.
        access: req ? access : createAccess(SERVICE_IDENTITY),
        reviews,
        inspectionCommands,
        publications,
        store,
        trees,
        members,
        late,
        version,
        publicationsOf: collections.publication,
        inspections: collections.inspection,
        years,
        yearOf: memoYears(years),
      });
      return {
        collections,
        trees,
        members,
        plans,
        late,
        store,
        reviews,
        inspectionCommands,
        years,
        outbox: [collections.sheet, collections.publication],
        successors,
        consumers: [
          treeConsumer(trees, late, successors),
          membersConsumer(members, late),
          plansConsumer(plans, late),
        ],
        components: [successors.component, demo.component],
        // An officer's scope follows their unit into the units it was merged or split into.
        access: { successorsOf: successors.of },
        load: () => successors.load(),
        context,
        seed: {
          isEmpty: async () => (await collections.period.countDocuments({})) === 0,
          run: () => demo.run(),
        },
      };
    },
  });
}

export type EmulationService = ReturnType<typeof createEmulationService>;

export const serviceModule: ServiceModule = {
  name: 'emulation',
  create: (environment, overrides) => createEmulationService(readEnvironment(environment), overrides),
};
