import type { EventType, KafkaRecord } from '../src';
import { EVENT_TYPES, InvalidEventError, fromKafkaRecord, toKafkaRecord } from '../src';
import { asDelivered, exampleEvent, exampleRecord } from './fixtures';

const types = Object.values(EVENT_TYPES) as EventType[];
const created = EVENT_TYPES.OrganisationCreated;

/** The InvalidEventError `read` throws; fails the test if it throws anything else or nothing. */
function rejection(read: () => unknown): InvalidEventError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEventError);
    return error as InvalidEventError;
  }
  throw new Error('expected an InvalidEventError, nothing was thrown');
}

function withHeaders(record: KafkaRecord, change: (headers: Record<string, string>) => void): KafkaRecord {
  const headers = { ...record.headers };
  change(headers);
  return { ...record, headers };
}

describe('toKafkaRecord', () => {
  it('writes binary content mode: ce_* headers, the data as value, the subject as key', () => {
    const event = exampleEvent(created, 7);
    const record = toKafkaRecord(event);
    expect(record.key).toBe(event.subject);
    expect(JSON.parse(record.value)).toEqual(event.data);
    expect(record.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_source: '/dangvien/organisations',
      ce_type: created,
      ce_time: event.time,
      ce_subject: event.subject,
      ce_sequence: '7',
      ce_dataschema: `urn:dangvien:schema:${created}`,
      'content-type': 'application/json',
    });
  });

  it('leaves out ce_dataschema when the event has none', () => {
    const { dataschema: _omitted, ...event } = exampleEvent(created);
    expect(toKafkaRecord(event).headers).not.toHaveProperty('ce_dataschema');
  });
});

describe('fromKafkaRecord', () => {
  it.each(types)('reads back what toKafkaRecord wrote: %s', (type) => {
    const event = exampleEvent(type, 42);
    expect(fromKafkaRecord(asDelivered(toKafkaRecord(event)))).toEqual(event);
    expect(fromKafkaRecord(toKafkaRecord(event))).toEqual(event);
  });

  it('accepts headers as kafkajs gives them: single-value arrays, extra headers, a missing content-type', () => {
    const event = exampleEvent(created);
    const record = asDelivered(toKafkaRecord(event));
    const headers: Record<string, Buffer | Buffer[] | undefined> = { ...record.headers };
    headers.ce_type = [Buffer.from(created)];
    headers.traceparent = Buffer.from('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    headers['content-type'] = undefined;
    // A valid traceparent is read as the CloudEvents tracing extension (see traceparent.unit.test.ts).
    expect(fromKafkaRecord({ ...record, headers })).toEqual({
      ...event,
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
  });

  it('narrows data by type', () => {
    const event = fromKafkaRecord(exampleRecord(created));
    if (event.type !== created) throw new Error('unexpected type');
    expect(event.data.level).toBe('CELL');
  });

  describe('rejects with InvalidEventError and a reason', () => {
    const good = exampleRecord(created);

    it.each(['ce_type', 'ce_id', 'ce_source', 'ce_specversion', 'ce_time', 'ce_subject', 'ce_sequence'])(
      'a missing %s',
      (name) => {
        const error = rejection(() => fromKafkaRecord(withHeaders(good, (h) => delete h[name])));
        expect(error.reason).toBe(`missing header ${name}`);
      },
    );

    it('no headers at all', () => {
      expect(rejection(() => fromKafkaRecord({ key: good.key, value: good.value })).reason).toMatch(
        /missing header/,
      );
    });

    it('an unknown type', () => {
      const error = rejection(() =>
        fromKafkaRecord(
          withHeaders(good, (h) => (h.ce_type = 'dangvien.organisations.OrganisationCreated.v9')),
        ),
      );
      expect(error.reason).toBe('unknown event type "dangvien.organisations.OrganisationCreated.v9"');
    });

    it('a wrong specversion', () => {
      const error = rejection(() => fromKafkaRecord(withHeaders(good, (h) => (h.ce_specversion = '0.3'))));
      expect(error.reason).toBe('ce_specversion must be "1.0", got "0.3"');
    });

    it('a value that is not JSON', () => {
      const error = rejection(() => fromKafkaRecord({ ...good, value: '{"organisationId":' }));
      expect(error.reason).toMatch(/^value is not JSON: /);
    });

    it('a missing value', () => {
      expect(rejection(() => fromKafkaRecord({ ...good, value: null })).reason).toMatch(/no value/);
    });

    it('data failing its schema, listing each violation', () => {
      const data = { ...JSON.parse(good.value), level: 'WARD_GROUP', colour: 'red' };
      const error = rejection(() => fromKafkaRecord({ ...good, value: JSON.stringify(data) }));
      expect(error.reason).toBe(`data does not match the schema of ${created}`);
      expect(error.errors).toEqual(
        expect.arrayContaining([
          expect.stringContaining('/level must be equal to one of the allowed values'),
          '(root) must NOT have additional properties: "colour"',
        ]),
      );
      expect(error.message).toContain('colour');
    });

    it('a key that is not the subject', () => {
      expect(rejection(() => fromKafkaRecord({ ...good, key: 'someone-else' })).reason).toMatch(
        /differs from ce_subject/,
      );
      expect(rejection(() => fromKafkaRecord({ ...good, key: null })).reason).toMatch(/no key/);
    });

    it('a subject that is not the aggregate id of the data', () => {
      const error = rejection(() =>
        fromKafkaRecord({ ...withHeaders(good, (h) => (h.ce_subject = 'other')), key: 'other' }),
      );
      expect(error.reason).toMatch(/ce_subject "other" differs from data.organisationId/);
    });

    it.each([
      ['ce_id', 'not-a-uuid', /ce_id must be a UUID/],
      ['ce_time', '1 July 2025', /ce_time must be an RFC 3339 timestamp/],
      ['ce_time', '2025-02-30T25:00:00Z', /ce_time must be an RFC 3339 timestamp/],
      ['ce_sequence', '-1', /ce_sequence must be a non-negative decimal integer/],
      ['ce_sequence', '1.5', /ce_sequence must be a non-negative decimal integer/],
      ['ce_sequence', '99999999999999999999', /ce_sequence must be a non-negative decimal integer/],
      ['content-type', 'application/cloudevents+json', /structured content mode/],
      ['content-type', 'text/plain', /content-type must be application\/json/],
    ])('a malformed %s: %s', (name, value, reason) => {
      expect(rejection(() => fromKafkaRecord(withHeaders(good, (h) => (h[name] = value)))).reason).toMatch(
        reason,
      );
    });

    it('a header sent twice with different values', () => {
      const record = asDelivered(good);
      const headers = {
        ...record.headers,
        ce_type: [Buffer.from(created), Buffer.from(EVENT_TYPES.OrganisationMoved)],
      };
      expect(rejection(() => fromKafkaRecord({ ...record, headers })).reason).toMatch(
        /header ce_type has several values/,
      );
    });
  });
});
