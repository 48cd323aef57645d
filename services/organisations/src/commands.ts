import { randomUUID } from 'node:crypto';
import type {
  DecisionReference,
  Enterprise,
  LocalityKind,
  OrganisationLevel,
  OrganisationSector,
} from '@dangvien/contracts';
import type { Mutex, OutboxRelay } from '@dangvien/kafka';
import { UserInputError } from '@dangvien/graphql';
import type { Logger } from '@dangvien/logger';
import type { CalendarDate } from './domain/calendar';
import { todayInVietnam } from './domain/calendar';
import type { OrganisationRecord } from './domain/history';
import { latest } from './domain/history';
import type { LocalityChange } from './domain/locality-rules';
import {
  decideAppointHead,
  decideDissolveLocality,
  decideLocalityCoverage,
  decideMoveLocality,
  decideRegisterLocality,
  decideRenameLocality,
} from './domain/locality-rules';
import type { Dated, OrganisationChange } from './domain/organisation';
import { decideCreate, decideDissolve, decideMove, decideRelevel, decideRename } from './domain/organisation';
import type { NewUnit, ReorganisationPlan } from './domain/reorganisation';
import { planMerge, planSplit, unitOnDate } from './domain/reorganisation';
import { RULES } from './domain/rules';
import type { Repository } from './model/repository';
import type { TreeIndex } from './tree/tree-index';

export interface DatedInput {
  effectiveDate?: CalendarDate | null;
  decision?: DecisionReference | null;
}

export interface NewUnitInput {
  code: string;
  name: string;
  level: OrganisationLevel;
  sector: OrganisationSector;
  enterprise?: Enterprise | null;
  parentId?: string | null;
}

/**
 * The write side. Each command: refresh the records it decides on from the database (the index
 * may lag another replica's write), let the domain decide against the index as of the effective
 * date, store state and events in one single-document write per record, update the index, hand the
 * documents to the outbox relay. Refusals are thrown before anything is written.
 */
