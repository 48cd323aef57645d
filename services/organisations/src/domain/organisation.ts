import { Refusal, eventIdentity, isCalendarDate } from '@dangvien/domain';
import type { CalendarDate, Stamp } from '@dangvien/domain';
import { createEvent, ENTERPRISE_SECTORS, EVENT_TYPES } from '@dangvien/contracts';
import type {
  DecisionReference,
  Enterprise,
  EventEnvelope,
  OrganisationLevel,
  OrganisationSector,
} from '@dangvien/contracts';
import type { ChangeKind, OrganisationRecord, OrganisationVersion } from './history';
import { latest } from './history';
import { RULES } from './rules';
import { describeAllowedParents, isAllowedParent } from './structure';

export { RULES } from './rules';

/** When and by which act a change holds, and the command's clock and ids its events carry. */
export interface Dated {
  effectiveDate: CalendarDate;
  decision: DecisionReference | null;
  stamp: Stamp;
}

/** The parent as it stands on the effective date, with its ancestors' ids (root first). */
export interface ParentOnDate {
  id: string;
  code: string;
  state: OrganisationVersion;
  ancestorIds: string[];
}

/** One decided write: the next record (null `expectedVersion` = a new document) and its events. */
export interface OrganisationChange {
  record: OrganisationRecord;
  expectedVersion: number | null;
  events: EventEnvelope[];
}

const CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,39}$/;
const NAME_MAX = 200;
const REASON_MAX = 1_000;

export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

export function normaliseName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ');
}

export function checkCode(code: string, field: string[] = ['code']): void {
  if (!CODE_PATTERN.test(code)) {
    throw new Refusal(
      RULES.codeFormat,
      'A code is 1 to 40 characters: letters, digits, ".", "_" or "-", starting with a letter or digit',
      field,
    );
  }
}

export function checkName(name: string, field: string[] = ['name']): void {
  if (name.length === 0) throw new Refusal(RULES.nameRequired, 'A name is required', field);
  if (name.length > NAME_MAX) {
    throw new Refusal(RULES.nameTooLong, `A name has at most ${NAME_MAX} characters`, field);
  }
}

export function checkDated(dated: Dated): void {
  if (!isCalendarDate(dated.effectiveDate)) {
    throw new Refusal(RULES.effectiveDateFormat, 'effectiveDate must be a real date, YYYY-MM-DD', [
      'effectiveDate',
    ]);
  }
  const decision = dated.decision;
  if (
    decision &&
    (!decision.number.trim() || !isCalendarDate(decision.date) || decision.date > dated.effectiveDate)
  ) {
    throw new Refusal(
      RULES.decisionInvalid,
      'A decision needs a number and a date (YYYY-MM-DD) on or before the effective date',
      ['decision'],
    );
  }
}

/**
 * A change to an existing organisation must come after everything already recorded for it: the
 * history is appended to, never rewritten (a correction is a new dated change).
 */
export function checkChangeable(
  record: OrganisationRecord,
  effectiveDate: CalendarDate,
  field: string[] = ['id'],
): void {
  checkAppendable(record, effectiveDate, { label: record.code, dissolvedRule: RULES.dissolved, field });
}

/**
 * The history rule shared by organisations and localities: a change goes after everything already
 * recorded (the history is appended to, never rewritten; a correction is a new dated change), and a
 * dissolved unit takes no more changes.
 */
export function checkAppendable(
  history: { versions: readonly { from: CalendarDate; status: 'ACTIVE' | 'DISSOLVED' }[] },
  effectiveDate: CalendarDate,
  options: { label: string; dissolvedRule: string; field: string[] },
): void {
  const first = history.versions[0]!;
  const last = history.versions[history.versions.length - 1]!;
  if (last.status === 'DISSOLVED') {
    throw new Refusal(
      options.dissolvedRule,
      `${options.label} was dissolved on ${last.from} and cannot change`,
      options.field,
    );
  }
  if (effectiveDate < first.from) {
    throw new Refusal(
      RULES.effectiveDateBeforeCreation,
      `${options.label} did not exist before ${first.from}; ${effectiveDate} is earlier`,
      ['effectiveDate'],
    );
  }
  if (effectiveDate < last.from) {
    throw new Refusal(
      RULES.effectiveDateBeforeLastChange,
      `${options.label} last changed on ${last.from}; a change effective ${effectiveDate} would rewrite its history`,
      ['effectiveDate'],
    );
  }
}

export function checkParent(
  level: OrganisationLevel,
  parent: ParentOnDate | null,
  date: CalendarDate,
  field = ['parentId'],
): void {
  if (parent && parent.state.status !== 'ACTIVE') {
    throw new Refusal(RULES.parentDissolved, `Parent ${parent.code} is dissolved on ${date}`, field);
  }
  if (!isAllowedParent(level, parent?.state.level ?? null, date)) {
    throw new Refusal(
      RULES.levelNotAllowedUnderParent,
      `On ${date} a ${level} may sit only under: ${describeAllowedParents(level, date)}; ${parent ? `${parent.code} is a ${parent.state.level}` : 'no parent was given'}`,
      field,
    );
  }
}

