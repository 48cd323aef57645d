import type { OrganisationLevel, OrganisationSector } from '@dangvien/contracts';
import { UserInputError } from '@dangvien/graphql';
import type { UserError } from '@dangvien/graphql';
import type { Context } from '../context';
import type { OrganisationState } from '../domain/organisation';
import { RULES } from '../domain/organisation';
import { organisationIdFrom } from './organisation';

export interface Payload {
  organisation: unknown;
  userErrors: UserError[];
}

/**
 * Runs a command and shapes its payload: refusals become `userErrors` (and nothing was written);
 * anything else is unexpected and surfaces as a GraphQL error.
 */
async function payload(context: Context, run: () => Promise<OrganisationState>): Promise<Payload> {
  try {
    const state = await run();
    context.loaders.organisation.clear(state.id);
    return { organisation: await context.loaders.organisation.load(state.id), userErrors: [] };
  } catch (error) {
    if (error instanceof UserInputError) return { organisation: null, userErrors: [error.toUserError()] };
    throw error;
  }
}

export const Mutation = {
  createOrganisation: (
    _: unknown,
    { input }: { input: { code: string; name: string; level: OrganisationLevel; sector: OrganisationSector; parentId?: string | null } },
    context: Context,
  ) =>
    payload(context, () =>
      context.commands.create({
        code: input.code,
        name: input.name,
        level: input.level,
        sector: input.sector,
        parentId: input.parentId ? organisationIdFrom(input.parentId, ['parentId'], RULES.parentNotFound) : null,
      }),
    ),

  renameOrganisation: (_: unknown, { input }: { input: { id: string; name: string } }, context: Context) =>
    payload(context, () => context.commands.rename(organisationIdFrom(input.id, ['id']), input.name)),

  moveOrganisation: (_: unknown, { input }: { input: { id: string; parentId: string } }, context: Context) =>
    payload(context, () =>
      context.commands.move(
        organisationIdFrom(input.id, ['id']),
        organisationIdFrom(input.parentId, ['parentId'], RULES.parentNotFound),
      ),
    ),

  dissolveOrganisation: (_: unknown, { input }: { input: { id: string; reason?: string | null } }, context: Context) =>
    payload(context, () => context.commands.dissolve(organisationIdFrom(input.id, ['id']), input.reason ?? null)),
};
