import type { CalendarDate } from '@dangvien/domain';
import type { LocalityFact } from './facts';

/** A village or residential group as its events describe it. */
export interface LocalityRecord {
  id: string;
  facts: LocalityFact[];
}

export interface LocalityState {
  id: string;
  code: string;
  name: string;
  communeId: string;
  /** The residential cells covering it on that day. */
  cellIds: string[];
}

export interface LocalityHead {
  name: string;
  memberId: string | null;
  termStart: CalendarDate;
  termEnd: CalendarDate | null;
}

/** Its state on `date`, or null when it did not exist then. */
export function localityAt(record: LocalityRecord, date: CalendarDate): LocalityState | null {
  let state = null as LocalityState | null;
  // Coverage may be recorded before the registration arrives on the same day: kept either way.
  let cellIds: string[] = [];
  for (const fact of record.facts) {
    if (fact.d > date) break;
    const current: LocalityState | null = state;
    if (fact.k === 'COVERAGE') cellIds = [...fact.cellIds];
    if (fact.k === 'REGISTERED') {
      state = { id: record.id, code: fact.code, name: fact.name, communeId: fact.communeId, cellIds };
    } else if (fact.k === 'DISSOLVED') {
      state = null;
    } else if (current) {
      if (fact.k === 'RENAMED') state = { ...current, name: fact.name };
      else if (fact.k === 'MOVED') state = { ...current, communeId: fact.communeId };
      else if (fact.k === 'COVERAGE') state = { ...current, cellIds };
    }
  }
  return state;
}

/** The cells covering it on `date` (the coverage in force then), whether or not it still exists. */
export function coverageOn(record: LocalityRecord, date: CalendarDate): string[] {
  let cells: string[] = [];
  for (const fact of record.facts) {
    if (fact.d > date) break;
    if (fact.k === 'COVERAGE') cells = fact.cellIds;
  }
  return cells;
}

/**
 * The head in office on `date`: the latest appointed with a term started by then, unless that term
 * ended before it. Each appointment replaces the previous head from its start.
 */
export function headOn(record: LocalityRecord, date: CalendarDate): LocalityHead | null {
  let head: LocalityHead | null = null;
  for (const fact of record.facts) {
    if (fact.k !== 'HEAD' || fact.d > date) continue;
    if (!head || fact.d >= head.termStart) {
      head = { name: fact.name, memberId: fact.memberId, termStart: fact.d, termEnd: fact.end };
    }
  }
  return head && (head.termEnd === null || head.termEnd >= date) ? head : null;
}

/** Every commune it ever belonged to: the key it is read by. */
export function communesOf(record: LocalityRecord): string[] {
  const ids = new Set<string>();
  for (const fact of record.facts) {
    if (fact.k === 'REGISTERED' || fact.k === 'MOVED') ids.add(fact.communeId);
  }
  return [...ids];
}
