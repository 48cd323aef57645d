import { Refusal, dayBefore, eventIdentity, isCalendarDate } from '@dangvien/domain';
import type { CalendarDate, Stamp } from '@dangvien/domain';
import { createEvent, EVENT_TYPES } from '@dangvien/contracts';
import type { EventEnvelope, LocalityKind } from '@dangvien/contracts';
import type { LocalityHead, LocalityRecord, LocalityVersion } from './locality';
import type { Dated } from './organisation';
import {
  checkAppendable,
  checkCode,
  checkDated,
  checkName,
  normaliseCode,
  normaliseName,
} from './organisation';
import { RULES } from './rules';
import type { OrganisationVersion } from './history';

export interface LocalityChange {
  record: LocalityRecord;
  expectedVersion: number | null;
  events: EventEnvelope[];
}

/** An organisation as it stands on the effective date, as these rules need it. */
export interface UnitOnDate {
  id: string;
  code: string;
  state: OrganisationVersion;
  /** Ancestor ids, root first. */
  ancestorIds: string[];
}

const COVERING_LEVELS = new Set(['CELL', 'GRASSROOTS_CELL']);

function latestOf(record: LocalityRecord): LocalityVersion {
  return record.versions[record.versions.length - 1]!;
}

function checkCommune(commune: UnitOnDate, field: string[]): void {
  if (commune.state.status !== 'ACTIVE' || commune.state.level !== 'COMMUNE') {
    throw new Refusal(
      RULES.localityNeedsCommune,
      `Villages and residential groups belong to an active commune or ward; ${commune.code} is a ${commune.state.status === 'ACTIVE' ? commune.state.level : 'dissolved unit'}`,
      field,
    );
  }
}

/** Covering cells are cells (or grassroots cells) of the locality's own commune, active on the date. */
function checkCells(cells: UnitOnDate[], communeId: string): string[] {
  for (const cell of cells) {
    if (cell.state.status !== 'ACTIVE' || !COVERING_LEVELS.has(cell.state.level)) {
      throw new Refusal(RULES.coveringUnitNotACell, `${cell.code} is not an active Party cell`, ['cellIds']);
    }
    if (!cell.ancestorIds.includes(communeId)) {
      throw new Refusal(RULES.cellOutsideCommune, `${cell.code} is not inside the locality's commune`, [
        'cellIds',
      ]);
    }
  }
  return [...new Set(cells.map((c) => c.id))].sort();
}

function checkChangeable(record: LocalityRecord, date: CalendarDate): void {
  checkAppendable(record, date, {
    label: `Locality ${record.code}`,
    dissolvedRule: RULES.localityDissolved,
    field: ['id'],
  });
}

function append(
  record: LocalityRecord,
  changes: Partial<LocalityVersion>,
  change: LocalityVersion['change'],
  dated: Dated,
): LocalityRecord {
  const version: LocalityVersion = {
    ...latestOf(record),
    reorganisationId: null,
    ...changes,
    from: dated.effectiveDate,
    change,
    decision: dated.decision,
  };
  return { ...record, versions: [...record.versions, version], version: record.version + 1 };
}

export function decideRegisterLocality(
  command: { id: string; code: string; name: string; kind: LocalityKind },
  commune: UnitOnDate,
  cells: UnitOnDate[],
  dated: Dated,
): LocalityChange {
  checkDated(dated);
  const code = normaliseCode(command.code);
  const name = normaliseName(command.name);
  checkCode(code);
  checkName(name);
  checkCommune(commune, ['communeId']);
  const cellIds = checkCells(cells, commune.id);
  const record: LocalityRecord = {
    id: command.id,
    code,
    versions: [
      {
        from: dated.effectiveDate,
        name,
        kind: command.kind,
        communeId: commune.id,
        cellIds,
        status: 'ACTIVE',
        change: 'REGISTERED',
        decision: dated.decision,
        reorganisationId: null,
      },
    ],
    heads: [],
    version: 1,
  };
  const events: EventEnvelope[] = [
    createEvent(
      EVENT_TYPES.LocalityRegistered,
      record.id,
      1,
      {
        localityId: record.id,
        code,
        name,
        kind: command.kind,
        communeId: commune.id,
        effectiveDate: dated.effectiveDate,
        decision: dated.decision,
      },
      eventIdentity(dated.stamp),
    ),
  ];
  if (cellIds.length > 0) {
    record.version = 2;
    events.push(
      createEvent(
        EVENT_TYPES.LocalityCoverageChanged,
        record.id,
        2,
        {
          localityId: record.id,
          cellIds,
          previousCellIds: [],
          effectiveDate: dated.effectiveDate,
        },
        eventIdentity(dated.stamp),
      ),
    );
  }
  return { record, expectedVersion: null, events };
}

export function decideLocalityCoverage(
  record: LocalityRecord,
  cells: UnitOnDate[],
  dated: Dated,
): LocalityChange {
  checkDated(dated);
  checkChangeable(record, dated.effectiveDate);
  const previous = latestOf(record);
  const cellIds = checkCells(cells, previous.communeId);
  const next = append(record, { cellIds }, 'COVERAGE_CHANGED', dated);
  return {
    record: next,
    expectedVersion: record.version,
    events: [
      createEvent(
        EVENT_TYPES.LocalityCoverageChanged,
        record.id,
        next.version,
        {
          localityId: record.id,
          cellIds,
          previousCellIds: previous.cellIds,
          effectiveDate: dated.effectiveDate,
        },
        eventIdentity(dated.stamp),
      ),
    ],
  };
}

