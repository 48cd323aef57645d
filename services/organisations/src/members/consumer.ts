import type { Connection } from 'mongoose';
import type { Kafka, Producer } from 'kafkajs';
import { EVENT_TYPES, TOPICS } from '@dangvien/contracts';
import { createIdempotentConsumer } from '@dangvien/kafka';
import type { BackoffOptions, EventHandlers, IdempotentConsumer } from '@dangvien/kafka';
import type { Logger } from '@dangvien/logger';
import type { MemberPlacements, PlacementChange } from './member-placements';

/** The consumer's default name, also its consumer group and the scope of its processed-event ids. */
export const MEMBER_COUNTS_CONSUMER = 'organisations.member-counts';

export interface MemberEventsConsumerOptions {
  kafka: Kafka;
  /** Where processed event ids are kept (the placements' own database). */
  db: Connection;
  /** Producer for dead letters (`dangvien.members.events.v1.DLT`). */
  deadLetters: Producer;
  logger: Logger;
  placements: MemberPlacements;
  /** Defaults to MEMBER_COUNTS_CONSUMER; tests give each run its own. */
  name?: string;
  maxAttempts?: number;
  backoff?: BackoffOptions;
}

/**
 * Keeps `member_placements` (and so the member counts) up to date from the members service's events.
 *
 * Every handler is one `applyPlacement` guarded by the member's sequence: an event is applied only if it
 * is newer than what is stored. The consumer records an event as processed after its handler ran, so a
 * crash in between re-runs the handler; the guard turns that re-run, a republished event or an old
 * event arriving late into a no-op.
 */
export function createMemberEventsConsumer(options: MemberEventsConsumerOptions): IdempotentConsumer {
  const { placements } = options;

  async function apply(memberId: string, sequence: number, change: PlacementChange, log: Logger) {
    const applied = await placements.applyPlacement(memberId, sequence, change);
    if (!applied) log.debug({ memberId, sequence }, 'placement already at or past this sequence: unchanged');
  }

  const handlers: EventHandlers = {
    [EVENT_TYPES.MemberAdmitted]: async (event, { log }) =>
      apply(
        event.subject,
        event.sequence,
        {
          kind: 'COUNTED',
          organisationId: event.data.organisationId,
          status: 'PROBATIONARY',
          endsTemporaryTransfer: true,
        },
        log,
      ),
    [EVENT_TYPES.MemberRecognisedOfficial]: async (event, { log }) =>
      apply(
        event.subject,
        event.sequence,
        // Recognition changes the status, not where the member works: a temporary transfer goes on.
        {
          kind: 'COUNTED',
          organisationId: event.data.organisationId,
          status: 'OFFICIAL',
          endsTemporaryTransfer: false,
        },
        log,
      ),
    [EVENT_TYPES.MemberTransferred]: async (event, { log }) => {
      const { kind, status, fromOrganisationId, toOrganisationId } = event.data;
      const change: PlacementChange =
        kind === 'PERMANENT'
          ? { kind: 'COUNTED', organisationId: toOrganisationId, status, endsTemporaryTransfer: true }
          : // A member on temporary transfer stays on the home organisation's list and counts there.
            {
              kind: 'TEMPORARY_TRANSFER',
              at: toOrganisationId,
              status,
              homeOrganisationId: fromOrganisationId,
            };
      await apply(event.subject, event.sequence, change, log);
    },
    [EVENT_TYPES.MemberLeft]: async (event, { log }) =>
      apply(event.subject, event.sequence, { kind: 'GONE' }, log),
  };

  return createIdempotentConsumer({
    kafka: options.kafka,
    name: options.name ?? MEMBER_COUNTS_CONSUMER,
    topics: [TOPICS.members],
    handlers,
    db: options.db,
    deadLetters: options.deadLetters,
    logger: options.logger,
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.backoff !== undefined ? { backoff: options.backoff } : {}),
  });
}