export function createCommands(deps: {
  repository: Repository;
  index: TreeIndex;
  relay: OutboxRelay;
  logger: Logger;
  /** One writer at a time; shared with the outbox relay (see `createMutex` in @dangvien/kafka). */
  exclusive: Mutex;
  clock?: () => Date;
}) {
  const { repository, index, relay } = deps;
  const now = deps.clock ?? (() => new Date());
  const log = deps.logger.child({ component: 'commands' });
  const { exclusive } = deps;

  function dated(input: DatedInput): Dated {
    return { effectiveDate: input.effectiveDate ?? todayInVietnam(now()), decision: input.decision ?? null };
  }

  async function refresh(ids: (string | null | undefined)[]): Promise<void> {
    const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
    const { organisations, localities } = await repository.loadByIds(wanted);
    for (const r of organisations) index.upsertOrganisation(r);
    for (const r of localities) index.upsertLocality(r);
  }

  function organisation(
    id: string,
    field: string[] = ['id'],
    rule: string = RULES.notFound,
  ): OrganisationRecord {
    const record = index.organisationRecord(id);
    if (!record)
      throw new UserInputError(rule, `No organisation has the id given in ${field.join('.')}`, field);
    return record;
  }

  async function store(change: OrganisationChange): Promise<OrganisationRecord> {
    await repository.writeOrganisation(change, now());
    index.upsertOrganisation(change.record);
    relay.schedule(repository.organisationCollection, change.record.id);
    for (const event of change.events) log.info({ type: event.type, subject: event.subject }, 'event stored');
    return change.record;
  }

  async function storeLocality(change: LocalityChange) {
    await repository.writeLocality(change, now());
    index.upsertLocality(change.record);
    relay.schedule(repository.localityCollection, change.record.id);
    return change.record;
  }

  /**
   * Applies a recorded plan, step by step. A step already applied (its document carries the
   * reorganisation id, or exists when it was to be created) is skipped, so resuming is safe.
   */
  async function applyPlan(plan: ReorganisationPlan): Promise<void> {
    const ids = [...plan.organisations, ...plan.localities].map((c) => c.record.id);
    const current = await repository.currentVersions(ids);
    let problem: string | null = null;
    const applied = (id: string) => current.get(id)?.reorganisationIds.has(plan.id) ?? false;
    for (const change of plan.organisations) {
      if (applied(change.record.id)) continue;
      try {
        await store(change);
      } catch (error) {
        if (!(error instanceof UserInputError)) throw error;
        problem = `${change.record.code}: ${error.message}`;
        break;
      }
    }
    for (const change of problem ? [] : plan.localities) {
      if (applied(change.record.id)) continue;
      try {
        await storeLocality(change);
      } catch (error) {
        if (!(error instanceof UserInputError)) throw error;
        problem = `${change.record.code}: ${error.message}`;
        break;
      }
    }
    await repository.finishReorganisation(plan.id, problem ? 'CONFLICT' : 'APPLIED', problem, now());
    if (problem) log.error({ reorganisationId: plan.id, problem }, 'reorganisation could not be completed');
  }

  async function reorganise(plan: ReorganisationPlan): Promise<ReorganisationPlan> {
    await repository.recordReorganisation(plan, now());
    await applyPlan(plan);
    log.info(
      {
        reorganisationId: plan.id,
        kind: plan.kind,
        organisations: plan.organisations.length,
        localities: plan.localities.length,
      },
      'reorganisation applied',
    );
    return plan;
  }

  function newUnit(input: NewUnitInput): NewUnit {
    return {
      id: randomUUID(),
      code: input.code,
      name: input.name,
      level: input.level,
      sector: input.sector,
      enterprise: input.enterprise ?? null,
      parentId: input.parentId ?? null,
    };
  }

  return {
    /** Finishes merges and splits that a stopped process left half-applied. */
    resumePending: () =>
      exclusive(async () => {
        const pending = await repository.pendingReorganisations();
        for (const plan of pending) await applyPlan(plan);
        return pending.length;
      }),

    createOrganisation: (input: NewUnitInput & DatedInput) =>
      exclusive(async () => {
        await refresh([input.parentId]);
        const when = dated(input);
        const parent = input.parentId
          ? unitOnDate(index, input.parentId, when.effectiveDate, ['parentId'], RULES.parentNotFound)
          : null;
        if (index.organisationByCode(input.code.trim().toUpperCase(), '9999-12-31')) {
          throw new UserInputError(
            RULES.codeTaken,
            `Code ${input.code.trim().toUpperCase()} is already used`,
            ['code'],
          );
        }
        const unit = newUnit(input);
        return store(decideCreate(unit, parent, when));
      }),

    renameOrganisation: (id: string, name: string, input: DatedInput) =>
      exclusive(async () => {
        await refresh([id]);
        return store(decideRename(organisation(id), name, dated(input)));
      }),

    moveOrganisation: (id: string, parentId: string, input: DatedInput) =>
      exclusive(async () => {
        await refresh([id, parentId]);
        const when = dated(input);
        const record = organisation(id);
        const parent = unitOnDate(index, parentId, when.effectiveDate, ['parentId'], RULES.parentNotFound);
        return store(decideMove(record, parent, when));
      }),

    relevelOrganisation: (id: string, level: OrganisationLevel, input: DatedInput) =>
      exclusive(async () => {
        await refresh([id]);
        const when = dated(input);
        const record = organisation(id);
        const parentId = latest(record).parentId;
        const parent = parentId ? unitOnDate(index, parentId, when.effectiveDate, ['id']) : null;
        const children = index
          .children(id, when.effectiveDate)
          .map((c) => ({ code: c.record.code, level: c.state.level }));
        return store(decideRelevel(record, level, parent, children, when));
      }),

    dissolveOrganisation: (id: string, reason: string | null, input: DatedInput) =>
      exclusive(async () => {
        await refresh([id]);
        const when = dated(input);
        const active = {
          children: index.children(id, when.effectiveDate).length,
          localities: index.localitiesOf(id, when.effectiveDate).length,
        };
        return store(decideDissolve(organisation(id), active, reason, when));
      }),

    mergeOrganisations: (
      input: { sourceIds: string[]; target: { existingId: string } | { create: NewUnitInput } } & DatedInput,
    ) =>
      exclusive(async () => {
        await refresh([
          ...input.sourceIds,
          'existingId' in input.target ? input.target.existingId : input.target.create.parentId,
        ]);
        const target = 'existingId' in input.target ? input.target : { create: newUnit(input.target.create) };
        return reorganise(
          planMerge(index, {
            ...dated(input),
            reorganisationId: randomUUID(),
            sourceIds: input.sourceIds,
            target,
          }),
        );
      }),

    splitOrganisation: (
      input: {
        sourceId: string;
        units: (NewUnitInput & { childIds?: string[] | null; localityIds?: string[] | null })[];
        dissolveSource: boolean;
      } & DatedInput,
    ) =>
      exclusive(async () => {
        await refresh([input.sourceId, ...input.units.map((u) => u.parentId)]);
        return reorganise(
          planSplit(index, {
            ...dated(input),
            reorganisationId: randomUUID(),
            sourceId: input.sourceId,
            dissolveSource: input.dissolveSource,
            units: input.units.map((u) => ({
              ...newUnit(u),
              childIds: u.childIds ?? [],
              localityIds: u.localityIds ?? [],
            })),
          }),
        );
      }),

    registerLocality: (
      input: {
        code: string;
        name: string;
        kind: LocalityKind;
        communeId: string;
        cellIds?: string[] | null;
      } & DatedInput,
    ) =>
      exclusive(async () => {
        await refresh([input.communeId, ...(input.cellIds ?? [])]);
        const when = dated(input);
        const commune = unitOnDate(index, input.communeId, when.effectiveDate, ['communeId']);
        const cells = (input.cellIds ?? []).map((id) =>
          unitOnDate(index, id, when.effectiveDate, ['cellIds']),
        );
        if (index.localityByCode(input.code.trim().toUpperCase(), '9999-12-31')) {
          throw new UserInputError(
            RULES.codeTaken,
            `Code ${input.code.trim().toUpperCase()} is already used`,
            ['code'],
          );
        }
        return storeLocality(
          decideRegisterLocality(
            { id: randomUUID(), code: input.code, name: input.name, kind: input.kind },
            commune,
            cells,
            when,
          ),
        );
      }),

    setLocalityCells: (id: string, cellIds: string[], input: DatedInput) =>
      exclusive(async () => {
        await refresh([id, ...cellIds]);
        const when = dated(input);
        const cells = cellIds.map((cellId) => unitOnDate(index, cellId, when.effectiveDate, ['cellIds']));
        return storeLocality(decideLocalityCoverage(locality(id), cells, when));
      }),

    renameLocality: (id: string, name: string, input: DatedInput) =>
      exclusive(async () => {
        await refresh([id]);
        return storeLocality(decideRenameLocality(locality(id), name, dated(input)));
      }),

    moveLocality: (id: string, communeId: string, input: DatedInput) =>
      exclusive(async () => {
        await refresh([id, communeId]);
        const when = dated(input);
        return storeLocality(
          decideMoveLocality(
            locality(id),
            unitOnDate(index, communeId, when.effectiveDate, ['communeId']),
            when,
          ),
        );
      }),

    dissolveLocality: (id: string, mergedIntoId: string | null, input: DatedInput) =>
      exclusive(async () => {
        await refresh([id, mergedIntoId]);
        if (mergedIntoId) locality(mergedIntoId, ['mergedIntoId']);
        return storeLocality(decideDissolveLocality(locality(id), mergedIntoId, dated(input)));
      }),

    appointLocalityHead: (
      id: string,
      head: { name: string; memberId: string | null; termStart: CalendarDate; termEnd: CalendarDate | null },
    ) =>
      exclusive(async () => {
        await refresh([id]);
        return storeLocality(decideAppointHead(locality(id), head));
      }),
  };

  function locality(id: string, field: string[] = ['id']) {
    const record = index.localityRecord(id);
    if (!record)
      throw new UserInputError(
        RULES.localityNotFound,
        `No locality has the id given in ${field.join('.')}`,
        field,
      );
    return record;
  }
}

export type Commands = ReturnType<typeof createCommands>;
