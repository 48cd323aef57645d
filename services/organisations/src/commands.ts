import type {
  DecisionReference,
  Enterprise,
  LocalityKind,
  OrganisationLevel,
  OrganisationSector,
} from '@dangvien/contracts';
import { Refusal, todayInVietnam } from '@dangvien/domain';
import type { CalendarDate, Stamp } from '@dangvien/domain';
import type { Mutex } from '@dangvien/kafka';
import type { Logger } from '@dangvien/logger';
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
import type { NewUnit } from './domain/reorganisation';
import { unitOnDate } from './domain/reorganisation';
import { RULES } from './domain/rules';
import type { Repository } from './model/repository';
import { createReorganisations } from './reorganisations';
import type { ReorganisationFaults } from './reorganisations';
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

export interface CommandDeps {
  repository: Repository;
  index: TreeIndex;
  logger: Logger;
  /** The runtime's write mutex, shared with the outbox relay; each command holds it throughout. */
  exclusive: Mutex;
  /** The clock and ids of a command starting now. */
  stamp: () => Stamp;
  /** Fault injection for tests of half-applied reorganisations; never set in production. */
  faults?: ReorganisationFaults;
}

/** What every command does the same way: refresh, look up, store. Shared with the reorganisations. */
export function createWriteSide(deps: CommandDeps) {
  const { repository, index, exclusive } = deps;

  return {
    index,
    repository,
    /** Runs a command under the mutex with its own stamp: one clock reading, ids from one source. */
    command<T>(run: (stamp: Stamp) => Promise<T>): Promise<T> {
      return exclusive(() => run(deps.stamp()));
    },

    dated(input: DatedInput, stamp: Stamp): Dated {
      return {
        effectiveDate: input.effectiveDate ?? todayInVietnam(stamp.time),
        decision: input.decision ?? null,
        stamp,
      };
    },

    /** Reloads records from the database: the index may lag another replica's write. */
    async refresh(ids: readonly (string | null | undefined)[]): Promise<void> {
      const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
      const { organisations, localities } = await repository.loadByIds(wanted);
      for (const r of organisations) index.upsertOrganisation(r);
      for (const r of localities) index.upsertLocality(r);
    },

    organisation(id: string, field: string[] = ['id'], rule: string = RULES.notFound): OrganisationRecord {
      const record = index.organisationRecord(id);
      if (!record) throw new Refusal(rule, `No organisation has the id given in ${field.join('.')}`, field);
      return record;
    },

    locality(id: string, field: string[] = ['id']) {
      const record = index.localityRecord(id);
      if (!record) {
        throw new Refusal(
          RULES.localityNotFound,
          `No locality has the id given in ${field.join('.')}`,
          field,
        );
      }
      return record;
    },

    async store(change: OrganisationChange, stamp: Stamp): Promise<OrganisationRecord> {
      await repository.writeOrganisation(change, stamp.time);
      index.upsertOrganisation(change.record);
      return change.record;
    },

    async storeLocality(change: LocalityChange, stamp: Stamp) {
      await repository.writeLocality(change, stamp.time);
      index.upsertLocality(change.record);
      return change.record;
    },

    newUnit(input: NewUnitInput, stamp: Stamp): NewUnit {
      return {
        id: stamp.newId(),
        code: input.code,
        name: input.name,
        level: input.level,
        sector: input.sector,
        enterprise: input.enterprise ?? null,
        parentId: input.parentId ?? null,
      };
    },

    checkCodeFree(code: string, kind: 'organisation' | 'locality'): void {
      const normalised = code.trim().toUpperCase();
      const taken =
        kind === 'organisation'
          ? index.organisationByCode(normalised, '9999-12-31')
          : index.localityByCode(normalised, '9999-12-31');
      if (taken) throw new Refusal(RULES.codeTaken, `Code ${normalised} is already used`, ['code']);
    },
  };
}

export type WriteSide = ReturnType<typeof createWriteSide>;

/**
 * The write side. Each command: refresh the records it decides on from the database (the index
 * may lag another replica's write), let the domain decide against the index as of the effective
 * date with the command's clock and ids, store state and events in one single-document write per
 * record (the runtime's outbox writer relays them), update the index. Refusals are thrown before
 * anything is written.
 */