function checkEnterprise(sector: OrganisationSector, enterprise: Enterprise | null): void {
  const needs = ENTERPRISE_SECTORS.includes(sector);
  if (needs && !enterprise?.name.trim()) {
    throw new Refusal(
      RULES.enterpriseRequired,
      `An organisation in the ${sector} sector names the enterprise or cooperative it sits in`,
      ['enterprise'],
    );
  }
  if (!needs && enterprise) {
    throw new Refusal(RULES.enterpriseNotApplicable, `Only enterprises and cooperatives name an enterprise`, [
      'enterprise',
    ]);
  }
}

/** Appends a version (and bumps the write counter by one per event, so every event has its own sequence). */
export function appendVersion(
  record: OrganisationRecord,
  changes: Partial<Omit<OrganisationVersion, 'from' | 'change' | 'decision'>>,
  change: ChangeKind,
  dated: Dated,
  eventCount: number,
): OrganisationRecord {
  const next: OrganisationVersion = {
    ...latest(record),
    reason: null,
    reorganisationId: null,
    ...changes,
    from: dated.effectiveDate,
    change,
    decision: dated.decision,
  };
  return { ...record, versions: [...record.versions, next], version: record.version + eventCount };
}

export interface CreateCommand {
  id: string;
  code: string;
  name: string;
  level: OrganisationLevel;
  sector: OrganisationSector;
  enterprise: Enterprise | null;
  predecessorIds?: string[];
  reorganisationId?: string | null;
}

export function decideCreate(
  command: CreateCommand,
  parent: ParentOnDate | null,
  dated: Dated,
): OrganisationChange {
  checkDated(dated);
  const code = normaliseCode(command.code);
  const name = normaliseName(command.name);
  checkCode(code);
  checkName(name);
  checkEnterprise(command.sector, command.enterprise);
  checkParent(command.level, parent, dated.effectiveDate);
  const enterprise = command.enterprise
    ? { name: normaliseName(command.enterprise.name), taxCode: command.enterprise.taxCode?.trim() || null }
    : null;
  const record: OrganisationRecord = {
    id: command.id,
    code,
    versions: [
      {
        from: dated.effectiveDate,
        name,
        level: command.level,
        sector: command.sector,
        parentId: parent?.id ?? null,
        status: 'ACTIVE',
        enterprise,
        change: 'CREATED',
        decision: dated.decision,
        reason: null,
        reorganisationId: command.reorganisationId ?? null,
      },
    ],
    predecessorIds: command.predecessorIds ?? [],
    successorIds: [],
    version: 1,
  };
  return {
    record,
    expectedVersion: null,
    events: [
      createEvent(
        EVENT_TYPES.OrganisationCreated,
        record.id,
        1,
        {
          organisationId: record.id,
          code,
          name,
          level: command.level,
          sector: command.sector,
          parentId: parent?.id ?? null,
          path: parent ? [...parent.ancestorIds, parent.id] : [],
          enterprise,
          predecessorIds: record.predecessorIds,
          effectiveDate: dated.effectiveDate,
          decision: dated.decision,
        },
        eventIdentity(dated.stamp),
      ),
    ],
  };
}

