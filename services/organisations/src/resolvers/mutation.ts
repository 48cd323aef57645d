import { Refusal } from '@dangvien/domain';
import type { LocalityKind, OrganisationLevel, OrganisationSector } from '@dangvien/contracts';
import { formatCalendarDate, mutationPayload, userError } from '@dangvien/graphql';
import type { UserError } from '@dangvien/graphql';
import type { DatedInput, NewUnitInput } from '../commands';
import type { Context } from '../context';
import type { ReorganisationOutcome } from '../reorganisations';
import { RULES } from '../domain/rules';
import { localityId, memberId, organisationId } from './ids';

export interface DecisionInput {
  number: string;
  date: Date;
  issuedBy?: string | null;
}

export interface DatedArgs {
  effectiveDate?: Date | null;
  decision?: DecisionInput | null;
}

export interface EnterpriseInput {
  name: string;
  taxCode?: string | null;
}

export interface NewOrganisationArgs {
  code: string;
  name: string;
  level: OrganisationLevel;
  sector: OrganisationSector;
  enterprise?: EnterpriseInput | null;
  parentId?: string | null;
}

export interface Payload {
  userErrors: UserError[];
  [key: string]: unknown;
}

function dated(input: DatedArgs): DatedInput {
  return {
    effectiveDate: input.effectiveDate ? formatCalendarDate(input.effectiveDate) : null,
    decision: input.decision
      ? {
          number: input.decision.number.trim(),
          date: formatCalendarDate(input.decision.date),
          issuedBy: input.decision.issuedBy?.trim() || null,
        }
      : null,
  };
}

function newUnit(input: NewOrganisationArgs, field: string[]): NewUnitInput {
  return {
    code: input.code,
    name: input.name,
    level: input.level,
    sector: input.sector,
    enterprise: input.enterprise
      ? { name: input.enterprise.name, taxCode: input.enterprise.taxCode ?? null }
      : null,
    parentId: input.parentId
      ? organisationId(input.parentId, [...field, 'parentId'], RULES.parentNotFound)
      : null,
  };
}

/** The changed organisation, shown as of the change's effective date (default today). */
function organisationPayload(context: Context, when: DatedInput, run: () => Promise<{ id: string }>) {
  return mutationPayload(
    async () => {
      const record = await run();
      return { organisation: context.index.organisation(record.id, when.effectiveDate ?? context.today) };
    },
    { organisation: null },
  );
}

/** The result of a merge or split, shown as of its effective date: the unit kept, the units created. */
/**
 * The result of a merge or split, shown as of its effective date: the unit kept, the units created.
 * One that could be applied only in part is no success: its payload says so, with the step refused
 * and the reorganisation's state.
 */
function reorganisationPayload(context: Context, run: () => Promise<ReorganisationOutcome>) {
  const none = { organisation: null, created: [], reorganisationId: null, reorganisation: null };
  return mutationPayload(async () => {
    const outcome = await run();
    const reorganisation = await context.repository.reorganisation(outcome.id);
    if (outcome.status !== 'APPLIED') {
      return { ...none, reorganisationId: outcome.id, reorganisation, userErrors: [incomplete(outcome)] };
    }
    const asOf = reorganisation?.request.effectiveDate ?? context.today;
    return {
      organisation: context.index.organisation(outcome.resultId, asOf),
      created: outcome.createdIds.map((id) => context.index.organisation(id, asOf)),
      reorganisationId: outcome.id,
      reorganisation,
    };
  }, none);
}

function incomplete(outcome: ReorganisationOutcome): UserError {
  const problem = outcome.problem;
  const where = problem?.step
    ? `step ${problem.step} of ${problem.steps} (${problem.subjectCode})`
    : 'planning what is left of it';
  return userError(
    RULES.reorganisationIncomplete,
    `The ${outcome.kind.toLowerCase()} could not be completed: ${where} was refused (${problem?.code}: ${problem?.message}). It is ${outcome.status}: retry it once the cause is removed, or abandon it.`,
  );
}

function localityPayload(context: Context, run: () => Promise<{ id: string }>, date: string | null) {
  return mutationPayload(
    async () => {
      const record = await run();
      return { locality: context.index.locality(record.id, date ?? context.today) };
    },
    { locality: null },
  );
}

