import type { AnyEventEnvelope, EventEnvelope } from './envelope';
import { isUuid } from './envelope';
import { InvalidEventError } from './errors';
import { isEventType } from './event-types';
import type { EventData } from './registry';
import { EVENT_DEFINITIONS, aggregateIdOf } from './registry';
import { validateEventData } from './schemas';
import { TRACEPARENT_HEADER, parseTraceparent } from './traceparent';

/**
 * CloudEvents Kafka protocol binding, binary content mode: the attributes travel as `ce_*` headers, the
 * record value is the JSON of `data` alone, and the key is the subject (the aggregate id), so the events
 * of one aggregate share a partition and keep their order.
 */
export const CLOUDEVENTS_HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  subject: 'ce_subject',
  sequence: 'ce_sequence',
  dataschema: 'ce_dataschema',
  contentType: 'content-type',
} as const;

export interface KafkaRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** The record a producer sends. Does not validate: envelopes come from createEvent, which does. */
export function toKafkaRecord(event: EventEnvelope): KafkaRecord {
  const headers: Record<string, string> = {
    [CLOUDEVENTS_HEADERS.specversion]: event.specversion,
    [CLOUDEVENTS_HEADERS.id]: event.id,
    [CLOUDEVENTS_HEADERS.source]: event.source,
    [CLOUDEVENTS_HEADERS.type]: event.type,
    [CLOUDEVENTS_HEADERS.time]: event.time,
    [CLOUDEVENTS_HEADERS.subject]: event.subject,
    [CLOUDEVENTS_HEADERS.sequence]: String(event.sequence),
  };
  if (event.dataschema !== undefined) headers[CLOUDEVENTS_HEADERS.dataschema] = event.dataschema;
  // The tracing extension travels as the plain W3C header, which tracing tools read on Kafka too.
  if (event.traceparent !== undefined) headers[TRACEPARENT_HEADER] = event.traceparent;
  headers[CLOUDEVENTS_HEADERS.contentType] = event.datacontenttype;
  return { key: event.subject, value: JSON.stringify(event.data), headers };
}

type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

// RFC 3339 date-time (what CloudEvents requires of `time`); Date.parse then rejects impossible dates.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const DECIMAL = /^(0|[1-9]\d*)$/;

/**
 * Reads a record as kafkajs delivers it (Buffers, or strings in tests) and returns the event, or throws
 * InvalidEventError saying what is wrong. Checks, in order: content type, every required `ce_*` header,
 * the type is known, the key equals the subject, the value is JSON, the data passes its schema, and the
 * subject is the payload's aggregate id.
 * A valid `traceparent` header becomes the envelope's `traceparent`; an invalid one is dropped (a
 * trace is a diagnostic, never a reason to refuse an event). Unknown headers (`dlt_*`, other `ce_*`
 * extensions) are ignored.
 */
export function fromKafkaRecord(record: {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, HeaderValue>;
}): AnyEventEnvelope {
  const headers = record.headers ?? {};
  const optional = (name: string): string | undefined => headerValue(headers, name);
  const required = (name: string): string => {
    const value = optional(name);
    if (value === undefined || value === '') throw new InvalidEventError(`missing header ${name}`);
    return value;
  };

  const contentType = optional(CLOUDEVENTS_HEADERS.contentType);
  if (contentType !== undefined && !/^application\/json\s*(;.*)?$/i.test(contentType)) {
    throw new InvalidEventError(
      contentType.toLowerCase().startsWith('application/cloudevents')
        ? `structured content mode (${contentType}) is not supported: send binary mode, ce_* headers and the data as value`
        : `content-type must be application/json, got "${contentType}"`,
    );
  }

  const specversion = required(CLOUDEVENTS_HEADERS.specversion);
  if (specversion !== '1.0')
    throw new InvalidEventError(`ce_specversion must be "1.0", got "${specversion}"`);

  const type = required(CLOUDEVENTS_HEADERS.type);
  if (!isEventType(type)) throw new InvalidEventError(`unknown event type "${type}"`);

  const id = required(CLOUDEVENTS_HEADERS.id);
  if (!isUuid(id)) throw new InvalidEventError(`ce_id must be a UUID, got "${id}"`);

  const source = required(CLOUDEVENTS_HEADERS.source);
  const subject = required(CLOUDEVENTS_HEADERS.subject);

  const time = required(CLOUDEVENTS_HEADERS.time);
  if (!RFC3339.test(time) || Number.isNaN(Date.parse(time))) {
    throw new InvalidEventError(`ce_time must be an RFC 3339 timestamp, got "${time}"`);
  }

  const sequenceText = required(CLOUDEVENTS_HEADERS.sequence);
  const sequence = Number(sequenceText);
  if (!DECIMAL.test(sequenceText) || !Number.isSafeInteger(sequence)) {
    throw new InvalidEventError(`ce_sequence must be a non-negative decimal integer, got "${sequenceText}"`);
  }

  const dataschema = optional(CLOUDEVENTS_HEADERS.dataschema);
  const traceparent = traceparentOf(headers[TRACEPARENT_HEADER]);

  const key = record.key === null ? null : text(record.key);
  if (key !== subject) {
    throw new InvalidEventError(
      key === null
        ? 'record has no key: it must be the subject'
        : `key "${key}" differs from ce_subject "${subject}"`,
    );
  }

  if (record.value === null) throw new InvalidEventError('record has no value: the data is required');
  let data: unknown;
  try {
    data = JSON.parse(text(record.value));
  } catch (error) {
    throw new InvalidEventError(`value is not JSON: ${(error as Error).message}`);
  }
  const result = validateEventData(type, data);
  if (!result.valid) throw new InvalidEventError(`data does not match the schema of ${type}`, result.errors);
  const aggregateId = aggregateIdOf(type, data as EventData<typeof type>);
  if (aggregateId !== subject) {
    throw new InvalidEventError(
      `ce_subject "${subject}" differs from data.${EVENT_DEFINITIONS[type].aggregateIdField} "${String(aggregateId)}"`,
    );
  }

  const event = {
    specversion,
    id,
    type,
    source,
    subject,
    time,
    sequence,
    datacontenttype: 'application/json',
    ...(dataschema === undefined ? {} : { dataschema }),
    ...(traceparent === undefined ? {} : { traceparent }),
    data,
  };
  // The checks above are what makes this cast true: type is known and data matches its schema.
  return event as AnyEventEnvelope;
}

/** The header as sent when it is one valid traceparent; anything else is no trace. */
function traceparentOf(value: HeaderValue): string | undefined {
  if (value === undefined || Array.isArray(value)) return undefined;
  const header = text(value).trim();
  return parseTraceparent(header) ? header : undefined;
}

function text(value: Buffer | string): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}

/** kafkajs gives an array when a header was sent more than once; an attribute must have one value. */
function headerValue(headers: Record<string, HeaderValue>, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return text(value);
  const distinct = [...new Set(value.map(text))];
  if (distinct.length > 1)
    throw new InvalidEventError(`header ${name} has several values: ${distinct.join(', ')}`);
  return distinct[0];
}
