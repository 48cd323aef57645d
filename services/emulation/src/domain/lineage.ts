import type { CalendarDate } from '@dangvien/domain';
import type { OrganisationRecord } from './tree';
import { createdOn, dissolvedOn, stateAt } from './tree';

/**
 * Lineage across reorganisations (DOMAIN.md §2): a unit's history includes its predecessors' — the units
 * merged into it and the unit it was split from. Everything here is computed from the tree's own facts
 * (predecessorIds, mergedIds, successorIds); records are looked up by id and may be missing (an event
 * not arrived yet), in which case that branch of the lineage is simply unknown.
 */
export type RecordLookup = (id: string) => OrganisationRecord | undefined;

/**
 * The units `record` handed itself over to, directly: those it was dissolved into (a merger or a split
 * that ended it) and those split from it while it went on — what the organisations service keeps as
 * its `successorIds`, and what an officer's scope follows (@dangvien/auth's createAccess).
 */
export function successorsIn(record: OrganisationRecord): string[] {
  const ids = new Set<string>();
  for (const fact of record.facts) {
    if (fact.k === 'DISSOLVED') fact.successorIds.forEach((id) => ids.add(id));
    if (fact.k === 'SPLIT') fact.intoIds.forEach((id) => ids.add(id));
  }
  ids.delete(record.id);
  return [...ids].sort();
}

/** The day `predecessorId` became part of `record`: its merge into it, or its creation from it. */
function joinedOn(record: OrganisationRecord, predecessorId: string): CalendarDate | null {
  for (const fact of record.facts) {
    if (fact.k === 'MERGED' && fact.mergedIds.includes(predecessorId)) return fact.d;
    if (fact.k === 'CREATED' && fact.predecessorIds.includes(predecessorId)) return fact.d;
  }
  return null;
}

function predecessors(record: OrganisationRecord): string[] {
  const ids: string[] = [];
  for (const fact of record.facts) {
    if (fact.k === 'CREATED') ids.push(...fact.predecessorIds);
    if (fact.k === 'MERGED') ids.push(...fact.mergedIds);
  }
  return [...new Set(ids)];
}

/**
 * The units whose facts of `year` count for `unitId` as its own: those merged into it (or into one of
 * them) that ceased to exist during the year, so a merged unit's admissions and members up to the
 * merge are not lost. A unit that was only split from (and goes on) keeps its own facts.
 */
export function absorbedDuring(lookup: RecordLookup, unitId: string, year: number): string[] {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const out: string[] = [];
  const seen = new Set<string>([unitId]);
  const visit = (id: string) => {
    const record = lookup(id);
    if (!record) return;
    for (const predecessorId of predecessors(record)) {
      if (seen.has(predecessorId)) continue;
      seen.add(predecessorId);
      const predecessor = lookup(predecessorId);
      const gone = predecessor ? dissolvedOn(predecessor) : null;
      if (gone && gone >= start && gone <= end) {
        out.push(predecessorId);
        visit(predecessorId);
      }
    }
  };
  visit(unitId);
  return out;
}

/**
 * Who `unitId` was at the end of an earlier `year`: itself if it existed then, plus every unit that
 * existed then and became part of it later (merged into it, or split from); for a unit created after
 * that year, its predecessors as they stood then. Empty when it has no history that far back.
 */
export function lineageAt(lookup: RecordLookup, unitId: string, year: number): string[] {
  const end = `${year}-12-31`;
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const record = lookup(id);
    if (!record) return;
    const exists = stateAt(record, end) !== null;
    const created = createdOn(record);
    if (exists) out.add(id);
    else if (!created || created <= end) return; // gone before the end of that year: not its history
    for (const predecessorId of predecessors(record)) {
      const joined = joinedOn(record, predecessorId);
      if (joined !== null && joined > end) visit(predecessorId);
    }
  };
  visit(unitId);
  return [...out];
}
