import { randomFillSync } from 'node:crypto';

/**
 * W3C Trace Context `traceparent` (https://www.w3.org/TR/trace-context/): the one header that carries
 * a trace from a client through the gateway, the subgraphs and Kafka records to the consumers. Kept
 * here, beside the CloudEvents binding, because records on the topics carry it and integrators read
 * it; HTTP uses the same parser so both hops accept exactly the same values.
 */
export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

export interface TraceParent {
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** The caller's span: 16 lowercase hex digits, not all zero. */
  parentId: string;
  /** Bit 0 is `sampled`. */
  flags: number;
}

const VERSION_00 = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
// A later version keeps the first four fields and may append its own after a dash.
const LATER_VERSION = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/**
 * The trace context a `traceparent` value names, or null when it is not a valid one (wrong length,
 * upper case, all-zero ids, version ff…): the spec says an invalid header is ignored and a new trace
 * started, never an error for the caller.
 */
export function parseTraceparent(value: string | readonly string[] | undefined | null): TraceParent | null {
  // Repeated headers cannot be merged meaningfully: one value or none.
  if (value === undefined || value === null || Array.isArray(value)) return null;
  const header = (value as string).trim();
  let match = VERSION_00.exec(header);
  let fields: [string, string, string] | null = match ? [match[1]!, match[2]!, match[3]!] : null;
  if (!fields) {
    match = LATER_VERSION.exec(header);
    if (!match || match[1] === '00' || match[1] === 'ff') return null;
    fields = [match[2]!, match[3]!, match[4]!];
  }
  const [traceId, parentId, flags] = fields;
  if (traceId === ZERO_TRACE || parentId === ZERO_SPAN) return null;
  return { traceId, parentId, flags: parseInt(flags, 16) };
}

/** The version-00 header for a trace and the span that calls out. */
export function formatTraceparent(context: TraceParent): string {
  const flags = (context.flags & 0xff).toString(16).padStart(2, '0');
  return `00-${context.traceId}-${context.parentId}-${flags}`;
}

// Random bytes are drawn 4 KiB at a time: one draw per id costs a call into OpenSSL per request.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function randomHex(bytes: number): string {
  // An all-zero id is invalid; with random bytes it is as good as impossible, but it is checked.
  for (;;) {
    if (offset + bytes > pool.length) {
      pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
      offset = 0;
    }
    const hex = pool.toString('hex', offset, offset + bytes);
    offset += bytes;
    if (!/^0+$/.test(hex)) return hex;
  }
}

/** A new random trace id: 32 lowercase hex digits. */
export function newTraceId(): string {
  return randomHex(16);
}

/** A new random span id: 16 lowercase hex digits. */
export function newSpanId(): string {
  return randomHex(8);
}