export function decideRenameLocality(record: LocalityRecord, newName: string, dated: Dated): LocalityChange {
  checkDated(dated);
  checkChangeable(record, dated.effectiveDate);
  const name = normaliseName(newName);
  checkName(name);
  const previousName = latestOf(record).name;
  if (name === previousName) {
    throw new Refusal(RULES.nameUnchanged, `Locality ${record.code} is already named "${name}"`, ['name']);
  }
  const next = append(record, { name }, 'RENAMED', dated);
  return {
    record: next,
    expectedVersion: record.version,
    events: [
      createEvent(
        EVENT_TYPES.LocalityRenamed,
        record.id,
        next.version,
        {
          localityId: record.id,
          previousName,
          name,
          effectiveDate: dated.effectiveDate,
          decision: dated.decision,
        },
        eventIdentity(dated.stamp),
      ),
    ],
  };
}

/**
 * Moves a locality to another commune (a merge or split takes villages along). A plain move drops
 * the covering cells (they belong to the old commune); a reorganisation keeps those that go to the
 * same new unit (`keepsCell`). A change of cells is published as its own coverage event.
 */
export function decideMoveLocality(
  record: LocalityRecord,
  commune: UnitOnDate,
  dated: Dated,
  options: { reorganisationId?: string | null; keepsCell?: (cellId: string) => boolean } = {},
): LocalityChange {
  checkDated(dated);
  checkChangeable(record, dated.effectiveDate);
  checkCommune(commune, ['communeId']);
  const previous = latestOf(record);
  const keepsCell = options.keepsCell ?? (() => false);
  const cellIds = previous.cellIds.filter(keepsCell);
  const next = append(
    record,
    { communeId: commune.id, cellIds, reorganisationId: options.reorganisationId ?? null },
    'MOVED',
    dated,
  );
  const events: EventEnvelope[] = [
    createEvent(
      EVENT_TYPES.LocalityMoved,
      record.id,
      next.version,
      {
        localityId: record.id,
        previousCommuneId: previous.communeId,
        communeId: commune.id,
        effectiveDate: dated.effectiveDate,
        decision: dated.decision,
      },
      eventIdentity(dated.stamp),
    ),
  ];
  if (cellIds.length !== previous.cellIds.length) {
    next.version += 1;
    events.push(
      createEvent(
        EVENT_TYPES.LocalityCoverageChanged,
        record.id,
        next.version,
        {
          localityId: record.id,
          cellIds,
          previousCellIds: previous.cellIds,
          effectiveDate: dated.effectiveDate,
        },
        eventIdentity(dated.stamp),
      ),
    );
  }
  return { record: next, expectedVersion: record.version, events };
}

export function decideDissolveLocality(
  record: LocalityRecord,
  mergedIntoId: string | null,
  dated: Dated,
): LocalityChange {
  checkDated(dated);
  checkChangeable(record, dated.effectiveDate);
  const next = append(record, { status: 'DISSOLVED', cellIds: [] }, 'DISSOLVED', dated);
  return {
    record: next,
    expectedVersion: record.version,
    events: [
      createEvent(
        EVENT_TYPES.LocalityDissolved,
        record.id,
        next.version,
        {
          localityId: record.id,
          mergedIntoId,
          effectiveDate: dated.effectiveDate,
          decision: dated.decision,
        },
        eventIdentity(dated.stamp),
      ),
    ],
  };
}

const MEMBER_ID = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * Appoints a head for a term. An open term of the previous head that started earlier is closed the
 * day before; any other overlap is refused.
 */
export function decideAppointHead(record: LocalityRecord, head: LocalityHead, stamp: Stamp): LocalityChange {
  const name = normaliseName(head.name);
  checkName(name, ['headName']);
  if (
    !isCalendarDate(head.termStart) ||
    (head.termEnd !== null && (!isCalendarDate(head.termEnd) || head.termEnd < head.termStart))
  ) {
    throw new Refusal(
      RULES.headTermInvalid,
      'A term has a start date and, if it has ended, an end date on or after it',
      ['termStart'],
    );
  }
  if (head.memberId !== null && !MEMBER_ID.test(head.memberId)) {
    throw new Refusal(RULES.memberIdInvalid, `${head.memberId} is not a member id`, ['memberId']);
  }
  if (latestOf(record).status === 'DISSOLVED') {
    throw new Refusal(RULES.localityDissolved, `Locality ${record.code} is dissolved`, ['id']);
  }
  const heads = record.heads.map((h) =>
    h.termEnd === null && h.termStart < head.termStart ? { ...h, termEnd: dayBefore(head.termStart) } : h,
  );
  const newEnd = head.termEnd ?? '9999-12-31';
  const overlap = heads.find((h) => h.termStart <= newEnd && head.termStart <= (h.termEnd ?? '9999-12-31'));
  if (overlap) {
    throw new Refusal(
      RULES.headTermsOverlap,
      `${overlap.name}'s term (${overlap.termStart} – ${overlap.termEnd ?? 'open'}) overlaps the new one`,
      ['termStart'],
    );
  }
  const appointed: LocalityHead = {
    name,
    memberId: head.memberId,
    termStart: head.termStart,
    termEnd: head.termEnd,
  };
  const next: LocalityRecord = {
    ...record,
    heads: [...heads, appointed].sort((a, b) => a.termStart.localeCompare(b.termStart)),
    version: record.version + 1,
  };
  return {
    record: next,
    expectedVersion: record.version,
    events: [
      createEvent(
        EVENT_TYPES.LocalityHeadAppointed,
        record.id,
        next.version,
        {
          localityId: record.id,
          headName: name,
          memberId: head.memberId,
          termStart: head.termStart,
          termEnd: head.termEnd,
        },
        eventIdentity(stamp),
      ),
    ],
  };
}
