import { ROOT_CONTEXT, TraceFlags, context, isSpanContextValid, trace } from '@opentelemetry/api';
import type { Context, SpanContext } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { formatTraceparent, newSpanId, newTraceId, parseTraceparent } from '@dangvien/contracts';

let installed = false;

/**
 * Makes the OpenTelemetry context follow async calls (AsyncLocalStorage), once per process: without
 * a context manager `context.with` forgets the trace at the first await. When an OpenTelemetry SDK
 * registered its own manager first, that one is kept and ours stays off.
 */
export function installTracing(): void {
  if (installed) return;
  installed = true;
  const manager = new AsyncLocalStorageContextManager().enable();
  if (!context.setGlobalContextManager(manager)) manager.disable();
}

/**
 * The context of one hop (an HTTP request, an event handled): the caller's trace when `traceparent`
 * is valid, a new trace otherwise (an invalid header is ignored, as W3C asks), and a new span id
 * for this hop either way. No spans are recorded (no SDK): the ids are what the logs, the response
 * extensions and the next hop's `traceparent` carry. A new trace is marked sampled because its log
 * lines are kept.
 */
export function traceContextFrom(traceparent: string | readonly string[] | undefined | null): Context {
  installTracing();
  const parent = parseTraceparent(traceparent);
  const span: SpanContext = {
    traceId: parent?.traceId ?? newTraceId(),
    spanId: newSpanId(),
    traceFlags: parent ? parent.flags & TraceFlags.SAMPLED : TraceFlags.SAMPLED,
    isRemote: false,
  };
  return trace.setSpanContext(ROOT_CONTEXT, span);
}

/** Runs `work` with `traceContext` active: log lines and outgoing calls inside it carry its trace. */
export function runInTrace<T>(traceContext: Context, work: () => T): T {
  installTracing();
  return context.with(traceContext, work);
}

/** The active span context, if a valid one is active. */
export function activeSpanContext(): SpanContext | undefined {
  const span = trace.getSpanContext(context.active());
  return span && isSpanContextValid(span) ? span : undefined;
}

/** The active trace id (32 hex digits), or undefined outside any trace. */
export function currentTraceId(): string | undefined {
  return activeSpanContext()?.traceId;
}

/** The `traceparent` to send on a call made now: this hop's span as the parent. */
export function currentTraceparent(): string | undefined {
  const span = activeSpanContext();
  if (!span) return undefined;
  return formatTraceparent({ traceId: span.traceId, parentId: span.spanId, flags: span.traceFlags });
}