export function createCommands(deps: CommandDeps) {
  const side = createWriteSide(deps);
  const { index, command, dated, refresh, organisation, locality, store, storeLocality } = side;

  return {
    ...createReorganisations(side, deps),

    createOrganisation: (input: NewUnitInput & DatedInput) =>
      command(async (stamp) => {
        await refresh([input.parentId]);
        const when = dated(input, stamp);
        const parent = input.parentId
          ? unitOnDate(index, input.parentId, when.effectiveDate, ['parentId'], RULES.parentNotFound)
          : null;
        side.checkCodeFree(input.code, 'organisation');
        return store(decideCreate(side.newUnit(input, stamp), parent, when), stamp);
      }),

    renameOrganisation: (id: string, name: string, input: DatedInput) =>
      command(async (stamp) => {
        await refresh([id]);
        return store(decideRename(organisation(id), name, dated(input, stamp)), stamp);
      }),

    moveOrganisation: (id: string, parentId: string, input: DatedInput) =>
      command(async (stamp) => {
        await refresh([id, parentId]);
        const when = dated(input, stamp);
        const record = organisation(id);
        const parent = unitOnDate(index, parentId, when.effectiveDate, ['parentId'], RULES.parentNotFound);
        return store(decideMove(record, parent, when), stamp);
      }),

    relevelOrganisation: (id: string, level: OrganisationLevel, input: DatedInput) =>
      command(async (stamp) => {
        await refresh([id]);
        const when = dated(input, stamp);
        const record = organisation(id);
        const parentId = latest(record).parentId;
        const parent = parentId ? unitOnDate(index, parentId, when.effectiveDate, ['id']) : null;
        const children = index
          .children(id, when.effectiveDate)
          .map((c) => ({ code: c.record.code, level: c.state.level }));
        return store(decideRelevel(record, level, parent, children, when), stamp);
      }),

    dissolveOrganisation: (id: string, reason: string | null, input: DatedInput) =>
      command(async (stamp) => {
        await refresh([id]);
        const when = dated(input, stamp);
        const active = {
          children: index.children(id, when.effectiveDate).length,
          localities: index.localitiesOf(id, when.effectiveDate).length,
        };
        return store(decideDissolve(organisation(id), active, reason, when), stamp);
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
      command(async (stamp) => {
        await refresh([input.communeId, ...(input.cellIds ?? [])]);
        const when = dated(input, stamp);
        const commune = unitOnDate(index, input.communeId, when.effectiveDate, ['communeId']);
        const cells = (input.cellIds ?? []).map((id) =>
          unitOnDate(index, id, when.effectiveDate, ['cellIds']),
        );
        side.checkCodeFree(input.code, 'locality');
        const created = { id: stamp.newId(), code: input.code, name: input.name, kind: input.kind };
        return storeLocality(decideRegisterLocality(created, commune, cells, when), stamp);
      }),

    setLocalityCells: (id: string, cellIds: string[], input: DatedInput) =>
      command(async (stamp) => {
        await refresh([id, ...cellIds]);
        const when = dated(input, stamp);
        const cells = cellIds.map((cellId) => unitOnDate(index, cellId, when.effectiveDate, ['cellIds']));
        return storeLocality(decideLocalityCoverage(locality(id), cells, when), stamp);
      }),

    renameLocality: (id: string, name: string, input: DatedInput) =>
      command(async (stamp) => {
        await refresh([id]);
        return storeLocality(decideRenameLocality(locality(id), name, dated(input, stamp)), stamp);
      }),

    moveLocality: (id: string, communeId: string, input: DatedInput) =>
      command(async (stamp) => {
        await refresh([id, communeId]);
        const when = dated(input, stamp);
        const commune = unitOnDate(index, communeId, when.effectiveDate, ['communeId']);
        return storeLocality(decideMoveLocality(locality(id), commune, when), stamp);
      }),

    dissolveLocality: (id: string, mergedIntoId: string | null, input: DatedInput) =>
      command(async (stamp) => {
        await refresh([id, mergedIntoId]);
        if (mergedIntoId) locality(mergedIntoId, ['mergedIntoId']);
        return storeLocality(decideDissolveLocality(locality(id), mergedIntoId, dated(input, stamp)), stamp);
      }),

    appointLocalityHead: (
      id: string,
      head: { name: string; memberId: string | null; termStart: CalendarDate; termEnd: CalendarDate | null },
    ) =>
      command(async (stamp) => {
        await refresh([id]);
        return storeLocality(decideAppointHead(locality(id), head, stamp), stamp);
      }),
  };
}

export type Commands = ReturnType<typeof createCommands>;
