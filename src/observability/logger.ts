import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger } from 'pino';
import { maskIdentifiers, scrub } from './mask';

/**
 * The process logger: JSON lines, identifiers masked in every field and message (a hook
 * here rather than discipline at each call site, so a forgotten NIK cannot leak).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'mpp-gateway' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // The active trace, so that a log line leads to its trace (nothing while tracing is off).
      mixin: traceFields,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrub(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskIdentifiers(a) : a));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** `traceId` and `spanId` of the active span, if it is a real (sampled or not) one. */
function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan()?.spanContext();
  return span && isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : {};
}
