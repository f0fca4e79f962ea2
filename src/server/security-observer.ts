import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { GatewayMetrics } from '../observability/metrics';
import type { ServiceEvents } from '../observability/service-events';
import { AuthenticationError, RateLimitedError, type AuditSink } from '../security';

/** Counts a refusal of the security layer's `callerOf` (401 by reason, 429); others pass. */
export function countRefusal(err: unknown, metrics: GatewayMetrics, events: ServiceEvents): void {
  if (err instanceof AuthenticationError) {
    metrics.authRefusals.inc({ reason: err.reason });
    events.authRefusals++;
  } else if (err instanceof RateLimitedError) {
    metrics.rateLimited.inc();
    events.rateLimited++;
  }
}

/**
 * The audit sink with each append counted (ok / failed) and traced as one span. The span
 * carries no part of the entry: it names a subject by its hash, but even that stays out.
 */
export function observedAuditSink(
  sink: AuditSink,
  metrics: GatewayMetrics,
  events: ServiceEvents,
): AuditSink {
  const tracer = trace.getTracer('mpp-gateway.audit');
  return {
    append: (entry) =>
      tracer.startActiveSpan('audit append', async (span) => {
        try {
          const record = await sink.append(entry);
          metrics.auditWrites.inc({ outcome: 'ok' });
          events.auditWrite(true);
          return record;
        } catch (err) {
          metrics.auditWrites.inc({ outcome: 'failed' });
          events.auditWrite(false);
          span.setStatus({ code: SpanStatusCode.ERROR, message: 'AUDIT_UNAVAILABLE' });
          throw err;
        } finally {
          span.end();
        }
      }),
    records: () => sink.records(),
    bySubject: (subject) => sink.bySubject(subject),
    close: () => sink.close(),
  };
}
