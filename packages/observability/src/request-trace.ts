import type { IncomingHttpHeaders } from 'node:http';
import { TRACEPARENT_HEADER } from '@dangvien/contracts';
import { currentTraceId, runInTrace, traceContextFrom } from './tracing';

/**
 * Handles an HTTP request inside its trace: the one the caller's `traceparent` names (the gateway's,
 * for a subgraph), or a new one. Everything the request does, logs and outgoing calls and events
 * written, is then in that trace.
 */
export function inRequestTrace<T>(req: { headers: IncomingHttpHeaders }, handle: () => T): T {
  return runInTrace(traceContextFrom(req.headers[TRACEPARENT_HEADER]), handle);
}

/** `{ traceId }` of the active trace, for answers made outside Apollo's plugins (see http.ts). */
export function traceExtensions(): { traceId: string } | undefined {
  const traceId = currentTraceId();
  return traceId ? { traceId } : undefined;
}
