import { parseTraceparent } from '@dangvien/contracts';
import type { EventEnvelope } from '@dangvien/contracts';
import { currentTraceparent, runInTrace, traceContextFrom } from './tracing';

/**
 * The events with the active trace as their `traceparent` (the command that wrote them), for the
 * outbox to store: the relay sends them later, outside the request, so the trace must be in the
 * event itself. An event that already names a trace keeps it.
 */
export function withActiveTrace<E extends EventEnvelope>(events: readonly E[]): readonly E[] {
  const traceparent = currentTraceparent();
  if (traceparent === undefined) return events;
  return events.map((event) => (event.traceparent === undefined ? { ...event, traceparent } : event));
}

/**
 * Handles an event inside the trace of the command that produced it (a new trace when it carries
 * none, an older producer's): the handler's log lines and the events it writes in turn are in it.
 */
export function inEventTrace<T>(event: Pick<EventEnvelope, 'traceparent'>, handle: () => T): T {
  return runInTrace(traceContextFrom(event.traceparent), handle);
}

/** The distinct trace ids of events (at most `max`), for one log line about a batch of them. */
export function traceIdsOf(events: readonly Pick<EventEnvelope, 'traceparent'>[], max = 50): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    const traceId = parseTraceparent(event.traceparent)?.traceId;
    if (traceId) ids.add(traceId);
    if (ids.size >= max) break;
  }
  return [...ids];
}
