import { validateEventData } from '@dangvien/contracts';
import type { DecisionReference, EventEnvelope } from '@dangvien/contracts';
import { Refusal } from '@dangvien/domain';
import type { Stamp } from '@dangvien/domain';
import type { OrganisationRecord, OrganisationVersion } from '../src/domain/history';
import { versionAt } from '../src/domain/history';
import type { LocalityHead, LocalityRecord, LocalityVersion } from '../src/domain/locality';
import type { UnitOnDate } from '../src/domain/locality-rules';
import type { Dated, ParentOnDate } from '../src/domain/organisation';
import { TreeIndex } from '../src/tree/tree-index';

/** The day every fixture unit is created on, unless told otherwise. */
export const FOUNDED = '2020-01-01';
/** The 2025 reform: the day communes were merged and districts abolished. */
export const REFORM = '2025-07-01';
export const DAY_BEFORE_REFORM = '2025-06-30';

export function decision(date: string, number = '1234-QĐ/TU'): DecisionReference {
  return { number, date, issuedBy: 'Ban Thường vụ Tỉnh ủy' };
}

/**
 * A fixed clock and numbered UUIDs, so decisions are reproducible: the n-th id of a stamp is
 * `00000000-0000-4000-8000-<n>`.
 */
export function testStamp(time = new Date('2025-07-01T02:00:00Z')): Stamp {
  let n = 0;
  return { time, newId: () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}` };
}

export function on(effectiveDate: string, withDecision: DecisionReference | null = null): Dated {
  return { effectiveDate, decision: withDecision, stamp: testStamp() };
}

function orgVersion(overrides: Partial<OrganisationVersion>): OrganisationVersion {
  return {
    from: FOUNDED,
    name: 'Org',
    level: 'CELL',
    sector: 'RESIDENTIAL',
    parentId: null,
    status: 'ACTIVE',
    enterprise: null,
    change: 'CREATED',
    decision: null,
    reason: null,
    reorganisationId: null,
    ...overrides,
  };
}

/**
 * An organisation whose first version is `first` (created on FOUNDED unless `from` is given), followed by
 * each of `later` in order, each carrying over the previous state. `version` counts one write per version.
 */
export function org(
  id: string,
  first: Partial<OrganisationVersion>,
  ...later: Partial<OrganisationVersion>[]
): OrganisationRecord {
  const versions: OrganisationVersion[] = [orgVersion({ name: `Org ${id}`, ...first })];
  for (const change of later) {
    const previous = versions[versions.length - 1]!;
    versions.push({
      ...previous,
      change: 'RENAMED',
      decision: null,
      reason: null,
      reorganisationId: null,
      ...change,
    });
  }
  return {
    id,
    code: id.toUpperCase(),
    versions,
    predecessorIds: [],
    successorIds: [],
    version: versions.length,
  };
}

/** A parent as decide* functions take it: its state on `date` and its ancestors then (root first). */
export function parentOn(
  record: OrganisationRecord,
  date: string,
  ancestorIds: string[] = [],
): ParentOnDate & UnitOnDate {
  const state = versionAt(record, date);
  if (!state) throw new Error(`fixture: ${record.id} does not exist on ${date}`);
  return { id: record.id, code: record.code, state, ancestorIds };
}

export function locality(
  id: string,
  first: Partial<LocalityVersion> & { communeId: string },
  later: Partial<LocalityVersion>[] = [],
  heads: LocalityHead[] = [],
): LocalityRecord {
  const versions: LocalityVersion[] = [
    {
      from: FOUNDED,
      name: `Thôn ${id}`,
      kind: 'VILLAGE',
      cellIds: [],
      status: 'ACTIVE',
      change: 'REGISTERED',
      decision: null,
      reorganisationId: null,
      ...first,
    },
  ];
  for (const change of later) {
    versions.push({
      ...versions[versions.length - 1]!,
      decision: null,
      reorganisationId: null,
      ...change,
    } as LocalityVersion);
  }
  return { id, code: id.toUpperCase(), versions, heads, version: versions.length + heads.length };
}

export function head(
  name: string,
  memberId: string | null,
  termStart: string,
  termEnd: string | null = null,
): LocalityHead {
  return { name, memberId, termStart, termEnd };
}

export function indexOf(organisations: OrganisationRecord[], localities: LocalityRecord[] = []): TreeIndex {
  const index = new TreeIndex();
  for (const record of organisations) index.upsertOrganisation(record);
  for (const record of localities) index.upsertLocality(record);
  return index;
}

/** The refusal `fn` throws; fails the test if it throws anything else or nothing. */
export function refusal(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('expected a Refusal, but nothing was thrown');
}

export function codeOf(fn: () => unknown): string {
  return refusal(fn).code;
}

/** Every event passes its type's JSON Schema (createEvent checks this too; this guards against it being bypassed). */
export function expectValidEvents(events: EventEnvelope[]): void {
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    expect({ type: event.type, result: validateEventData(event.type, event.data) }).toEqual({
      type: event.type,
      result: { valid: true },
    });
  }
}

export const ids = (views: { record: { id: string } }[]): string[] => views.map((v) => v.record.id);
