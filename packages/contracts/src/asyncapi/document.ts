import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEvent, eventSource } from '../envelope';
import type { EventType } from '../event-types';
import { EVENT_TYPES, dataSchemaUri, messageId } from '../event-types';
import type { JsonSchema } from '../json-schema';
import { CLOUDEVENTS_HEADERS, toKafkaRecord } from '../kafka';
import { TRACEPARENT_HEADER } from '../traceparent';
import type { EventDefinition } from '../registry';
import { eventDefinitions } from '../registry';
import type { ServiceName } from '../topics';
import { DEAD_LETTER_HEADERS, SERVICES, TOPIC_DECLARATIONS, TOPICS, deadLetterTopic } from '../topics';

// Builds the AsyncAPI 3.0.0 document from the registry, so it cannot drift from the code: the payload
// schemas are EVENT_SCHEMAS themselves (as draft-07 multi-format schemas), channels are TOPICS, and each
// message is one EVENT_TYPES entry. `npm run asyncapi` writes it to asyncapi.yaml; a unit test fails when
// the committed file is stale.

const KAFKA_BINDING_VERSION = '0.5.0';
const DRAFT_07_FORMAT = 'application/schema+json;version=draft-07';
const EXAMPLE_TIME = new Date('2025-07-01T01:00:00.000Z');

type Doc = Record<string, unknown>;
const ref = (pointer: string): Doc => ({ $ref: pointer });
const capitalise = (s: string): string => `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;
/** `dangvien.members.events.v1` → `membersEvents`; `dangvien.recruitment.admissions.v1` → `recruitmentAdmissions`. */
const channelId = (topic: string): string => {
  const [, service = '', kind = ''] = topic.split('.');
  return `${service}${capitalise(kind)}`;
};
const deadLetterChannelId = (topic: string): string => `${channelId(topic)}DeadLetter`;

function packageVersion(): string {
  // The same relative path from src/asyncapi (tests) and dist/asyncapi (the script).
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

const DESCRIPTION = `Events the dangvien services publish on Kafka, and the only way they talk to each other.

