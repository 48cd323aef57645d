import type { DecisionReference, LocalityKind } from '@dangvien/contracts';
import type { CalendarDate } from '@dangvien/domain';

/** One state of a village, hamlet or residential group, in force from `from` until the next one. */
export interface LocalityVersion {
  from: CalendarDate;
  name: string;
  kind: LocalityKind;
  /** The commune or ward organisation it belongs to. */
  communeId: string;
  /** The cells that cover it (a cell may cover several localities; a locality may have none). */
  cellIds: string[];
  status: 'ACTIVE' | 'DISSOLVED';
  change: 'REGISTERED' | 'RENAMED' | 'MOVED' | 'COVERAGE_CHANGED' | 'DISSOLVED';
  decision: DecisionReference | null;
  reorganisationId: string | null;
}

/** A head (trưởng thôn, tổ trưởng tổ dân phố) for a term; `memberId` when the head is a Party member. */
export interface LocalityHead {
  name: string;
  memberId: string | null;
  termStart: CalendarDate;
  termEnd: CalendarDate | null;
}

export interface LocalityRecord {
  id: string;
  code: string;
  versions: LocalityVersion[];
  heads: LocalityHead[];
  version: number;
}

export function localityVersionAt(record: LocalityRecord, date: CalendarDate): LocalityVersion | null {
  let found: LocalityVersion | null = null;
  for (const version of record.versions) {
    if (version.from > date) break;
    found = version;
  }
  return found;
}

/** The head in office on `date`: the latest term that has started and not ended. */
export function headAt(record: LocalityRecord, date: CalendarDate): LocalityHead | null {
  let found: LocalityHead | null = null;
  for (const head of record.heads) {
    if (head.termStart <= date && (head.termEnd === null || date <= head.termEnd)) {
      if (!found || head.termStart >= found.termStart) found = head;
    }
  }
  return found;
}
