import {
  context,
  ROOT_CONTEXT,
  propagation,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
} from '@opentelemetry/api';
import { GatewayError } from '../../errors';

/**
 * Spans of the upstream pipeline, through the OpenTelemetry API only: without an SDK
 * registered (tracing off) every call here is a no-op. Attributes are closed sets (connector
 * keys, entity names, codes, counts): never ids, URLs, payloads or error messages, which may
 * carry personal data.
 */
const tracer = () => trace.getTracer('mpp-gateway.pipeline');

/** Attribute names shared by the pipeline's spans. */
export const SPAN_ATTR = {
  connector: 'mpp.connector',
  entity: 'mpp.entity',
  endpoint: 'mpp.endpoint',
  batchSize: 'mpp.batch.size',
  cacheHits: 'mpp.cache.hits',
  cacheMisses: 'mpp.cache.misses',
  cacheOutcome: 'mpp.cache.outcome',
  staleServed: 'mpp.cache.stale_served',
  attempt: 'mpp.attempt',
  retry: 'mpp.retry',
  breakerState: 'mpp.breaker.state',
  resultCode: 'mpp.result.code',
  failureKind: 'mpp.failure.kind',
  httpStatus: 'http.response.status_code',
  cacheOp: 'mpp.cache.op',
  keys: 'mpp.cache.keys',
} as const;

/**
 * Runs `fn` inside a new active span named `name` and ends it with the outcome: an error
 * sets status ERROR with the gateway error code (never the message) as its description.
 */
export async function inSpan<R>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<R>,
): Promise<R> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      const code = err instanceof GatewayError ? err.code : 'INTERNAL';
      span.setAttribute(SPAN_ATTR.resultCode, code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      throw err;
    } finally {
      span.end();
    }
  });
}

/**
 * The W3C trace context headers (`traceparent`, `tracestate`) of the active span, for an
 * outgoing request to an agency; empty when tracing is off.
 */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** Sets attributes on the active span, if any (e.g. the HTTP status seen by the transport). */
export function annotateActiveSpan(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

/** Runs `fn` outside any trace: work no request waits for (a background refresh) starts its own. */
export function detachedFromTrace<R>(fn: () => R): R {
  return context.with(ROOT_CONTEXT, fn);
}
