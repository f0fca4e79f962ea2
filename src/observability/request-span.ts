import type { IncomingHttpHeaders } from 'node:http';
import {
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';

/** Span name of one GraphQL HTTP request: fixed, never the query text. */
export const REQUEST_SPAN_NAME = 'graphql request';

/**
 * Runs `fn` as the active span of one GraphQL HTTP request, continuing the client's trace
 * when it sent a W3C `traceparent` (otherwise a new trace starts). Only the method and route
 * are recorded here: no URL query (persisted-query variables may sit there), no headers.
 * `fn` returns the HTTP status, which closes the span (5xx = error).
 */
export function inRequestSpan(
  headers: IncomingHttpHeaders,
  method: string,
  fn: (span: Span) => Promise<number>,
): Promise<number> {
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  return trace.getTracer('mpp-gateway.http').startActiveSpan(
    REQUEST_SPAN_NAME,
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': method, 'http.route': '/graphql' },
    },
    parent,
    async (span) => {
      try {
        const status = await fn(span);
        span.setAttribute('http.response.status_code', status);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        return status;
      } catch (err) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'unhandled' });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}
