import { Refusal, eventIdentity } from '@dangvien/domain';
import { createEvent, EVENT_TYPES } from '@dangvien/contracts';
import type {
  DecisionReference,
  Enterprise,
  OrganisationLevel,
  OrganisationSector,
} from '@dangvien/contracts';
import type { CalendarDate, Stamp } from '@dangvien/domain';
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
 * refuses), then applied document by document. A plan cut short (a crash, a step refused because
 * another writer got there first) is planned again from the same request: every step already
 * applied carries the `reorganisationId` and is left out, the rest is decided anew against the
 * records as they are now. So planning twice never applies anything twice.
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

/**
 * What a client asked for, kept with the plan: a plan cut short is planned again from it (see above).
 * Ids of units to create are decided once, when the request is first made.
 */
export type ReorganisationRequest =
  | {
      kind: 'MERGE';
      sourceIds: string[];
      target: { existingId: string } | { create: NewUnit };
      effectiveDate: CalendarDate;
      decision: DecisionReference | null;
    }
  | {
      kind: 'SPLIT';
      sourceId: string;
      units: (NewUnit & { childIds: string[]; localityIds: string[] })[];
      dissolveSource: boolean;
      effectiveDate: CalendarDate;
      decision: DecisionReference | null;
    };

/** PENDING: recorded, being applied (or its process stopped); CONFLICT: a step or a re-planning was refused. */
export type ReorganisationStatus = 'PENDING' | 'APPLIED' | 'CONFLICT' | 'ABANDONED';

/** Why a reorganisation is in CONFLICT: the step refused (1-based, of `steps`) and the rule, or the planning refused. */
export interface ReorganisationProblem {
  step: number | null;
  steps: number | null;
  /** Code of the unit or locality the refused step writes. */
  subjectCode: string | null;
  code: string;
  message: string;
}

/** Plans (or plans again) a request: only the steps not yet applied by reorganisation `id`. */
export function planReorganisation(
  index: TreeIndex,
  request: ReorganisationRequest,
  id: string,
  stamp: Stamp,
): ReorganisationPlan {
  const dated = { effectiveDate: request.effectiveDate, decision: request.decision, stamp };
  return request.kind === 'MERGE'
    ? planMerge(index, {
        ...dated,
        reorganisationId: id,
        sourceIds: request.sourceIds,
        target: request.target,
      })
    : planSplit(index, {
        ...dated,
        reorganisationId: id,
        sourceId: request.sourceId,
        units: request.units,
        dissolveSource: request.dissolveSource,
      });
}

