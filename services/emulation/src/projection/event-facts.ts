import { EVENT_TYPES } from '@dangvien/contracts';
import type { AnyEventEnvelope, EventEnvelope, EventType } from '@dangvien/contracts';
import { vietnamDate } from '@dangvien/domain';
import type { CalendarDate } from '@dangvien/domain';
import type { LocalityFact, MemberFact, TreeFact } from '../domain/facts';

/** Why a province is rescored: the event that changed its facts. */
export interface Cause {
  eventId: string;
  type: EventType;
  subject: string;
  /** When the event was recorded (ce_time), ISO-8601. */
  recordedAt: string;
  /** The day recorded, in Vietnam: a fact of a year recorded after it ended is late. */
  recordedOn: CalendarDate;
  /** The day the fact holds from. */
  effectiveDate: CalendarDate;
}

export function causeOf(event: EventEnvelope, effectiveDate: CalendarDate): Cause {
  return {
    eventId: event.id,
    type: event.type,
    subject: event.subject,
    recordedAt: event.time,
    recordedOn: vietnamDate(new Date(event.time)),
    effectiveDate,
  };
}

/** The tree fact an organisation event states, with the ancestor path it names (if any). */
export function treeFactOf(event: AnyEventEnvelope): { id: string; fact: TreeFact; path: string[] } | null {
  const base = { e: event.id, s: event.sequence };
  switch (event.type) {
    case EVENT_TYPES.OrganisationCreated: {
      const d = event.data;
      return {
        id: d.organisationId,
        path: d.path,
        fact: {
          ...base,
          d: d.effectiveDate,
          k: 'CREATED',
          code: d.code,
          name: d.name,
          level: d.level,
          sector: d.sector,
          parentId: d.parentId,
          predecessorIds: d.predecessorIds,
        },
      };
    }
    case EVENT_TYPES.OrganisationRenamed:
      return {
        id: event.data.organisationId,
        path: [],
        fact: { ...base, d: event.data.effectiveDate, k: 'RENAMED', name: event.data.name },
      };
    case EVENT_TYPES.OrganisationMoved:
      return {
        id: event.data.organisationId,
        path: event.data.path,
        fact: { ...base, d: event.data.effectiveDate, k: 'MOVED', parentId: event.data.parentId },
      };
    case EVENT_TYPES.OrganisationReleveled:
      return {
        id: event.data.organisationId,
        path: [],
        fact: { ...base, d: event.data.effectiveDate, k: 'RELEVELED', level: event.data.level },
      };
    case EVENT_TYPES.OrganisationDissolved:
      return {
        id: event.data.organisationId,
        path: [],
        fact: {
          ...base,
          d: event.data.effectiveDate,
          k: 'DISSOLVED',
          cause: event.data.cause,
          successorIds: event.data.successorIds,
        },
      };
    case EVENT_TYPES.OrganisationsMerged:
      return {
        id: event.data.organisationId,
        path: [],
        fact: { ...base, d: event.data.effectiveDate, k: 'MERGED', mergedIds: event.data.mergedIds },
      };
    case EVENT_TYPES.OrganisationSplit:
      return {
        id: event.data.organisationId,
        path: [],
        fact: {
          ...base,
          d: event.data.effectiveDate,
          k: 'SPLIT',
          intoIds: event.data.intoIds,
          sourceDissolved: event.data.sourceDissolved,
        },
      };
    default:
      return null;
  }
}

/** The locality fact a locality event states, with the organisations it concerns. */
export function localityFactOf(
  event: AnyEventEnvelope,
): { id: string; fact: LocalityFact; orgIds: string[] } | null {
  const base = { e: event.id, s: event.sequence };
  switch (event.type) {
    case EVENT_TYPES.LocalityRegistered: {
      const d = event.data;
      return {
        id: d.localityId,
        orgIds: [d.communeId],
        fact: {
          ...base,
          d: d.effectiveDate,
          k: 'REGISTERED',
          code: d.code,
          name: d.name,
          kind: d.kind,
          communeId: d.communeId,
        },
      };
    }
    case EVENT_TYPES.LocalityRenamed:
      return {
        id: event.data.localityId,
        orgIds: [],
        fact: { ...base, d: event.data.effectiveDate, k: 'RENAMED', name: event.data.name },
      };
    case EVENT_TYPES.LocalityMoved:
      return {
        id: event.data.localityId,
        orgIds: [event.data.previousCommuneId, event.data.communeId],
        fact: { ...base, d: event.data.effectiveDate, k: 'MOVED', communeId: event.data.communeId },
      };
    case EVENT_TYPES.LocalityCoverageChanged:
      return {
        id: event.data.localityId,
        orgIds: [...event.data.cellIds, ...event.data.previousCellIds],
        fact: { ...base, d: event.data.effectiveDate, k: 'COVERAGE', cellIds: event.data.cellIds },
      };
    case EVENT_TYPES.LocalityHeadAppointed: {
      const d = event.data;
      return {
        id: d.localityId,
        orgIds: [],
        fact: { ...base, d: d.termStart, k: 'HEAD', name: d.headName, memberId: d.memberId, end: d.termEnd },
      };
    }
    case EVENT_TYPES.LocalityDissolved:
      return {
        id: event.data.localityId,
        orgIds: [],
        fact: { ...base, d: event.data.effectiveDate, k: 'DISSOLVED', mergedIntoId: event.data.mergedIntoId },
      };
    default:
      return null;
  }
}

