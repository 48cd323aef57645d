import { EVENT_TYPES, TOPICS } from '@dangvien/contracts';
import type { AnyEventEnvelope, EventEnvelope } from '@dangvien/contracts';
import type { ConsumerDefinition } from '@dangvien/kafka';
import type { MemberPlacements, PlacementChange } from './member-placements';

/** The consumer's default name, also its consumer group and the scope of its processed-event ids. */
export const MEMBER_COUNTS_CONSUMER = 'organisations.member-counts';

/** What one member event does to where the member is counted. */
export function placementChange(event: AnyEventEnvelope): PlacementChange | null {
  switch (event.type) {
    case EVENT_TYPES.MemberAdmitted:
      return {
        kind: 'COUNTED',
        organisationId: event.data.organisationId,
        status: 'PROBATIONARY',
        endsTemporaryTransfer: true,
      };
    case EVENT_TYPES.MemberRecognisedOfficial:
      // Recognition changes the status, not where the member works: a temporary transfer goes on.
      return {
        kind: 'COUNTED',
        organisationId: event.data.organisationId,
        status: 'OFFICIAL',
        endsTemporaryTransfer: false,
      };
    case EVENT_TYPES.MemberTransferred: {
      const { kind, status, fromOrganisationId, toOrganisationId } = event.data;
      return kind === 'PERMANENT'
        ? { kind: 'COUNTED', organisationId: toOrganisationId, status, endsTemporaryTransfer: true }
        : // A member on temporary transfer stays on the home organisation's list and counts there.
          {
            kind: 'TEMPORARY_TRANSFER',
            at: toOrganisationId,
            status,
            homeOrganisationId: fromOrganisationId,
          };
    }
    case EVENT_TYPES.MemberLeft:
      return { kind: 'GONE' };
    // Added with the members service: a member entered by import or by hand, readmitted, or
    // restored is counted where the event says, with its status.
    case EVENT_TYPES.MemberRegistered:
    case EVENT_TYPES.MemberRestored:
      return {
        kind: 'COUNTED',
        organisationId: event.data.organisationId,
        status: event.data.status,
        endsTemporaryTransfer: true,
      };
    case EVENT_TYPES.MemberReadmitted:
      return {
        kind: 'COUNTED',
        organisationId: event.data.organisationId,
        status: 'PROBATIONARY',
        endsTemporaryTransfer: true,
      };
    default:
      return null;
  }
}

/**
 * Keeps `member_placements` (and so the member counts) up to date from the members service's events,
 * a Kafka batch at a time: one bulk write per batch. The runtime's consumer skips repeated and stale
 * events (per-member order by `ce_sequence`); each placement write is guarded by the member's sequence
 * too, so a batch re-run after a crash changes nothing it already changed.
 */
export function memberCountsConsumer(
  placements: MemberPlacements,
  name: string = MEMBER_COUNTS_CONSUMER,
): ConsumerDefinition {
  return {
    name,
    topics: [TOPICS.members],
    types: [
      EVENT_TYPES.MemberAdmitted,
      EVENT_TYPES.MemberRecognisedOfficial,
      EVENT_TYPES.MemberTransferred,
      EVENT_TYPES.MemberLeft,
      EVENT_TYPES.MemberRegistered,
      EVENT_TYPES.MemberReadmitted,
      EVENT_TYPES.MemberRestored,
    ],
    async handleBatch(events: EventEnvelope[]) {
      const changes = events.flatMap((event) => {
        const change = placementChange(event as AnyEventEnvelope);
        return change ? [{ memberId: event.subject, sequence: event.sequence, change }] : [];
      });
      await placements.applyPlacements(changes);
    },
  };
}
