import { createEvent, EVENT_TYPES } from '@dangvien/contracts';
import type { Enterprise, OrganisationLevel, OrganisationSector } from '@dangvien/contracts';
import { UserInputError } from '@dangvien/graphql';
import type { TreeIndex } from '../tree/tree-index';
import type { OrganisationRecord } from './history';
import { latest } from './history';
import type { LocalityChange, UnitOnDate } from './locality-rules';
import { decideMoveLocality } from './locality-rules';
import type { Dated, OrganisationChange, ParentOnDate } from './organisation';
import {
  appendVersion,
  checkChangeable,
  checkDated,
  decideCreate,
  decideMove,
  dissolution,
} from './organisation';
import { RULES } from './rules';

/**
 * Merges and splits touch many documents. Without multi-document transactions they are recorded
 * first as one plan (every change decided and validated up front, nothing written if any rule
 * refuses), then applied document by document; a plan cut short is resumed at start-up, and each
 * step recognises itself by `reorganisationId` so applying it twice changes nothing.
 */
export interface ReorganisationPlan {
  id: string;
  kind: 'MERGE' | 'SPLIT';
  organisations: OrganisationChange[];
  localities: LocalityChange[];
  /** The unit clients see as the result: the merge target, or the split source. */
  resultId: string;
  createdIds: string[];
}

export interface NewUnit {
  id: string;
  code: string;
  name: string;
  level: OrganisationLevel;
  sector: OrganisationSector;
  enterprise: Enterprise | null;
  /** The new unit's parent; defaults to the parent of the unit merged or split. */
  parentId: string | null;
}

/**
 * An organisation as it stands on `date`, with its ancestors then: unknown ids are refused with
 * `rule`, and a unit created after `date` with PARENT_NOT_YET_CREATED.
 */
export function unitOnDate(
  index: TreeIndex,
  id: string,
  date: string,
  field: string[],
  rule: string = RULES.notFound,
): UnitOnDate {
  const found = record(index, id, field, rule);
  const view = index.organisation(id, date);
  if (!view) {
    throw new UserInputError(
      RULES.parentNotYetCreated,
      `${found.code} does not exist yet on ${date} (created ${found.versions[0]!.from})`,
      field,
    );
  }
  return {
    id,
    code: found.code,
    state: view.state,
    ancestorIds: index.ancestors(id, date).map((a) => a.record.id),
  };
}

function record(
  index: TreeIndex,
  id: string,
  field: string[],
  rule: string = RULES.notFound,
): OrganisationRecord {
  const found = index.organisationRecord(id);
  if (!found) throw new UserInputError(rule, `No organisation has the id given in ${field.join('.')}`, field);
  return found;
}

function checkCodeFree(index: TreeIndex, code: string, field: string[]): void {
  if (index.organisationByCode(code.trim().toUpperCase(), '9999-12-31')) {
    throw new UserInputError(RULES.codeTaken, `Code ${code.trim().toUpperCase()} is already used`, field);
  }
}

/** Moves that follow a unit's children to their new parent; planned against the parent as it will be. */
function moveChildren(
  index: TreeIndex,
  childIds: string[],
  target: ParentOnDate,
  dated: Dated,
  reorganisationId: string,
): OrganisationChange[] {
  return childIds.map((childId) =>
    decideMove(record(index, childId, ['children']), target, dated, {
      reorganisationId,
      field: ['children'],
    }),
  );
}

/**
 * Moves localities to the unit that takes them over. A covering cell stays only if it goes to the
 * same unit (`keepsCell`): in a merge every cell does; in a split only those assigned to that unit.
 */
function moveLocalities(
  index: TreeIndex,
  localityIds: string[],
  target: UnitOnDate,
  dated: Dated,
  reorganisationId: string,
  keepsCell: (cellId: string) => boolean,
): LocalityChange[] {
  return localityIds.map((id) =>
    decideMoveLocality(index.localityRecord(id)!, target, dated, { reorganisationId, keepsCell }),
  );
}

/** Ids of the units in the subtrees of `rootIds` on `date`, the roots included. */
function subtreeIds(index: TreeIndex, rootIds: string[], date: string): Set<string> {
  const ids = new Set(rootIds);
  for (const id of rootIds) for (const v of index.subtree(id, date)) ids.add(v.record.id);
  return ids;
}