/** The member fact a member event states. */
export function memberFactOf(event: AnyEventEnvelope): { id: string; fact: MemberFact } | null {
  const base = { e: event.id, s: event.sequence };
  switch (event.type) {
    case EVENT_TYPES.MemberAdmitted: {
      const d = event.data;
      return {
        id: d.memberId,
        fact: { ...base, d: d.decisionDate, k: 'ADMITTED', org: d.organisationId, ceremony: d.ceremonyDate },
      };
    }
    case EVENT_TYPES.MemberRecognisedOfficial:
      return {
        id: event.data.memberId,
        fact: { ...base, d: event.data.officialDate, k: 'OFFICIAL', org: event.data.organisationId },
      };
    case EVENT_TYPES.MemberTransferred: {
      const d = event.data;
      return {
        id: d.memberId,
        fact: {
          ...base,
          d: d.effectiveDate,
          k: 'TRANSFERRED',
          from: d.fromOrganisationId,
          to: d.toOrganisationId,
          kind: d.kind,
        },
      };
    }
    case EVENT_TYPES.MemberLeft: {
      const d = event.data;
      return {
        id: d.memberId,
        fact: { ...base, d: d.effectiveDate, k: 'LEFT', org: d.organisationId, reason: d.reason },
      };
    }
    default:
      return memberStandingFactOf(event);
  }
}

/** The facts of the members service's later events: registrations, readmissions, discipline, exemptions. */
function memberStandingFactOf(event: AnyEventEnvelope): { id: string; fact: MemberFact } | null {
  const base = { e: event.id, s: event.sequence };
  switch (event.type) {
    case EVENT_TYPES.MemberRegistered: {
      const d = event.data;
      return {
        id: d.memberId,
        fact: {
          ...base,
          d: d.memberSince,
          k: 'REGISTERED',
          org: d.organisationId,
          ceremony: d.ceremonyDate,
          probationary: d.status === 'PROBATIONARY',
        },
      };
    }
    case EVENT_TYPES.MemberReadmitted: {
      const d = event.data;
      return {
        id: d.memberId,
        fact: {
          ...base,
          d: d.decisionDate,
          k: 'READMITTED',
          org: d.organisationId,
          ceremony: d.ceremonyDate,
        },
      };
    }
    case EVENT_TYPES.MemberRestored:
      return {
        id: event.data.memberId,
        fact: { ...base, d: event.data.effectiveDate, k: 'RESTORED', org: event.data.organisationId },
      };
    case EVENT_TYPES.MemberDisciplined: {
      const d = event.data;
      return {
        id: d.memberId,
        fact: { ...base, d: d.effectiveDate, k: 'DISCIPLINED', org: d.organisationId, form: d.form },
      };
    }
    case EVENT_TYPES.MemberExempted: {
      const d = event.data;
      return {
        id: d.memberId,
        fact: { ...base, d: d.effectiveDate, k: 'EXEMPTED', org: d.organisationId, until: d.until },
      };
    }
    case EVENT_TYPES.MemberExemptionEnded:
      return {
        id: event.data.memberId,
        fact: { ...base, d: event.data.effectiveDate, k: 'EXEMPTION_ENDED', org: event.data.organisationId },
      };
    default:
      return null;
  }
}

export const ORGANISATION_EVENT_TYPES: readonly EventType[] = [
  EVENT_TYPES.OrganisationCreated,
  EVENT_TYPES.OrganisationRenamed,
  EVENT_TYPES.OrganisationMoved,
  EVENT_TYPES.OrganisationReleveled,
  EVENT_TYPES.OrganisationDissolved,
  EVENT_TYPES.OrganisationsMerged,
  EVENT_TYPES.OrganisationSplit,
  EVENT_TYPES.LocalityRegistered,
  EVENT_TYPES.LocalityRenamed,
  EVENT_TYPES.LocalityMoved,
  EVENT_TYPES.LocalityCoverageChanged,
  EVENT_TYPES.LocalityHeadAppointed,
  EVENT_TYPES.LocalityDissolved,
];

export const MEMBER_EVENT_TYPES: readonly EventType[] = [
  EVENT_TYPES.MemberAdmitted,
  EVENT_TYPES.MemberRecognisedOfficial,
  EVENT_TYPES.MemberTransferred,
  EVENT_TYPES.MemberLeft,
  EVENT_TYPES.MemberRegistered,
  EVENT_TYPES.MemberReadmitted,
  EVENT_TYPES.MemberRestored,
  EVENT_TYPES.MemberDisciplined,
  EVENT_TYPES.MemberExempted,
  EVENT_TYPES.MemberExemptionEnded,
];
