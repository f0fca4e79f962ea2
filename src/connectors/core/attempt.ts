import type { Logger } from 'pino';
import type { ConnectorPolicy } from '../../config';
import { ErrorCode, GatewayError, upstreamTimeout, UpstreamError } from '../../errors';
import type { ConnectorBreaker } from './breaker';
import { classifyFailure } from './failure-class';
import type { PipelineObserver } from './pipeline-ports';
import { annotateActiveSpan, inSpan, SPAN_ATTR } from './tracing';
import type { CallContext, RequestScope } from './types';

/**
 * One attempt at an agency, bounded in time, with its metrics: the innermost step of both
 * paths. The retry loops around it (read-pipeline.ts, transport-call.ts) decide whether
 * another attempt follows; an attempt never retries by itself.
 */

/** What an attempt reads from its connector's pipeline. */
export interface AttemptDeps {
  connector: string;
  policy: ConnectorPolicy;
  observer: PipelineObserver;
  logger: Logger;
  /** Read for the span only: the attempt runs inside the breaker, it does not consult it. */
  breaker: Pick<ConnectorBreaker, 'state'>;
}

/** What the attempt's span says about where it sits in its load. */
export interface AttemptTrace {
  entity: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
  cacheOutcome: string;
}

/** One span per upstream attempt of a load (retries included), around the call below. */
export function tracedAttempt<R>(
  deps: AttemptDeps,
  scope: RequestScope,
  trace: AttemptTrace,
  run: (call: CallContext) => Promise<R>,
): Promise<R> {
  const attributes = {
    [SPAN_ATTR.connector]: deps.connector,
    [SPAN_ATTR.endpoint]: trace.entity,
    [SPAN_ATTR.attempt]: trace.attempt,
    [SPAN_ATTR.retry]: trace.attempt > 1,
    [SPAN_ATTR.breakerState]: deps.breaker.state,
    [SPAN_ATTR.cacheOutcome]: trace.cacheOutcome,
  };
  return inSpan(`call ${deps.connector}`, attributes, async (span) => {
    const result = await attemptWithinDeadline(deps, scope, run);
    span.setAttribute(SPAN_ATTR.resultCode, 'OK');
    return result;
  });
}

/** One upstream interaction with a signal that fires at min(connector timeout, request deadline). */
async function attemptWithinDeadline<R>(
  deps: AttemptDeps,
  scope: RequestScope,
  run: (call: CallContext) => Promise<R>,
): Promise<R> {
  const { connector, observer } = deps;
  const remaining = scope.deadline - Date.now();
  if (remaining <= 0) throw upstreamTimeout(connector, 'request deadline passed before the call');
  const timeoutMs = Math.min(deps.policy.timeoutMs, remaining);
  // One controller per call, fired by the timeout or by the request's own signal. The
  // listener is removed afterwards: a request making many calls must not pile them up.
  const controller = new AbortController();
  const handle = setTimeout(
    () => controller.abort(upstreamTimeout(connector, `no answer within ${timeoutMs} ms`)),
    timeoutMs,
  );
  const onRequestAbort = () => controller.abort(scope.signal.reason);
  if (scope.signal.aborted) onRequestAbort();
  else scope.signal.addEventListener('abort', onRequestAbort, { once: true });
  const signal = controller.signal;
  const started = performance.now();
  try {
    const result = await run({ connector, requestId: scope.requestId, signal, timeoutMs });
    const ms = performance.now() - started;
    scope.report.upstreamCall(connector, 'ok', ms);
    observer.call(connector, 'ok', ms);
    return result;
  } catch (err) {
    const ms = performance.now() - started;
    // Once our signal fired, a cancel or a transport failure is the abort's echo: report
    // the timeout. A typed answer of another kind (bad response, ...) keeps its code.
    const error =
      signal.aborted &&
      !(err instanceof UpstreamError && err.code !== ErrorCode.UpstreamUnavailable)
        ? upstreamTimeout(connector, `no answer within ${timeoutMs} ms`)
        : err;
    scope.report.upstreamCall(connector, 'error', ms);
    const failure = classifyFailure(error);
    annotateActiveSpan({
      [SPAN_ATTR.failureKind]: failure.kind,
      ...(failure.httpStatus ? { [SPAN_ATTR.httpStatus]: failure.httpStatus } : {}),
    });
    observer.call(
      connector,
      'error',
      ms,
      error instanceof GatewayError ? error.code : 'INTERNAL',
      failure,
    );
    if (error instanceof UpstreamError && error.detail) {
      deps.logger.debug(
        { connector, code: error.code, detail: error.detail, requestId: scope.requestId },
        'upstream call failed',
      );
    }
    throw error;
  } finally {
    clearTimeout(handle);
    scope.signal.removeEventListener('abort', onRequestAbort);
  }
}

/**
 * One attempt of a transport call (transport-call.ts): a fixed `timeoutMs` rather than a
 * request deadline, since its callers (the bank link) hold no GraphQL request scope. `run`
 * must honour the signal; its error is passed on unchanged, because the caller decides
 * what an unknown outcome of a write means.
 */
export async function timedAttempt<R>(
  deps: Pick<AttemptDeps, 'connector' | 'observer'>,
  op: string,
  run: (signal: AbortSignal) => Promise<R>,
  timeoutMs: number,
  outer: AbortSignal | undefined,
): Promise<R> {
  const { connector, observer } = deps;
  const controller = new AbortController();
  const handle = setTimeout(
    () => controller.abort(upstreamTimeout(connector, `${op}: no answer within ${timeoutMs} ms`)),
    timeoutMs,
  );
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  const started = performance.now();
  try {
    const result = await run(controller.signal);
    observer.call(connector, 'ok', performance.now() - started);
    return result;
  } catch (err) {
    // A transport's own errors (e.g. a socket's ECONNRESET) carry a string code worth a label.
    const code =
      err instanceof GatewayError
        ? err.code
        : err instanceof Error && 'code' in err && typeof err.code === 'string'
          ? err.code
          : 'INTERNAL';
    observer.call(connector, 'error', performance.now() - started, code);
    throw err;
  } finally {
    clearTimeout(handle);
    outer?.removeEventListener('abort', onAbort);
  }
}
