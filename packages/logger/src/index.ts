import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import pino from 'pino';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export interface LoggerConfig {
  /** Service or tool name, set as `service` on every line. */
  name: string;
  level?: string;
  /** Extra fields set on every line. */
  base?: Record<string, unknown>;
  /** Where lines go instead of stdout (tests read them). */
  destination?: DestinationStream;
}

/**
 * The active trace (the request or event being handled, see @dangvien/observability) on each line:
 * a line logged anywhere under a request names its trace without the logger being passed down.
 */
function traceFields(): Record<string, string> {
  const span = trace.getSpanContext(context.active());
  return span && isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : {};
}

/**
 * One structured logger per process; components take `logger.child({ component })` from it.
 * Secrets and personal data never go into log lines: `redact` covers the known field names as a
 * second line of defence.
 */
export function createLogger(config: LoggerConfig): Logger {
  const options: LoggerOptions = {
    level: config.level ?? 'info',
    base: { service: config.name, ...config.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        '*.password',
        '*.token',
        '*.authorization',
        'headers.authorization',
        '*.ethnicity',
        '*.religion',
      ],
      censor: '[redacted]',
    },
    formatters: { level: (label) => ({ level: label }) },
    mixin: traceFields,
  };
  return config.destination ? pino(options, config.destination) : pino(options);
}
