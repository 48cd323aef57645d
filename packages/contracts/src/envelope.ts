import { randomUUID } from 'node:crypto';
import { InvalidEventError } from './errors';
import type { EventType } from './event-types';
import { dataSchemaUri, isEventType } from './event-types';
import type { EventData } from './registry';
import { EVENT_DEFINITIONS, aggregateIdOf } from './registry';
import { validateEventData } from './schemas';
import type { ServiceName } from './topics';

/** A CloudEvents 1.0 event with our required attributes and the `sequence` extension. */
export interface EventEnvelope<T extends EventType = EventType> {
  specversion: '1.0';
  /** A UUID, unique per event: consumers dedupe on it, so a redelivered event keeps its id. */
  id: string;
  type: T;
  /** The producing service, `/dangvien/<service>`. */
  source: string;
  /** The aggregate id; also the Kafka record key. */
  subject: string;
  /** When the change happened (was committed), RFC 3339; producers here write UTC (`Z`). */
  time: string;
  /**
   * The aggregate version that produced the event (CloudEvents `sequence` extension). Orders the events
   * of one aggregate: a consumer that has applied version n ignores anything ≤ n.
   */
  sequence: number;
  datacontenttype: 'application/json';
  /** The `$id` of the JSON Schema of `data`. */
  dataschema?: string;
  /**
   * The W3C trace context of the command that produced the event (CloudEvents distributed tracing
   * extension): stored with the event in the outbox, sent as the record's `traceparent` header, so
   * the consumer's log lines carry the trace id of the request that caused them.
   */
  traceparent?: string;
  data: EventData<T>;
}

/** One envelope per type, as a union: `switch (event.type)` narrows `event.data`. */
export type AnyEventEnvelope = { [T in EventType]: EventEnvelope<T> }[EventType];

export function eventSource(service: ServiceName): string {
  return `/dangvien/${service}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Builds the envelope a service stores in its outbox. Fails here, in the producer's transaction, rather
 * than in every consumer: an unknown type, an empty subject or one that is not the payload's aggregate id, a sequence that is not a non-negative
 * integer, a non-UUID id or data failing the type's schema throw InvalidEventError.
 */
export function createEvent<T extends EventType>(
  type: T,
  subject: string,
  sequence: number,
  data: EventData<T>,
  opts: { id?: string; time?: Date; source?: string } = {},
): EventEnvelope<T> {
  if (!isEventType(type)) throw new InvalidEventError(`unknown event type "${String(type)}"`);
  if (subject === '') throw new InvalidEventError('subject (the aggregate id) must not be empty');
  if (!Number.isSafeInteger(sequence) || sequence < 0) {
    throw new InvalidEventError(`sequence must be a non-negative integer, got ${sequence}`);
  }
  const id = opts.id ?? randomUUID();
  if (!isUuid(id)) throw new InvalidEventError(`id must be a UUID, got "${id}"`);
  const time = opts.time ?? new Date();
  if (Number.isNaN(time.getTime())) throw new InvalidEventError('time is an invalid Date');
  const result = validateEventData(type, data);
  if (!result.valid) throw new InvalidEventError(`data does not match the schema of ${type}`, result.errors);
  const aggregateId = aggregateIdOf(type, data);
  if (aggregateId !== subject) {
    throw new InvalidEventError(
      `subject "${subject}" differs from data.${EVENT_DEFINITIONS[type].aggregateIdField} "${String(aggregateId)}"`,
    );
  }
  return {
    specversion: '1.0',
    id,
    type,
    source: opts.source ?? eventSource(EVENT_DEFINITIONS[type].service),
    subject,
    time: time.toISOString(),
    sequence,
    datacontenttype: 'application/json',
    dataschema: dataSchemaUri(type),
    data,
  };
}