export const Mutation = {
  createOrganisation: (
    _: unknown,
    { input }: { input: NewOrganisationArgs & DatedArgs },
    context: Context,
  ) => {
    const when = dated(input);
    return organisationPayload(context, when, () =>
      context.commands.createOrganisation({ ...newUnit(input, []), ...when }),
    );
  },

  renameOrganisation: (
    _: unknown,
    { input }: { input: { id: string; name: string } & DatedArgs },
    context: Context,
  ) => {
    const when = dated(input);
    return organisationPayload(context, when, () =>
      context.commands.renameOrganisation(organisationId(input.id, ['id']), input.name, when),
    );
  },

  moveOrganisation: (
    _: unknown,
    { input }: { input: { id: string; parentId: string } & DatedArgs },
    context: Context,
  ) => {
    const when = dated(input);
    return organisationPayload(context, when, () =>
      context.commands.moveOrganisation(
        organisationId(input.id, ['id']),
        organisationId(input.parentId, ['parentId'], RULES.parentNotFound),
        when,
      ),
    );
  },

  relevelOrganisation: (
    _: unknown,
    { input }: { input: { id: string; level: OrganisationLevel } & DatedArgs },
    context: Context,
  ) => {
    const when = dated(input);
    return organisationPayload(context, when, () =>
      context.commands.relevelOrganisation(organisationId(input.id, ['id']), input.level, when),
    );
  },

  dissolveOrganisation: (
    _: unknown,
    { input }: { input: { id: string; reason?: string | null } & DatedArgs },
    context: Context,
  ) => {
    const when = dated(input);
    // Shown as of the day it was dissolved: dissolved, with its history.
    return organisationPayload(context, when, () =>
      context.commands.dissolveOrganisation(organisationId(input.id, ['id']), input.reason ?? null, when),
    );
  },

  mergeOrganisations: (
    _: unknown,
    {
      input,
    }: {
      input: {
        sourceIds: string[];
        target: { existingId?: string | null; create?: NewOrganisationArgs | null };
      } & DatedArgs;
    },
    context: Context,
  ) => {
    const when = dated(input);
    return reorganisationPayload(context, async () => {
      const { existingId, create } = input.target;
      if (Boolean(existingId) === Boolean(create)) {
        throw new Refusal('MERGE_TARGET_INVALID', 'Give exactly one of target.existingId and target.create', [
          'target',
        ]);
      }
      const target = existingId
        ? { existingId: organisationId(existingId, ['target', 'existingId']) }
        : { create: newUnit(create!, ['target', 'create']) };
      return context.commands.mergeOrganisations({
        ...when,
        sourceIds: input.sourceIds.map((id, i) => organisationId(id, ['sourceIds', String(i)])),
        target,
      });
    });
  },

  splitOrganisation: (
    _: unknown,
    {
      input,
    }: {
      input: {
        id: string;
        units: (NewOrganisationArgs & { childIds?: string[] | null; localityIds?: string[] | null })[];
        dissolveSource?: boolean | null;
      } & DatedArgs;
    },
    context: Context,
  ) => {
    const when = dated(input);
    return reorganisationPayload(context, () =>
      context.commands.splitOrganisation({
        ...when,
        sourceId: organisationId(input.id, ['id']),
        dissolveSource: input.dissolveSource ?? true,
        units: input.units.map((unit, i) => ({
          ...newUnit(unit, ['units', String(i)]),
          childIds: (unit.childIds ?? []).map((id) => organisationId(id, ['units', String(i), 'childIds'])),
          localityIds: (unit.localityIds ?? []).map((id) =>
            localityId(id, ['units', String(i), 'localityIds']),
          ),
        })),
      }),
    );
  },

  registerLocality: (
    _: unknown,
    {
      input,
    }: {
      input: {
        code: string;
        name: string;
        kind: LocalityKind;
        communeId: string;
        cellIds?: string[] | null;
      } & DatedArgs;
    },
    context: Context,
  ) => {
    const when = dated(input);
    return localityPayload(
      context,
      () =>
        context.commands.registerLocality({
          ...when,
          code: input.code,
          name: input.name,
          kind: input.kind,
          communeId: organisationId(input.communeId, ['communeId']),
          cellIds: (input.cellIds ?? []).map((id, i) => organisationId(id, ['cellIds', String(i)])),
        }),
      when.effectiveDate ?? null,
    );
  },

  setLocalityCells: (
    _: unknown,
    { input }: { input: { id: string; cellIds: string[] } & DatedArgs },
    context: Context,
  ) => {
    const when = dated(input);
    return localityPayload(
      context,
      () =>
        context.commands.setLocalityCells(
          localityId(input.id, ['id']),
          input.cellIds.map((id, i) => organisationId(id, ['cellIds', String(i)])),
          when,
        ),
      when.effectiveDate ?? null,
    );
  },

  renameLocality: (
    _: unknown,
    { input }: { input: { id: string; name: string } & DatedArgs },
    context: Context,
  ) => {
    const when = dated(input);
    return localityPayload(
      context,
      () => context.commands.renameLocality(localityId(input.id, ['id']), input.name, when),
      when.effectiveDate ?? null,
    );
  },

  moveLocality: (
    _: unknown,
    { input }: { input: { id: string; communeId: string } & DatedArgs },
    context: Context,
  ) => {
    const when = dated(input);
    return localityPayload(
      context,
      () =>
        context.commands.moveLocality(
          localityId(input.id, ['id']),
          organisationId(input.communeId, ['communeId']),
          when,
        ),
      when.effectiveDate ?? null,
    );
  },

  dissolveLocality: (
    _: unknown,
    { input }: { input: { id: string; mergedIntoId?: string | null } & DatedArgs },
    context: Context,
  ) => {
    const when = dated(input);
    return localityPayload(
      context,
      () =>
        context.commands.dissolveLocality(
          localityId(input.id, ['id']),
          input.mergedIntoId ? localityId(input.mergedIntoId, ['mergedIntoId']) : null,
          when,
        ),
      when.effectiveDate ?? null,
    );
  },

  appointLocalityHead: (
    _: unknown,
    {
      input,
    }: {
      input: { id: string; name: string; memberId?: string | null; termStart: Date; termEnd?: Date | null };
    },
    context: Context,
  ) =>
    localityPayload(
      context,
      () =>
        context.commands.appointLocalityHead(localityId(input.id, ['id']), {
          name: input.name,
          memberId: input.memberId ? memberId(input.memberId) : null,
          termStart: formatCalendarDate(input.termStart),
          termEnd: input.termEnd ? formatCalendarDate(input.termEnd) : null,
        }),
      formatCalendarDate(input.termStart),
    ),

  retryReorganisation: (_: unknown, { input }: { input: { id: string } }, context: Context) =>
    reorganisationPayload(context, () => context.commands.retryReorganisation(input.id)),

  abandonReorganisation: (
    _: unknown,
    { input }: { input: { id: string; reason: string } },
    context: Context,
  ) =>
    mutationPayload(
      async () => ({ reorganisation: await context.commands.abandonReorganisation(input.id, input.reason) }),
      { reorganisation: null },
    ),
};
