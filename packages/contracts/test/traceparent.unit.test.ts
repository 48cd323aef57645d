import {
  EVENT_TYPES,
  formatTraceparent,
  fromKafkaRecord,
  newSpanId,
  newTraceId,
  parseTraceparent,
  toKafkaRecord,
} from '../src';
import { asDelivered, exampleEvent } from './fixtures';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const VALID = `00-${TRACE_ID}-${PARENT_ID}-01`;

describe('parseTraceparent', () => {
  it('reads the W3C example', () => {
    expect(parseTraceparent(VALID)).toEqual({ traceId: TRACE_ID, parentId: PARENT_ID, flags: 1 });
    expect(parseTraceparent(`  ${VALID.replace(/01$/, '00')} `)).toEqual({
      traceId: TRACE_ID,
      parentId: PARENT_ID,
      flags: 0,
    });
  });

  it.each([
    ['nothing', undefined],
    ['empty', ''],
    ['upper-case hex', VALID.toUpperCase()],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${PARENT_ID}-01`],
    ['an all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['a short trace id', `00-${TRACE_ID.slice(1)}-${PARENT_ID}-01`],
    ['a long parent id', `00-${TRACE_ID}-${PARENT_ID}0-01`],
    ['version ff', `ff-${TRACE_ID}-${PARENT_ID}-01`],
    ['version 00 with more fields', `${VALID}-what`],
    ['non-hex characters', `00-${TRACE_ID.replace('4', 'g')}-${PARENT_ID}-01`],
    ['missing flags', `00-${TRACE_ID}-${PARENT_ID}`],
    ['several values', [VALID, VALID]],
  ])('ignores %s', (_case, value) => {
    expect(parseTraceparent(value as string | string[] | undefined)).toBeNull();
  });

  it('reads the first four fields of a later version, with or without more', () => {
    expect(parseTraceparent(`01-${TRACE_ID}-${PARENT_ID}-01`)?.traceId).toBe(TRACE_ID);
    expect(parseTraceparent(`cc-${TRACE_ID}-${PARENT_ID}-09-extra`)).toEqual({
      traceId: TRACE_ID,
      parentId: PARENT_ID,
      flags: 9,
    });
    expect(parseTraceparent(`cc-${TRACE_ID}-${PARENT_ID}-09extra`)).toBeNull();
  });
});

describe('formatTraceparent and new ids', () => {
  it('writes version 00 that parses back', () => {
    const context = { traceId: newTraceId(), parentId: newSpanId(), flags: 1 };
    const header = formatTraceparent(context);
    expect(header).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(parseTraceparent(header)).toEqual(context);
    expect(formatTraceparent({ ...context, flags: 0 })).toMatch(/-00$/);
  });

  it('makes random, well-formed ids', () => {
    const traces = new Set(Array.from({ length: 200 }, newTraceId));
    const spans = new Set(Array.from({ length: 200 }, newSpanId));
    expect(traces.size).toBe(200);
    expect(spans.size).toBe(200);
    for (const id of traces) expect(id).toMatch(/^(?!0+$)[0-9a-f]{32}$/);
    for (const id of spans) expect(id).toMatch(/^(?!0+$)[0-9a-f]{16}$/);
  });
});

describe('traceparent on Kafka records', () => {
  const created = EVENT_TYPES.OrganisationCreated;

  it('is sent as the traceparent header and read back into the envelope', () => {
    const event = { ...exampleEvent(created), traceparent: VALID };
    const record = toKafkaRecord(event);
    expect(record.headers.traceparent).toBe(VALID);
    expect(fromKafkaRecord(asDelivered(record))).toEqual(event);
  });

  it('is left out when the event has none', () => {
    const record = toKafkaRecord(exampleEvent(created));
    expect(record.headers).not.toHaveProperty('traceparent');
    expect(fromKafkaRecord(record)).not.toHaveProperty('traceparent');
  });

  it('is dropped, never refused, when a producer sent an invalid one', () => {
    const record = toKafkaRecord(exampleEvent(created));
    const event = fromKafkaRecord({ ...record, headers: { ...record.headers, traceparent: 'nonsense' } });
    expect(event).not.toHaveProperty('traceparent');
    expect(event.id).toBe(record.headers.ce_id);
  });
});