/** Every record a request may touch, for refreshing them before planning. */
export function requestedIds(request: ReorganisationRequest): string[] {
  if (request.kind === 'MERGE') {
    return [
      ...request.sourceIds,
      'existingId' in request.target ? request.target.existingId : request.target.create.id,
      'create' in request.target ? request.target.create.parentId : null,
    ].filter((id): id is string => Boolean(id));
  }
  return [
    request.sourceId,
    ...request.units.flatMap((u) => [u.id, u.parentId, ...u.childIds, ...u.localityIds]),
  ].filter((id): id is string => Boolean(id));
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
    throw new Refusal(
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
  if (!found) throw new Refusal(rule, `No organisation has the id given in ${field.join('.')}`, field);
  return found;
}

function checkCodeFree(index: TreeIndex, code: string, field: string[]): void {
  if (index.organisationByCode(code.trim().toUpperCase(), '9999-12-31')) {
    throw new Refusal(RULES.codeTaken, `Code ${code.trim().toUpperCase()} is already used`, field);
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

/** Whether this reorganisation already wrote a version of the record. */
function touchedBy(
  record: { versions: readonly { reorganisationId: string | null }[] },
  id: string,
): boolean {
  return record.versions.some((v) => v.reorganisationId === id);
}

/** Whether the record's last version is this reorganisation's: its step is applied. */
function lastStepBy(
  record: { versions: readonly { reorganisationId: string | null }[] },
  id: string,
): boolean {
  return record.versions[record.versions.length - 1]?.reorganisationId === id;
}

export function planMerge(
  index: TreeIndex,
  input: {
    reorganisationId: string;
    sourceIds: string[];
    target: { existingId: string } | { create: NewUnit };
  } & Dated,
): ReorganisationPlan {
  const dated: Dated = { effectiveDate: input.effectiveDate, decision: input.decision, stamp: input.stamp };
  checkDated(dated);
  const date = dated.effectiveDate;
  if (input.sourceIds.length === 0) {
    throw new Refusal(RULES.mergeNeedsSources, 'A merge names at least one unit to merge', ['sourceIds']);
  }
  if (new Set(input.sourceIds).size !== input.sourceIds.length) {
    throw new Refusal(RULES.mergeDuplicateSource, 'A unit is named twice among the merged units', [
      'sourceIds',
    ]);
  }
  const sources = input.sourceIds.map((id) => record(index, id, ['sourceIds']));
  // A source this merge dissolved already (a resumed plan) takes no new change.
  const pendingSources = sources.filter((source) => !lastStepBy(source, input.reorganisationId));
  for (const source of pendingSources) checkChangeable(source, date, ['sourceIds']);
  const sourceIds = new Set(input.sourceIds);
  const insideASource = (unit: UnitOnDate) => unit.ancestorIds.some((id) => sourceIds.has(id));
  // A source inside another would be moved with its parent's children and dissolved as a source.
  for (const id of input.sourceIds) {
    const source = unitOnDate(index, id, date, ['sourceIds'], RULES.notFound);
    if (insideASource(source)) {
      throw new Refusal(
        RULES.mergeSourceInsideSource,
        `${source.code} lies inside another unit being merged; merge the outer unit only`,
        ['sourceIds'],
      );
    }
  }

  const organisations: OrganisationChange[] = [];
  let target: ParentOnDate;
  const createdIds: string[] = [];
  // Whether the target's own step (its creation, or the version recording what it absorbed) is applied.
  let targetDone = false;
  const createdBefore = 'create' in input.target ? index.organisationRecord(input.target.create.id) : null;
  if (createdBefore) {
    // Created by this merge when the plan first ran: it is the target now, its creation done.
    target = unitOnDate(index, createdBefore.id, date, ['target'], RULES.notFound);
    createdIds.push(createdBefore.id);
    targetDone = true;
  } else if ('existingId' in input.target) {
    const existingId = input.target.existingId;
    if (sourceIds.has(existingId)) {
      throw new Refusal(RULES.mergeIntoItself, 'A unit cannot be merged into itself', ['target']);
    }
    const targetRecord = record(index, existingId, ['target']);
    targetDone = touchedBy(targetRecord, input.reorganisationId);
    if (!targetDone) checkChangeable(targetRecord, date, ['target']);
    target = unitOnDate(index, existingId, date, ['target'], RULES.notFound);
    if (insideASource(target)) {
      throw new Refusal(
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
      throw new Refusal(
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
    if (!pendingSources.includes(source)) continue;
    organisations.push(
      dissolution(source, dated, {
        reason: null,
        cause: 'MERGED',
        successorIds: [target.id],
        reorganisationId: input.reorganisationId,
      }),
    );
  }
  if (targetDone) {
    return {
      id: input.reorganisationId,
      kind: 'MERGE',
      organisations,
      localities,
      resultId: target.id,
      createdIds,
    };
  }

  // The target records what it absorbed: appended to its creation, or a version of its own.
  const targetIndex = organisations.findIndex((c) => c.record.id === target.id);
  const base = targetIndex >= 0 ? organisations[targetIndex]! : null;
  const targetRecord = base ? base.record : index.organisationRecord(target.id)!;
  const sequence = targetRecord.version + 1;
  const merged = createEvent(
    EVENT_TYPES.OrganisationsMerged,
    target.id,
    sequence,
    {
      organisationId: target.id,
      mergedIds: input.sourceIds,
      targetCreated: base !== null,
      reorganisationId: input.reorganisationId,
      effectiveDate: date,
      decision: dated.decision,
    },
    eventIdentity(dated.stamp),
  );
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
  const dated: Dated = { effectiveDate: input.effectiveDate, decision: input.decision, stamp: input.stamp };
  checkDated(dated);
  const date = dated.effectiveDate;
  const source = record(index, input.sourceId, ['id']);
  // The source's own step (split version or dissolution) comes last: once applied, the plan is done.
  const sourceDone = touchedBy(source, input.reorganisationId);
  if (!sourceDone) checkChangeable(source, date);
  if (input.units.length === 0) {
    throw new Refusal(RULES.splitNeedsUnits, 'A split names at least one new unit', ['units']);
  }
  const children = new Set(index.children(source.id, date).map((c) => c.record.id));
  const localitiesOfSource = new Set(index.localitiesOf(source.id, date).map((l) => l.record.id));
  const assignedChildren = new Set<string>();
  const assignedLocalities = new Set<string>();
  const organisations: OrganisationChange[] = [];
  const localities: LocalityChange[] = [];
  const codes = new Set<string>();

  // Children and localities this split moved already are no longer the source's: left out.
  const movedChildren = (ids: string[]) =>
    ids.filter((id) => {
      const child = index.organisationRecord(id);
      return child !== null && lastStepBy(child, input.reorganisationId);
    });
  const movedLocalities = (ids: string[]) =>
    ids.filter((id) => {
      const locality = index.localityRecord(id);
      return locality !== null && lastStepBy(locality, input.reorganisationId);
    });
  for (const unit of input.units) {
    for (const id of movedChildren(unit.childIds)) assignedChildren.add(id);
    for (const id of movedLocalities(unit.localityIds)) assignedLocalities.add(id);
  }
  const movedBefore = new Set([...assignedChildren, ...assignedLocalities]);
  for (const id of assignedChildren) children.add(id);
  for (const id of assignedLocalities) localitiesOfSource.add(id);

  input.units.forEach((unit, i) => {
    const field = ['units', String(i)];
    const code = unit.code.trim().toUpperCase();
    if (codes.has(code))
      throw new Refusal(RULES.codeTaken, `Code ${code} is given twice`, [...field, 'code']);
    codes.add(code);
    const createdBefore = index.organisationRecord(unit.id);
    if (!createdBefore) checkCodeFree(index, unit.code, [...field, 'code']);
    const parentId = unit.parentId ?? latest(source).parentId;
    const parent = parentId
      ? unitOnDate(index, parentId, date, [...field, 'parentId'], RULES.parentNotFound)
      : null;
    if (
      parent &&
      input.dissolveSource &&
      (parent.id === source.id || parent.ancestorIds.includes(source.id))
    ) {
      throw new Refusal(RULES.parentDissolved, `${parent.code} disappears with the split`, [
        ...field,
        'parentId',
      ]);
    }
    let target: ParentOnDate;
    if (createdBefore) {
      target = unitOnDate(index, unit.id, date, [...field, 'code']);
    } else {
      const created = decideCreate(
        { ...unit, predecessorIds: [source.id], reorganisationId: input.reorganisationId },
        parent,
        dated,
      );
      organisations.push(created);
      target = {
        id: unit.id,
        code,
        state: created.record.versions[0]!,
        ancestorIds: parent ? [...parent.ancestorIds, parent.id] : [],
      };
    }
    const childIds = unit.childIds.filter((id) => !movedBefore.has(id));
    const localityIds = unit.localityIds.filter((id) => !movedBefore.has(id));
    for (const childId of childIds) {
      if (!children.has(childId)) {
        throw new Refusal(
          RULES.splitChildNotUnderSource,
          `${childId} is not under ${source.code} on ${date}`,
          [...field, 'childIds'],
        );
      }
      if (assignedChildren.has(childId)) {
        throw new Refusal(RULES.splitChildAssignedTwice, `${childId} is assigned to two units`, [
          ...field,
          'childIds',
        ]);
      }
      assignedChildren.add(childId);
    }
    organisations.push(...moveChildren(index, childIds, target, dated, input.reorganisationId));
    for (const localityId of localityIds) {
      if (!localitiesOfSource.has(localityId) || assignedLocalities.has(localityId)) {
        throw new Refusal(
          RULES.splitLocalityNotUnderSource,
          `${localityId} is not a locality of ${source.code} on ${date}, or is assigned twice`,
          [...field, 'localityIds'],
        );
      }
      assignedLocalities.add(localityId);
    }
    const unitCells = subtreeIds(index, unit.childIds, date);
    localities.push(
      ...moveLocalities(index, localityIds, target, dated, input.reorganisationId, (cellId) =>
        unitCells.has(cellId),
      ),
    );
  });

  if (input.dissolveSource && assignedChildren.size < children.size) {
    throw new Refusal(
      RULES.splitLeavesChildren,
      `${children.size - assignedChildren.size} unit(s) under ${source.code} are not assigned to a new unit, and ${source.code} is dissolved`,
      ['units'],
    );
  }
  if (input.dissolveSource && assignedLocalities.size < localitiesOfSource.size) {
    throw new Refusal(
      RULES.splitLeavesLocalities,
      `${localitiesOfSource.size - assignedLocalities.size} localities of ${source.code} are not assigned, and ${source.code} is dissolved`,
      ['units'],
    );
  }

  const intoIds = input.units.map((u) => u.id);
  if (sourceDone) {
    return {
      id: input.reorganisationId,
      kind: 'SPLIT',
      organisations,
      localities,
      resultId: source.id,
      createdIds: intoIds,
    };
  }
  const splitEvent = (sequence: number) => [
    createEvent(
      EVENT_TYPES.OrganisationSplit,
      source.id,
      sequence,
      {
        organisationId: source.id,
        intoIds,
        sourceDissolved: input.dissolveSource,
        reorganisationId: input.reorganisationId,
        effectiveDate: date,
        decision: dated.decision,
      },
      eventIdentity(dated.stamp),
    ),
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
