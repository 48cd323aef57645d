import type { AnyEventEnvelope, EventType, KafkaRecord } from '../src';
import { EVENT_DEFINITIONS, createEvent, toKafkaRecord } from '../src';

/** A valid event of `type`, built from the example the registry documents. */
export function exampleEvent<T extends EventType>(type: T, sequence = 1): AnyEventEnvelope {
  const { example, aggregateIdField } = EVENT_DEFINITIONS[type];
  const subject = String((example as unknown as Record<string, unknown>)[aggregateIdField]);
  return createEvent(type, subject, sequence, example) as AnyEventEnvelope;
}

/** A record shaped the way kafkajs hands it to a consumer: key, value and header values as Buffers. */
export function asDelivered(record: KafkaRecord): {
  key: Buffer;
  value: Buffer;
  headers: Record<string, Buffer>;
} {
  return {
    key: Buffer.from(record.key),
    value: Buffer.from(record.value),
    headers: Object.fromEntries(
      Object.entries(record.headers).map(([name, value]) => [name, Buffer.from(value)]),
    ),
  };
}

export function exampleRecord(type: EventType): KafkaRecord {
  return toKafkaRecord(exampleEvent(type));
}