export function planMerge(
  index: TreeIndex,
  input: {
    reorganisationId: string;
    sourceIds: string[];
    target: { existingId: string } | { create: NewUnit };
  } & Dated,
): ReorganisationPlan {
  const dated: Dated = { effectiveDate: input.effectiveDate, decision: input.decision };
  checkDated(dated);
  const date = dated.effectiveDate;
  if (input.sourceIds.length === 0) {
    throw new UserInputError(RULES.mergeNeedsSources, 'A merge names at least one unit to merge', [
      'sourceIds',
    ]);
  }
  if (new Set(input.sourceIds).size !== input.sourceIds.length) {
    throw new UserInputError(RULES.mergeDuplicateSource, 'A unit is named twice among the merged units', [
      'sourceIds',
    ]);
  }
  const sources = input.sourceIds.map((id) => record(index, id, ['sourceIds']));
  for (const source of sources) checkChangeable(source, date, ['sourceIds']);
  const sourceIds = new Set(input.sourceIds);
  const insideASource = (unit: UnitOnDate) => unit.ancestorIds.some((id) => sourceIds.has(id));
  // A source inside another would be moved with its parent's children and dissolved as a source.
  for (const id of input.sourceIds) {
    const source = unitOnDate(index, id, date, ['sourceIds'], RULES.notFound);
    if (insideASource(source)) {
      throw new UserInputError(
        RULES.mergeSourceInsideSource,
        `${source.code} lies inside another unit being merged; merge the outer unit only`,
        ['sourceIds'],
      );
    }
  }

  const organisations: OrganisationChange[] = [];
  let target: ParentOnDate;
  const createdIds: string[] = [];
  if ('existingId' in input.target) {
    const existingId = input.target.existingId;
    if (sourceIds.has(existingId)) {
      throw new UserInputError(RULES.mergeIntoItself, 'A unit cannot be merged into itself', ['target']);
    }
    const targetRecord = record(index, existingId, ['target']);
    checkChangeable(targetRecord, date, ['target']);
    target = unitOnDate(index, existingId, date, ['target'], RULES.notFound);
    if (insideASource(target)) {
      throw new UserInputError(
        RULES.mergeTargetInsideSource,
        `${target.code} lies inside a unit being merged and would disappear with it`,
        ['target'],
      );
    }
  } else {
    const unit = input.target.create;
    checkCodeFree(index, unit.code, ['target', 'code']);
    const parentId = unit.parentId ?? latest(sources[0]!).parentId;
    const parent = parentId
      ? unitOnDate(index, parentId, date, ['target', 'parentId'], RULES.parentNotFound)
      : null;
    if (parent && (sourceIds.has(parent.id) || insideASource(parent))) {
      throw new UserInputError(
        RULES.mergeTargetInsideSource,
        `The new unit's parent ${parent.code} is being merged away`,
        ['target', 'parentId'],
      );
    }
    const created = decideCreate(
      { ...unit, predecessorIds: input.sourceIds, reorganisationId: input.reorganisationId },
      parent,
      dated,
    );
    organisations.push(created);
    createdIds.push(unit.id);
    target = {
      id: unit.id,
      code: created.record.code,
      state: created.record.versions[0]!,
      ancestorIds: parent ? [...parent.ancestorIds, parent.id] : [],
    };
  }

  const localities: LocalityChange[] = [];
  for (const source of sources) {
    const childIds = index
      .children(source.id, date)
      .map((c) => c.record.id)
      .filter((id) => id !== target.id);
    organisations.push(...moveChildren(index, childIds, target, dated, input.reorganisationId));
    const localityIds = index.localitiesOf(source.id, date).map((l) => l.record.id);
    localities.push(...moveLocalities(index, localityIds, target, dated, input.reorganisationId, () => true));
    organisations.push(
      dissolution(source, dated, {
        reason: null,
        cause: 'MERGED',
        successorIds: [target.id],
        reorganisationId: input.reorganisationId,
      }),
    );
  }

  // The target records what it absorbed: appended to its creation, or a version of its own.
  const targetIndex = organisations.findIndex((c) => c.record.id === target.id);
  const base = targetIndex >= 0 ? organisations[targetIndex]! : null;
  const targetRecord = base ? base.record : index.organisationRecord(target.id)!;
  const sequence = targetRecord.version + 1;
  const merged = createEvent(EVENT_TYPES.OrganisationsMerged, target.id, sequence, {
    organisationId: target.id,
    mergedIds: input.sourceIds,
    targetCreated: base !== null,
    reorganisationId: input.reorganisationId,
    effectiveDate: date,
    decision: dated.decision,
  });
  const withLineage = {
    ...targetRecord,
    predecessorIds: [...new Set([...targetRecord.predecessorIds, ...input.sourceIds])],
  };
  if (base) {
    organisations[targetIndex] = {
      record: { ...withLineage, version: sequence },
      expectedVersion: null,
      events: [...base.events, merged],
    };
  } else {
    organisations.push({
      record: appendVersion(withLineage, { reorganisationId: input.reorganisationId }, 'ABSORBED', dated, 1),
      expectedVersion: targetRecord.version,
      events: [merged],
    });
  }
  return {
    id: input.reorganisationId,
    kind: 'MERGE',
    organisations,
    localities,
    resultId: target.id,
    createdIds,
  };
}

