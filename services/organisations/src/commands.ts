import { randomUUID } from 'node:crypto';
import type { OrganisationLevel, OrganisationSector } from '@dangvien/contracts';
import type { OutboxRelay } from '@dangvien/kafka';
import { UserInputError } from '@dangvien/graphql';
import type { Logger } from '@dangvien/logger';
import type { Decision, OrganisationState } from './domain/organisation';
import {
  decideCreate,
  decideDissolve,
  decideMove,
  decideRename,
  rebasePaths,
  RULES,
} from './domain/organisation';
import type { OrganisationRepository } from './model/repository';
import { toState } from './model/repository';

/**
 * The write side: load, let the domain decide, store state and events in one write, then hand the
 * document to the outbox relay. Refusals are `UserInputError`s thrown before anything is written.
 */
export function createOrganisationCommands(deps: {
  repository: OrganisationRepository;
  relay: OutboxRelay;
  logger: Logger;
  clock?: () => Date;
}) {
  const { repository, relay } = deps;
  const now = deps.clock ?? (() => new Date());
  const log = deps.logger.child({ component: 'commands' });

  async function load(id: string, rule: string = RULES.notFound, field: string[] = ['id']): Promise<OrganisationState> {
    const doc = await repository.findById(id);
    if (!doc) throw new UserInputError(rule, `No organisation has the id given in ${field.join('.')}`, field);
    return toState(doc);
  }

  function published(decision: Decision): OrganisationState {
    relay.schedule(repository.collection, decision.state.id);
    for (const event of decision.events) log.info({ type: event.type, subject: event.subject }, 'event stored');
    return decision.state;
  }

  return {
    async create(input: {
      code: string;
      name: string;
      level: OrganisationLevel;
      sector: OrganisationSector;
      parentId: string | null;
    }): Promise<OrganisationState> {
      const parent = input.parentId ? await load(input.parentId, RULES.parentNotFound, ['parentId']) : null;
      const decision = decideCreate({ ...input, id: randomUUID() }, parent);
      await repository.insert(decision.state, decision.events, now());
      return published(decision);
    },

    async rename(id: string, name: string): Promise<OrganisationState> {
      const state = await load(id);
      const decision = decideRename(state, name);
      await repository.update(state.version, decision.state, decision.events, now());
      return published(decision);
    },

    /**
     * Moves a subtree. The moved organisation (with its event) is one atomic write; its descendants'
     * paths are derived data, rewritten right after in one bulk write and repaired at start-up if
     * the process dies in between.
     */
    async move(id: string, parentId: string): Promise<OrganisationState> {
      const [state, parent] = await Promise.all([load(id), load(parentId, RULES.parentNotFound, ['parentId'])]);
      const decision = decideMove(state, parent);
      await repository.update(state.version, decision.state, decision.events, now());
      const descendants = await repository.descendantsPaths(id);
      await repository.setPaths(rebasePaths(decision.state, descendants));
      return published(decision);
    },

    async dissolve(id: string, reason: string | null): Promise<OrganisationState> {
      const state = await load(id);
      const activeChildren = await repository.countActiveChildren(id);
      const decision = decideDissolve(state, activeChildren, reason);
      const at = now();
      await repository.update(state.version, decision.state, decision.events, at, {
        dissolvedAt: at,
        dissolutionReason: reason?.trim() || null,
      });
      return published(decision);
    },
  };
}

export type OrganisationCommands = ReturnType<typeof createOrganisationCommands>;
