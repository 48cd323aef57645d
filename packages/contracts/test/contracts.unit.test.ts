import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventType, OrganisationCreatedV1 } from '../src';
import {
  DEAD_LETTER_HEADERS,
  EVENT_DEFINITIONS,
  EVENT_SCHEMAS,
  EVENT_TOPIC,
  EVENT_TYPES,
  InvalidEventError,
  ORGANISATION_LEVELS,
  ORGANISATION_SECTORS,
  TOPICS,
  createEvent,
  deadLetterTopic,
  eventSource,
  isEventType,
  validateEventData,
} from '../src';

const types = Object.values(EVENT_TYPES) as EventType[];
const created = EVENT_TYPES.OrganisationCreated;
const createdExample = EVENT_DEFINITIONS[created].example;

describe('topics and types', () => {
  it('names the dead-letter topic after the topic', () => {
    expect(deadLetterTopic(TOPICS.organisations)).toBe('dangvien.organisations.events.v1.DLT');
  });

  it('publishes each type on its service topic', () => {
    for (const type of types) expect(EVENT_TOPIC[type]).toBe(TOPICS[EVENT_DEFINITIONS[type].service]);
    expect(EVENT_TOPIC[created]).toBe('dangvien.organisations.events.v1');
  });

  it('names every type dangvien.<service>.<PastTense>.v<n>', () => {
    for (const type of types) {
      expect(type).toMatch(/^dangvien\.[a-z]+\.[A-Z][A-Za-z]+ed\.v[1-9][0-9]*$/);
      expect(type.split('.')[1]).toBe(EVENT_DEFINITIONS[type].service);
    }
  });

  it('recognises known types only', () => {
    expect(isEventType(created)).toBe(true);
    expect(isEventType('dangvien.organisations.OrganisationCreated.v2')).toBe(false);
    expect(isEventType('constructor')).toBe(false);
  });

  it('has one strict draft-07 schema per type, identified by its dataschema', () => {
    expect(Object.keys(EVENT_SCHEMAS).sort()).toEqual([...types].sort());
    for (const type of types) {
      expect(EVENT_SCHEMAS[type]).toMatchObject({
        $schema: 'http://json-schema.org/draft-07/schema#',
        $id: `urn:dangvien:schema:${type}`,
        type: 'object',
        additionalProperties: false,
      });
    }
  });
});

describe('validateEventData', () => {
  it.each(types)('accepts the documented example of %s', (type) => {
    expect(validateEventData(type, EVENT_DEFINITIONS[type].example)).toEqual({ valid: true });
  });

  it('accepts every level and sector, and a root without ancestors', () => {
    for (const level of ORGANISATION_LEVELS) {
      for (const sector of ORGANISATION_SECTORS) {
        expect(validateEventData(created, { ...createdExample, level, sector })).toEqual({ valid: true });
      }
    }
    const root: OrganisationCreatedV1 = { ...createdExample, level: 'PROVINCE', parentId: null, path: [] };
    expect(validateEventData(created, root)).toEqual({ valid: true });
  });

  it.each<[string, unknown, RegExp]>([
    [
      'an extra property',
      { ...createdExample, colour: 'red' },
      /must NOT have additional properties: "colour"/,
    ],
    [
      'a level outside the enum',
      { ...createdExample, level: 'DISTRICT' },
      /\/level must be equal to one of the allowed values/,
    ],
    [
      'a sector outside the enum',
      { ...createdExample, sector: 'NGO' },
      /\/sector must be equal to one of the allowed values/,
    ],
    ['a missing field', { ...createdExample, code: undefined }, /must have required property 'code'/],
    ['a wrong type', { ...createdExample, path: 'a/b' }, /\/path must be array/],
    ['an empty name', { ...createdExample, name: '' }, /\/name must NOT have fewer than 1 characters/],
    [
      'a root with ancestors',
      { ...createdExample, parentId: null },
      /\/path must NOT have more than 0 items/,
    ],
    ['a child without ancestors', { ...createdExample, path: [] }, /\/path must NOT have fewer than 1 items/],
    ['not an object', 'hello', /must be object/],
  ])('rejects %s', (_case, data, message) => {
    const result = validateEventData(created, JSON.parse(JSON.stringify(data)));
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.errors.join('\n')).toMatch(message);
  });

  it('rejects a move to no parent and an unknown field in the other types', () => {
    const moved = EVENT_DEFINITIONS[EVENT_TYPES.OrganisationMoved].example;
    expect(validateEventData(EVENT_TYPES.OrganisationMoved, { ...moved, parentId: null }).valid).toBe(false);
    for (const type of types) {
      expect(validateEventData(type, { ...EVENT_DEFINITIONS[type].example, extra: 1 }).valid).toBe(false);
    }
  });
});

describe('createEvent', () => {
  const subject = createdExample.organisationId;

  it('fills id, time, source, datacontenttype and dataschema', () => {
    const event = createEvent(created, subject, 1, createdExample);
    expect(event).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      type: created,
      source: eventSource('organisations'),
      subject,
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      sequence: 1,
      datacontenttype: 'application/json',
      dataschema: `urn:dangvien:schema:${created}`,
      data: createdExample,
    });
    expect(eventSource('organisations')).toBe('/dangvien/organisations');
    expect(createEvent(created, subject, 1, createdExample).id).not.toBe(event.id);
  });

  it('takes id, time and source when given', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const event = createEvent(created, subject, 3, createdExample, {
      id,
      time: new Date('2025-07-01T08:00:00+07:00'),
      source: '/dangvien/organisations/import',
    });
    expect(event).toMatchObject({
      id,
      time: '2025-07-01T01:00:00.000Z',
      source: '/dangvien/organisations/import',
    });
  });

  it.each<[string, () => unknown, RegExp]>([
    [
      'data failing the schema',
      () => createEvent(created, subject, 1, { ...createdExample, level: 'X' as 'CELL' }),
      /does not match the schema/,
    ],
    [
      'a subject that is not the aggregate id',
      () => createEvent(created, 'other', 1, createdExample),
      /differs from data.organisationId/,
    ],
    ['an empty subject', () => createEvent(created, '', 1, createdExample), /must not be empty/],
    ['a negative sequence', () => createEvent(created, subject, -1, createdExample), /non-negative integer/],
    [
      'a fractional sequence',
      () => createEvent(created, subject, 1.5, createdExample),
      /non-negative integer/,
    ],
    [
      'an id that is not a UUID',
      () => createEvent(created, subject, 1, createdExample, { id: '42' }),
      /must be a UUID/,
    ],
    [
      'an invalid time',
      () => createEvent(created, subject, 1, createdExample, { time: new Date('x') }),
      /invalid Date/,
    ],
    [
      'an unknown type',
      () => createEvent('x.y.Z.v1' as typeof created, subject, 1, createdExample),
      /unknown event type/,
    ],
  ])('refuses %s', (_case, create, reason) => {
    expect(create).toThrow(InvalidEventError);
    expect(create).toThrow(reason);
  });
});

describe('README.md', () => {
  it('mentions every topic, every event type and every dead-letter header', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    for (const name of [...Object.values(TOPICS), ...types, ...Object.values(DEAD_LETTER_HEADERS)]) {
      expect(readme).toContain(`\`${name}\``);
    }
  });
});