export function planSplit(
  index: TreeIndex,
  input: {
    reorganisationId: string;
    sourceId: string;
    units: (NewUnit & { childIds: string[]; localityIds: string[] })[];
    dissolveSource: boolean;
  } & Dated,
): ReorganisationPlan {
  const dated: Dated = { effectiveDate: input.effectiveDate, decision: input.decision };
  checkDated(dated);
  const date = dated.effectiveDate;
  const source = record(index, input.sourceId, ['id']);
  checkChangeable(source, date);
  if (input.units.length === 0) {
    throw new UserInputError(RULES.splitNeedsUnits, 'A split names at least one new unit', ['units']);
  }
  const children = new Set(index.children(source.id, date).map((c) => c.record.id));
  const localitiesOfSource = new Set(index.localitiesOf(source.id, date).map((l) => l.record.id));
  const assignedChildren = new Set<string>();
  const assignedLocalities = new Set<string>();
  const organisations: OrganisationChange[] = [];
  const localities: LocalityChange[] = [];
  const codes = new Set<string>();

  input.units.forEach((unit, i) => {
    const field = ['units', String(i)];
    checkCodeFree(index, unit.code, [...field, 'code']);
    const code = unit.code.trim().toUpperCase();
    if (codes.has(code))
      throw new UserInputError(RULES.codeTaken, `Code ${code} is given twice`, [...field, 'code']);
    codes.add(code);
    const parentId = unit.parentId ?? latest(source).parentId;
    const parent = parentId
      ? unitOnDate(index, parentId, date, [...field, 'parentId'], RULES.parentNotFound)
      : null;
    if (
      parent &&
      input.dissolveSource &&
      (parent.id === source.id || parent.ancestorIds.includes(source.id))
    ) {
      throw new UserInputError(RULES.parentDissolved, `${parent.code} disappears with the split`, [
        ...field,
        'parentId',
      ]);
    }
    const created = decideCreate(
      { ...unit, predecessorIds: [source.id], reorganisationId: input.reorganisationId },
      parent,
      dated,
    );
    organisations.push(created);
    const target: ParentOnDate = {
      id: unit.id,
      code,
      state: created.record.versions[0]!,
      ancestorIds: parent ? [...parent.ancestorIds, parent.id] : [],
    };
    for (const childId of unit.childIds) {
      if (!children.has(childId)) {
        throw new UserInputError(
          RULES.splitChildNotUnderSource,
          `${childId} is not under ${source.code} on ${date}`,
          [...field, 'childIds'],
        );
      }
      if (assignedChildren.has(childId)) {
        throw new UserInputError(RULES.splitChildAssignedTwice, `${childId} is assigned to two units`, [
          ...field,
          'childIds',
        ]);
      }
      assignedChildren.add(childId);
    }
    organisations.push(...moveChildren(index, unit.childIds, target, dated, input.reorganisationId));
    for (const localityId of unit.localityIds) {
      if (!localitiesOfSource.has(localityId) || assignedLocalities.has(localityId)) {
        throw new UserInputError(
          RULES.splitLocalityNotUnderSource,
          `${localityId} is not a locality of ${source.code} on ${date}, or is assigned twice`,
          [...field, 'localityIds'],
        );
      }
      assignedLocalities.add(localityId);
    }
    const unitCells = subtreeIds(index, unit.childIds, date);
    localities.push(
      ...moveLocalities(index, unit.localityIds, target, dated, input.reorganisationId, (cellId) =>
        unitCells.has(cellId),
      ),
    );
  });

  if (input.dissolveSource && assignedChildren.size < children.size) {
    throw new UserInputError(
      RULES.splitLeavesChildren,
      `${children.size - assignedChildren.size} unit(s) under ${source.code} are not assigned to a new unit, and ${source.code} is dissolved`,
      ['units'],
    );
  }
  if (input.dissolveSource && assignedLocalities.size < localitiesOfSource.size) {
    throw new UserInputError(
      RULES.splitLeavesLocalities,
      `${localitiesOfSource.size - assignedLocalities.size} localities of ${source.code} are not assigned, and ${source.code} is dissolved`,
      ['units'],
    );
  }

  const intoIds = input.units.map((u) => u.id);
  const splitEvent = (sequence: number) => [
    createEvent(EVENT_TYPES.OrganisationSplit, source.id, sequence, {
      organisationId: source.id,
      intoIds,
      sourceDissolved: input.dissolveSource,
      reorganisationId: input.reorganisationId,
      effectiveDate: date,
      decision: dated.decision,
    }),
  ];
  if (input.dissolveSource) {
    organisations.push(
      dissolution(
        source,
        dated,
        { reason: null, cause: 'SPLIT', successorIds: intoIds, reorganisationId: input.reorganisationId },
        splitEvent,
      ),
    );
  } else {
    const next = appendVersion(
      { ...source, successorIds: [...source.successorIds, ...intoIds] },
      { reorganisationId: input.reorganisationId },
      'SPLIT',
      dated,
      1,
    );
    organisations.push({ record: next, expectedVersion: source.version, events: splitEvent(next.version) });
  }
  return {
    id: input.reorganisationId,
    kind: 'SPLIT',
    organisations,
    localities,
    resultId: source.id,
    createdIds: intoIds,
  };
}
