import http from 'node:http';
import https from 'node:https';
import axios, {
  AxiosError,
  type AxiosInstance,
  type AxiosRequestConfig,
  type AxiosResponse,
} from 'axios';
import { ErrorCode, UpstreamError, upstreamTimeout, upstreamUnavailable } from '../../errors';
import { annotateActiveSpan, SPAN_ATTR, traceHeaders } from './tracing';
import type { CallContext, RequestOptions } from './types';

/** Keep-alive agents shared by every connector: one TCP/TLS handshake per socket, not per call. */
export interface HttpAgents {
  http: http.Agent;
  https: https.Agent;
  destroy(): void;
}

export function createHttpAgents(maxSockets = 64): HttpAgents {
  // Free sockets kept up to the pool size: a burst that fits the pool reuses connections
  // instead of reconnecting (a fresh TCP handshake per call showed in profiles).
  const options = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: 30_000 };
  const agents = { http: new http.Agent(options), https: new https.Agent(options) };
  return { ...agents, destroy: () => (agents.http.destroy(), agents.https.destroy()) };
}

/** One axios instance per connector: its base URL, our agents, bodies as text (we parse at the boundary). */
export function createHttpClient(baseURL: string, agents: HttpAgents): AxiosInstance {
  const client = axios.create({
    // Named, so no per-call search through axios' adapter list.
    adapter: 'http',
    baseURL,
    httpAgent: agents.http,
    httpsAgent: agents.https,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    // Every status comes back to us: connectors interpret 4xx, the pipeline maps 5xx.
    validateStatus: () => true,
    maxRedirects: 0,
    maxContentLength: 10 * 1024 * 1024,
    proxy: false,
  });
  flattenDefaults(client);
  return client;
}

/**
 * axios merges the instance defaults into every request config: the header buckets (`common`
 * plus one per method, deep-merged and then flattened per call) and the transitional options
 * (validated per call) showed among axios' top functions in the cold-path profile (issue 19).
 * Flattening them once leaves the same effective request: the buckets are empty but for
 * `common` (its Accept header stays), transitional defaults apply when the option is absent,
 * and the XSRF settings are browser-only.
 */
function flattenDefaults(client: AxiosInstance): void {
  const defaults = client.defaults;
  const common: Record<string, unknown> = { ...defaults.headers.common };
  for (const key of Object.keys(defaults.headers)) Reflect.deleteProperty(defaults.headers, key);
  Object.assign(defaults.headers, common);
  delete defaults.transitional;
  delete defaults.xsrfCookieName;
  delete defaults.xsrfHeaderName;
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);

/** Sends one request with the call's abort signal and maps transport failures to typed errors. */
export async function sendRequest(
  client: AxiosInstance,
  call: CallContext,
  config: AxiosRequestConfig,
  options: RequestOptions = {},
): Promise<AxiosResponse<string>> {
  let response: AxiosResponse<string>;
  try {
    response = await client.request<string>({
      ...config,
      signal: call.signal,
      // traceparent/tracestate of the attempt's span (none when tracing is off).
      headers: { ...config.headers, ...traceHeaders(), 'x-request-id': call.requestId },
    });
  } catch (err) {
    throw transportError(call, err);
  }
  annotateActiveSpan({ [SPAN_ATTR.httpStatus]: response.status });
  if (response.status >= 500 && !options.passStatuses?.includes(response.status)) {
    throw upstreamUnavailable(
      call.connector,
      `HTTP ${response.status}`,
      RETRYABLE_STATUS.has(response.status),
    );
  }
  if (typeof response.data !== 'string') response.data = String(response.data ?? '');
  return response;
}

function transportError(call: CallContext, err: unknown): UpstreamError {
  if (err instanceof UpstreamError) return err;
  if (call.signal.aborted) {
    const reason: unknown = call.signal.reason;
    if (reason instanceof UpstreamError) return reason;
    return upstreamTimeout(call.connector, 'aborted at deadline');
  }
  if (err instanceof AxiosError) {
    const code = err.code ?? 'UNKNOWN';
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT')
      return upstreamTimeout(call.connector, code);
    // Connection refused/reset and DNS failures are transient from our point of view.
    return upstreamUnavailable(call.connector, code, true);
  }
  return new UpstreamError(
    ErrorCode.UpstreamUnavailable,
    call.connector,
    `${call.connector} is unavailable`,
    {
      cause: err,
      detail: err instanceof Error ? err.message : 'unknown',
    },
  );
}