- **One event topic per service**, which is its only producer, and a restricted one for the admission
  handover (recruitment → members), which carries sensitive personal data. Channels for services that
  publish nothing yet are declared so their names are reserved. Each channel says whether it carries
  personal data (\`x-personal-data\`) or sensitive personal data (\`x-sensitive-data\`).
- **Envelope**: CloudEvents 1.0 in Kafka binary content mode. The attributes are \`ce_*\` headers, the
  record value is the JSON of \`data\` alone, \`content-type\` is \`application/json\`.
- **Key**: the aggregate id (= \`ce_subject\` = the payload's id field), so one aggregate's events keep their
  order on one partition. \`ce_sequence\` is the aggregate version (a decimal string: compare numerically).
- **Delivery is at least once**: consumers dedupe on \`ce_id\` and ignore a \`ce_sequence\` they have applied.
- **Tracing**: \`traceparent\` (W3C Trace Context) names the trace of the request that caused the event.
- **Versioning**: the version is part of the type (\`….v1\`). Adding an optional field is compatible;
  anything else is a new type \`….v2\`, and consumers upgrade old versions with small converter functions.
- **Dead letters**: a consumer that cannot process a record copies it unchanged to \`<topic>.DLT\` with
  \`dlt_*\` headers saying why, then moves on.`;

function cloudEventsHeadersSchema(): JsonSchema {
  return {
    type: 'object',
    description:
      'CloudEvents 1.0 attributes as Kafka headers (binary content mode), and the W3C traceparent of the request that caused the event. Other headers (further ce_* extensions) may be present and are ignored.',
    required: [
      CLOUDEVENTS_HEADERS.specversion,
      CLOUDEVENTS_HEADERS.id,
      CLOUDEVENTS_HEADERS.source,
      CLOUDEVENTS_HEADERS.type,
      CLOUDEVENTS_HEADERS.time,
      CLOUDEVENTS_HEADERS.subject,
      CLOUDEVENTS_HEADERS.sequence,
      CLOUDEVENTS_HEADERS.contentType,
    ],
    properties: {
      [CLOUDEVENTS_HEADERS.specversion]: {
        type: 'string',
        const: '1.0',
        description: 'CloudEvents version.',
      },
      [CLOUDEVENTS_HEADERS.id]: {
        type: 'string',
        format: 'uuid',
        description: 'Unique per event and kept on redelivery: consumers dedupe on it.',
      },
      [CLOUDEVENTS_HEADERS.source]: {
        type: 'string',
        format: 'uri-reference',
        description: 'The producing service, /dangvien/<service>.',
        examples: SERVICES.map(eventSource),
      },
      [CLOUDEVENTS_HEADERS.type]: {
        type: 'string',
        enum: Object.values(EVENT_TYPES),
        description: 'The event type, with its version; selects the payload schema.',
      },
      [CLOUDEVENTS_HEADERS.time]: {
        type: 'string',
        format: 'date-time',
        description: 'When the change was committed, RFC 3339, UTC.',
      },
      [CLOUDEVENTS_HEADERS.subject]: {
        type: 'string',
        minLength: 1,
        description: "The aggregate id; equals the record key and the payload's id field.",
      },
      [CLOUDEVENTS_HEADERS.sequence]: {
        type: 'string',
        pattern: '^(0|[1-9][0-9]*)$',
        description:
          'The aggregate version that produced the event (CloudEvents sequence extension), in decimal. Compare numerically: it is not zero-padded.',
      },
      [CLOUDEVENTS_HEADERS.dataschema]: {
        type: 'string',
        format: 'uri',
        description: 'The $id of the payload JSON Schema (urn:dangvien:schema:<type>).',
      },
      [CLOUDEVENTS_HEADERS.contentType]: {
        type: 'string',
        const: 'application/json',
        description: 'The value is the JSON of the event data.',
      },
      [TRACEPARENT_HEADER]: {
        type: 'string',
        pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?$',
        description:
          'W3C Trace Context of the command that produced the event (CloudEvents distributed tracing extension): version-trace id-parent span-flags. Absent on events written outside a request; an invalid value is ignored, never a reason to refuse the event. Continue the trace from it to tie your logs to the request.',
        examples: ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
      },
    },
  };
}

function deadLetterHeadersSchema(): JsonSchema {
  const h = DEAD_LETTER_HEADERS;
  return {
    type: 'object',
    description:
      'Added by the consumer that set the record aside. The original headers, ce_* included when there were any, are kept unchanged next to these.',
    required: Object.values(h),
    properties: {
      [h.error]: { type: 'string', minLength: 1, description: 'Why the record was set aside.' },
      [h.originalTopic]: { type: 'string', minLength: 1, description: 'The topic it was read from.' },
      [h.originalPartition]: {
        type: 'string',
        pattern: '^(0|[1-9][0-9]*)$',
        description: 'Its partition, decimal.',
      },
      [h.originalOffset]: {
        type: 'string',
        pattern: '^(0|[1-9][0-9]*)$',
        description: 'Its offset, decimal.',
      },
      [h.failedAt]: {
        type: 'string',
        format: 'date-time',
        description: 'When it was set aside, RFC 3339, UTC.',
      },
      [h.consumerGroup]: {
        type: 'string',
        minLength: 1,
        description: 'The consumer group that gave up on it.',
      },
    },
  };
}

function eventMessage(definition: EventDefinition, sequence: number): Doc {
  const { type, service } = definition;
  const subject = String(
    (definition.example as unknown as Record<string, unknown>)[definition.aggregateIdField],
  );
  const exampleRecord = toKafkaRecord(
    createEvent(type, subject, sequence, definition.example, {
      id: exampleId(type),
      time: EXAMPLE_TIME,
    }),
  );
  return {
    name: type,
    title: definition.title,
    summary: definition.summary,
    contentType: 'application/json',
    tags: [{ name: service }],
    headers: {
      allOf: [
        ref('#/components/schemas/CloudEventsHeaders'),
        {
          type: 'object',
          properties: {
            [CLOUDEVENTS_HEADERS.type]: { const: type },
            [CLOUDEVENTS_HEADERS.source]: { const: eventSource(service) },
            [CLOUDEVENTS_HEADERS.dataschema]: { const: dataSchemaUri(type) },
          },
        },
      ],
    },
    payload: ref(`#/components/schemas/${messageId(type)}`),
    bindings: {
      kafka: {
        key: {
          type: 'string',
          minLength: 1,
          description: `The aggregate id: data.${definition.aggregateIdField}, equal to ce_subject.`,
        },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
    examples: [
      {
        name: messageId(type),
        summary: `${definition.title}, as a Kafka record (key: ${exampleRecord.key})`,
        headers: exampleRecord.headers,
        payload: definition.example,
      },
    ],
  };
}

/** A fixed, valid UUID per type so the generated document is stable. */
function exampleId(type: EventType): string {
  const n = Object.values(EVENT_TYPES).indexOf(type) + 1;
  return `5e0c7a2b-8d1f-4c3e-9b6a-${n.toString(16).padStart(12, '0')}`;
}

export function buildAsyncApiDocument(): Doc {
  const definitions = eventDefinitions();
  const byService = (service: ServiceName): EventDefinition[] =>
    definitions.filter((d) => d.service === service);

  const channels: Doc = {};
  const operations: Doc = {};
  for (const declaration of TOPIC_DECLARATIONS.filter((t) => t.kind === 'events')) {
    const { name: topic, owner: service } = declaration;
    const owned = definitions.filter((d) => (d.topic ?? TOPICS[d.service]) === topic);
    const id = channelId(topic);
    const access = declaration.sensitive
      ? ' **Sensitive personal data** (Decree 13/2023): readable only by the service that needs it.'
      : declaration.personalData
        ? ' **Personal data** (Decree 13/2023): readable only by principals granted it; never sensitive data.'
        : ' No personal data.';
    channels[id] = {
      address: topic,
      title: `${capitalise(service)} ${topic.split('.')[2] ?? 'events'}`,
      description:
        (owned.length > 0
          ? declaration.description
          : `Reserved for the ${service} service. No event types yet: the channel carries no messages until the first one is added to @dangvien/contracts.`) +
        access,
      messages: Object.fromEntries(
        owned.map((d) => [messageId(d.type), ref(`#/components/messages/${messageId(d.type)}`)]),
      ),
      'x-personal-data': declaration.personalData,
      'x-sensitive-data': declaration.sensitive,
    };
    channels[deadLetterChannelId(topic)] = {
      address: deadLetterTopic(topic),
      title: `${capitalise(service)} ${topic.split('.')[2] ?? 'events'}, dead letters`,
      description: `Records of ${topic} that a consumer could not process (invalid, or rejected by its handler), copied unchanged with dlt_* headers. Replay them to ${topic}'s consumers once fixed (\`./dangvien dlt replay\`).`,
      messages: { DeadLetter: ref('#/components/messages/DeadLetter') },
      'x-personal-data': declaration.personalData,
      'x-sensitive-data': declaration.sensitive,
    };
    operations[`publish${capitalise(id)}`] = {
      action: 'send',
      channel: ref(`#/channels/${id}`),
      title: `Publish ${topic}`,
      summary: `The ${service} service publishes here, from its transactional outbox, and is the only producer.`,
      tags: [{ name: service }],
      messages: owned.map((d) => ref(`#/channels/${id}/messages/${messageId(d.type)}`)),
    };
    operations[`deadLetter${capitalise(id)}`] = {
      action: 'send',
      channel: ref(`#/channels/${deadLetterChannelId(topic)}`),
      title: `Dead-letter ${topic}`,
      summary: `Any consumer group of ${topic} sets aside here the records it cannot process.`,
      messages: [ref(`#/channels/${deadLetterChannelId(topic)}/messages/DeadLetter`)],
    };
  }

  const messages: Doc = {};
  const schemas: Doc = {
    CloudEventsHeaders: cloudEventsHeadersSchema(),
    DeadLetterHeaders: deadLetterHeadersSchema(),
  };
  for (const service of SERVICES) {
    const versions = new Map<string, number>();
    for (const definition of byService(service)) {
      // Examples of one kind of aggregate read as one aggregate's history: versions 1, 2, 3…
      const sequence = (versions.get(definition.aggregateIdField) ?? 0) + 1;
      versions.set(definition.aggregateIdField, sequence);
      messages[messageId(definition.type)] = eventMessage(definition, sequence);
      schemas[messageId(definition.type)] = { schemaFormat: DRAFT_07_FORMAT, schema: definition.schema };
    }
  }
  messages.DeadLetter = {
    name: 'DeadLetter',
    title: 'Dead letter',
    summary:
      'A record a consumer could not process: the original key, value and headers, plus dlt_* headers.',
    contentType: 'application/octet-stream',
    headers: ref('#/components/schemas/DeadLetterHeaders'),
    payload: {
      description: 'The original record value, byte for byte; it may be missing or not JSON at all.',
    },
    bindings: {
      kafka: {
        key: { type: ['string', 'null'], description: 'The original record key, unchanged.' },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'dangvien events',
      version: packageVersion(),
      description: DESCRIPTION,
      tags: SERVICES.map((service) => ({ name: service, description: `Owned by the ${service} service.` })),
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { schemas, messages },
  };
}
