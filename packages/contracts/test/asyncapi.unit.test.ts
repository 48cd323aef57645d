import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { parse as parseYaml } from 'yaml';
import type { EventType } from '../src';
import {
  DEAD_LETTER_HEADERS,
  EVENT_SCHEMAS,
  EVENT_TOPIC,
  EVENT_TYPES,
  TOPIC_DECLARATIONS,
  TOPICS,
  deadLetterTopic,
  messageId,
  validateEventData,
} from '../src';
import { renderAsyncApiYaml } from '../src/asyncapi/render';

const file = join(__dirname, '..', 'asyncapi.yaml');
const committed = readFileSync(file, 'utf8');
const types = Object.values(EVENT_TYPES) as EventType[];
const ERROR = 0; // DiagnosticSeverity.Error

type Parsed = Awaited<ReturnType<Parser['parse']>>;
let parsed: Parsed;
const parseDocument = (): Parsed => parsed;

describe('asyncapi.yaml', () => {
  beforeAll(async () => {
    parsed = await new Parser().parse(committed);
  });

  it('is current: equals what `npm run asyncapi` generates from the code now', () => {
    // If this fails, run `npm run asyncapi --workspace @dangvien/contracts` and commit asyncapi.yaml.
    expect(committed).toBe(renderAsyncApiYaml());
  });

  it('is a valid AsyncAPI 3.0.0 document without error diagnostics', () => {
    const { document, diagnostics } = parseDocument();
    const errors = diagnostics
      .filter((d) => d.severity === ERROR)
      .map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document).toBeDefined();
    expect(document?.version()).toBe('3.0.0');
  });

  it('would be reported broken: the parser check is not vacuous', async () => {
    const broken = committed.replace(
      "$ref: '#/components/schemas/OrganisationCreatedV1'",
      "$ref: '#/components/schemas/Missing'",
    );
    const { diagnostics } = await new Parser().parse(broken);
    expect(diagnostics.some((d) => d.severity === ERROR)).toBe(true);
  });

  it('declares every event type as a message on the channel of its topic', () => {
    const { document } = parseDocument();
    for (const type of types) {
      const channel = document
        ?.channels()
        .all()
        .find((c) => c.address() === EVENT_TOPIC[type]);
      expect(channel).toBeDefined();
      const names = channel
        ?.messages()
        .all()
        .map((m) => m.name());
      expect(names).toContain(type);
    }
  });

  it('declares no event message the code does not know, and no other message on event channels', () => {
    const { document } = parseDocument();
    const eventTopics = new Set<string>(
      TOPIC_DECLARATIONS.filter((t) => t.kind === 'events').map((t) => t.name),
    );
    for (const channel of document?.channels().all() ?? []) {
      const names = channel
        .messages()
        .all()
        .map((m) => m.name());
      if (eventTopics.has(channel.address() ?? '')) {
        for (const name of names) {
          expect(types).toContain(name);
          expect(EVENT_TOPIC[name as EventType]).toBe(channel.address());
        }
      } else {
        expect(names).toEqual(['DeadLetter']);
      }
    }
    const allNames = document
      ?.allMessages()
      .all()
      .map((m) => m.name());
    expect(new Set(allNames)).toEqual(new Set([...types, 'DeadLetter']));
  });

  it('has a channel and a dead-letter channel for every topic, with publish operations', () => {
    const { document } = parseDocument();
    const addresses = document
      ?.channels()
      .all()
      .map((c) => c.address());
    for (const topic of TOPIC_DECLARATIONS.map((t) => t.name)) expect(addresses).toContain(topic);
    for (const topic of Object.values(TOPICS)) expect(addresses).toContain(deadLetterTopic(topic));
    for (const type of types) {
      const sending = document
        ?.operations()
        .all()
        .filter(
          (o) =>
            o.action() === 'send' &&
            o
              .messages()
              .all()
              .some((m) => m.name() === type),
        );
      expect(sending).toHaveLength(1);
      expect(sending?.[0]?.channels().all()[0]?.address()).toBe(EVENT_TOPIC[type]);
    }
  });

  it('uses the very JSON Schemas of EVENT_SCHEMAS as payloads, the aggregate id as key, CloudEvents headers', () => {
    const raw = parseYaml(committed) as {
      components: { schemas: Record<string, unknown>; messages: Record<string, Record<string, unknown>> };
    };
    for (const type of types) {
      expect(raw.components.schemas[messageId(type)]).toEqual({
        schemaFormat: 'application/schema+json;version=draft-07',
        schema: EVENT_SCHEMAS[type],
      });
      const message = raw.components.messages[messageId(type)] as {
        headers: { allOf: unknown[] };
        bindings: { kafka: { key: { type: string } } };
        examples: { headers: Record<string, string>; payload: unknown }[];
      };
      expect(message.headers.allOf[0]).toEqual({ $ref: '#/components/schemas/CloudEventsHeaders' });
      expect(message.bindings.kafka.key.type).toBe('string');
      for (const example of message.examples) {
        expect(example.headers.ce_type).toBe(type);
        expect(validateEventData(type, example.payload)).toEqual({ valid: true });
      }
    }
    const deadLetter = raw.components.schemas.DeadLetterHeaders as { required: string[] };
    expect(new Set(deadLetter.required)).toEqual(new Set(Object.values(DEAD_LETTER_HEADERS)));
  });
});