export function decideRename(record: OrganisationRecord, newName: string, dated: Dated): OrganisationChange {
  checkDated(dated);
  checkChangeable(record, dated.effectiveDate);
  const name = normaliseName(newName);
  checkName(name);
  const previousName = latest(record).name;
  if (name === previousName) {
    throw new Refusal(RULES.nameUnchanged, `${record.code} is already named "${name}"`, ['name']);
  }
  const next = appendVersion(record, { name }, 'RENAMED', dated, 1);
  return {
    record: next,
    expectedVersion: record.version,
    events: [
      createEvent(
        EVENT_TYPES.OrganisationRenamed,
        record.id,
        next.version,
        {
          organisationId: record.id,
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

/** Moves under `parent`, as it stands on the effective date (its ancestors then decide the cycle check). */
export function decideMove(
  record: OrganisationRecord,
  parent: ParentOnDate,
  dated: Dated,
  options: { reorganisationId?: string | null; field?: string[] } = {},
): OrganisationChange {
  checkDated(dated);
  checkChangeable(record, dated.effectiveDate, options.field);
  const current = latest(record);
  if (parent.id === record.id || parent.ancestorIds.includes(record.id)) {
    throw new Refusal(
      RULES.cycle,
      `${parent.code} is ${parent.id === record.id ? `${record.code} itself` : `inside ${record.code}`}; moving there would create a cycle`,
      ['parentId'],
    );
  }
  if (parent.id === current.parentId) {
    throw new Refusal(RULES.alreadyUnderParent, `${record.code} is already under ${parent.code}`, [
      'parentId',
    ]);
  }
  checkParent(current.level, parent, dated.effectiveDate, options.field ?? ['parentId']);
  const next = appendVersion(
    record,
    { parentId: parent.id, reorganisationId: options.reorganisationId ?? null },
    'MOVED',
    dated,
    1,
  );
  return {
    record: next,
    expectedVersion: record.version,
    events: [
      createEvent(
        EVENT_TYPES.OrganisationMoved,
        record.id,
        next.version,
        {
          organisationId: record.id,
          previousParentId: current.parentId,
          parentId: parent.id,
          path: [...parent.ancestorIds, parent.id],
          effectiveDate: dated.effectiveDate,
          decision: dated.decision,
        },
        eventIdentity(dated.stamp),
      ),
    ],
  };
}

/**
 * Changes the level (a cell grown past 30 members becomes a grassroots committee). The parent must
 * accept the new level, and every child on that date must be allowed under it.
 */
export function decideRelevel(
  record: OrganisationRecord,
  level: OrganisationLevel,
  parent: ParentOnDate | null,
  children: { code: string; level: OrganisationLevel }[],
  dated: Dated,
): OrganisationChange {
  checkDated(dated);
  checkChangeable(record, dated.effectiveDate);
  const current = latest(record);
  if (current.level === level) {
    throw new Refusal(RULES.levelUnchanged, `${record.code} is already a ${level}`, ['level']);
  }
  checkParent(level, parent, dated.effectiveDate, ['level']);
  for (const child of children) {
    if (!isAllowedParent(child.level, level, dated.effectiveDate)) {
      throw new Refusal(
        RULES.levelNotAllowedUnderParent,
        `${child.code} (a ${child.level}) may not sit under a ${level}`,
        ['level'],
      );
    }
  }
  const next = appendVersion(record, { level }, 'RELEVELED', dated, 1);
  return {
    record: next,
    expectedVersion: record.version,
    events: [
      createEvent(
        EVENT_TYPES.OrganisationReleveled,
        record.id,
        next.version,
        {
          organisationId: record.id,
          previousLevel: current.level,
          level,
          effectiveDate: dated.effectiveDate,
          decision: dated.decision,
        },
        eventIdentity(dated.stamp),
      ),
    ],
  };
}

export function decideDissolve(
  record: OrganisationRecord,
  active: { children: number; localities: number },
  reason: string | null,
  dated: Dated,
): OrganisationChange {
  checkDated(dated);
  checkChangeable(record, dated.effectiveDate);
  const trimmed = reason?.trim() || null;
  if (trimmed && trimmed.length > REASON_MAX) {
    throw new Refusal(RULES.reasonTooLong, `A reason has at most ${REASON_MAX} characters`, ['reason']);
  }
  if (active.children > 0) {
    throw new Refusal(
      RULES.hasActiveChildren,
      `${record.code} still has ${active.children} active sub-organisation(s) on ${dated.effectiveDate}; move them, merge or split instead`,
      ['id'],
    );
  }
  if (active.localities > 0) {
    throw new Refusal(
      RULES.hasActiveLocalities,
      `${record.code} still has ${active.localities} active localities on ${dated.effectiveDate}; move them or merge the unit instead`,
      ['id'],
    );
  }
  return dissolution(record, dated, {
    reason: trimmed,
    cause: 'DISSOLVED',
    successorIds: [],
    reorganisationId: null,
  });
}

/** The dissolution version and event, shared by a plain dissolution, a merge and a split. */
export function dissolution(
  record: OrganisationRecord,
  dated: Dated,
  how: {
    reason: string | null;
    cause: 'DISSOLVED' | 'MERGED' | 'SPLIT';
    successorIds: string[];
    reorganisationId: string | null;
  },
  extraEvents: (sequence: number) => EventEnvelope[] = () => [],
): OrganisationChange {
  const extra = extraEvents(record.version + 1);
  const change: ChangeKind =
    how.cause === 'DISSOLVED' ? 'DISSOLVED' : how.cause === 'MERGED' ? 'MERGED_INTO' : 'SPLIT';
  const next = appendVersion(
    { ...record, successorIds: [...record.successorIds, ...how.successorIds] },
    { status: 'DISSOLVED', reason: how.reason, reorganisationId: how.reorganisationId },
    change,
    dated,
    extra.length + 1,
  );
  return {
    record: next,
    expectedVersion: record.version,
    events: [
      ...extra,
      createEvent(
        EVENT_TYPES.OrganisationDissolved,
        record.id,
        next.version,
        {
          organisationId: record.id,
          reason: how.reason,
          cause: how.cause,
          successorIds: how.successorIds,
          effectiveDate: dated.effectiveDate,
          decision: dated.decision,
        },
        eventIdentity(dated.stamp),
      ),
    ],
  };
}
