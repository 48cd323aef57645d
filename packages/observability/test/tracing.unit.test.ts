import { createEvent, EVENT_TYPES, EVENT_DEFINITIONS, parseTraceparent } from '@dangvien/contracts';
import { createLogger } from '@dangvien/logger';
import {
  currentTraceId,
  currentTraceparent,
  inEventTrace,
  inRequestTrace,
  traceContextFrom,
  runInTrace,
  traceExtensions,
  traceIdsOf,
  withActiveTrace,
} from '../src';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const INCOMING = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

function anEvent() {
  const type = EVENT_TYPES.OrganisationCreated;
  const { example, aggregateIdField } = EVENT_DEFINITIONS[type];
  return createEvent(
    type,
    String((example as unknown as Record<string, unknown>)[aggregateIdField]),
    1,
    example,
  );
}

describe('request traces', () => {
  it('continues a valid incoming trace with a span of its own, across awaits', async () => {
    const seen = await inRequestTrace({ headers: { traceparent: INCOMING } }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await Promise.resolve();
      return { traceId: currentTraceId(), traceparent: currentTraceparent() };
    });
    expect(seen.traceId).toBe(TRACE_ID);
    const outgoing = parseTraceparent(seen.traceparent)!;
    expect(outgoing.traceId).toBe(TRACE_ID);
    expect(outgoing.parentId).toMatch(/^[0-9a-f]{16}$/);
    expect(outgoing.parentId).not.toBe('00f067aa0ba902b7');
    expect(outgoing.flags).toBe(1);
    expect(currentTraceId()).toBeUndefined();
  });

  it('starts a new random trace when the header is missing or invalid', () => {
    const traces = ['', 'garbage', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`, undefined].map((header) =>
      inRequestTrace({ headers: header === undefined ? {} : { traceparent: header } }, () =>
        currentTraceId(),
      ),
    );
    for (const traceId of traces) expect(traceId).toMatch(/^(?!0+$)[0-9a-f]{32}$/);
    expect(new Set(traces).size).toBe(traces.length);
  });

  it('keeps concurrent requests apart', async () => {
    const one = `00-${'a'.repeat(32)}-${'1'.repeat(16)}-01`;
    const two = `00-${'b'.repeat(32)}-${'2'.repeat(16)}-00`;
    const read = (header: string, delay: number) =>
      inRequestTrace({ headers: { traceparent: header } }, async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        return currentTraceparent();
      });
    const [a, b] = await Promise.all([read(one, 5), read(two, 1)]);
    expect(parseTraceparent(a)).toMatchObject({ traceId: 'a'.repeat(32), flags: 1 });
    expect(parseTraceparent(b)).toMatchObject({ traceId: 'b'.repeat(32), flags: 0 });
  });

  it('gives the trace id for answers made outside Apollo, and nothing outside a trace', () => {
    expect(traceExtensions()).toBeUndefined();
    expect(runInTrace(traceContextFrom(INCOMING), traceExtensions)).toEqual({ traceId: TRACE_ID });
  });
});

describe('log lines', () => {
  it('carry the active trace id, from the root logger and its children, and none outside a trace', () => {
    const lines: Record<string, unknown>[] = [];
    const destination = {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    };
    const logger = createLogger({ name: 'unit', destination });
    const child = logger.child({ component: 'part' });
    logger.info('outside');
    runInTrace(traceContextFrom(INCOMING), () => {
      logger.info('root');
      child.info('child');
    });
    expect(lines.map((line) => [line.msg, line.traceId])).toEqual([
      ['outside', undefined],
      ['root', TRACE_ID],
      ['child', TRACE_ID],
    ]);
    expect(lines[2]).toMatchObject({ component: 'part', spanId: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });
});

describe('event traces', () => {
  it('stores the active trace in events written under a request, and keeps an event’s own', () => {
    const event = anEvent();
    const own = { ...anEvent(), traceparent: `00-${'c'.repeat(32)}-${'3'.repeat(16)}-01` };
    expect(withActiveTrace([event])).toEqual([event]);
    const [stored, kept] = runInTrace(traceContextFrom(INCOMING), () => withActiveTrace([event, own]));
    expect(parseTraceparent(stored!.traceparent)?.traceId).toBe(TRACE_ID);
    expect(kept).toBe(own);
    expect(event).not.toHaveProperty('traceparent');
  });

  it('handles an event in its producer’s trace, or a new one', () => {
    const traced = { ...anEvent(), traceparent: INCOMING };
    expect(inEventTrace(traced, () => currentTraceId())).toBe(TRACE_ID);
    expect(inEventTrace(anEvent(), () => currentTraceId())).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIdsOf([traced, anEvent(), traced])).toEqual([TRACE_ID]);
  });

  it('passes the trace on to the events a handler writes in turn, with the handler as parent', () => {
    const traced = { ...anEvent(), traceparent: INCOMING };
    const [next] = inEventTrace(traced, () => withActiveTrace([anEvent()]));
    const parent = parseTraceparent(next!.traceparent)!;
    expect(parent.traceId).toBe(TRACE_ID);
    expect(parent.parentId).not.toBe(parseTraceparent(INCOMING)!.parentId);
  });
});
