import type {
  DecisionReference,
  Enterprise,
  OrganisationLevel,
  OrganisationSector,
} from '@dangvien/contracts';
import type { CalendarDate } from '@dangvien/domain';

export type ChangeKind =
  'CREATED' | 'RENAMED' | 'MOVED' | 'RELEVELED' | 'DISSOLVED' | 'MERGED_INTO' | 'SPLIT' | 'ABSORBED';

/**
 * One state of an organisation, in force from `from` (inclusive) until the next version's `from`.
 * Versions are kept in order; nothing is ever removed, so the tree can be read as of any date.
 */
export interface OrganisationVersion {
  from: CalendarDate;
  name: string;
  level: OrganisationLevel;
  sector: OrganisationSector;
  parentId: string | null;
  status: 'ACTIVE' | 'DISSOLVED';
  enterprise: Enterprise | null;
  change: ChangeKind;
  decision: DecisionReference | null;
  reason: string | null;
  /** Set when the version was written by a merge or split, so that re-applying it is recognised. */
  reorganisationId: string | null;
}

/** An organisation with its whole history and lineage. */
export interface OrganisationRecord {
  id: string;
  /** Unique and permanent: a renamed unit keeps its code; a merge that creates a unit gives it a new one. */
  code: string;
  versions: OrganisationVersion[];
  /** Units merged or split into this one. */
  predecessorIds: string[];
  /** Units this one was merged or split into. */
  successorIds: string[];
  /** Write counter for optimistic concurrency (also the CloudEvents `sequence` of its events). */
  version: number;
}

/** The version in force on `date`, or null before the organisation existed. */
export function versionAt(record: OrganisationRecord, date: CalendarDate): OrganisationVersion | null {
  let found: OrganisationVersion | null = null;
  for (const version of record.versions) {
    if (version.from > date) break;
    found = version;
  }
  return found;
}

export function activeAt(record: OrganisationRecord, date: CalendarDate): OrganisationVersion | null {
  const version = versionAt(record, date);
  return version?.status === 'ACTIVE' ? version : null;
}

export function latest(record: OrganisationRecord): OrganisationVersion {
  const last = record.versions[record.versions.length - 1];
  if (!last) throw new Error(`organisation ${record.id} has no versions`);
  return last;
}

export function createdOn(record: OrganisationRecord): CalendarDate {
  return record.versions[0]!.from;
}

/** The first day it was no longer active, if it was dissolved. */
export function dissolvedOn(record: OrganisationRecord): CalendarDate | null {
  const last = latest(record);
  return last.status === 'DISSOLVED' ? last.from : null;
}
