import { upstreamTimeout, upstreamUnavailable } from '../../errors';
import type { CallContext, Upstream } from '../core/types';
import { oauthError, tokenResponse } from './payloads';

export interface AccessTokenSourceOptions {
  upstream: Upstream;
  clientId: string;
  clientSecret: string;
  /** Longest a token request may take, in ms (the connector's call timeout). */
  timeoutMs: number;
  /**
   * How long before expiry a token is replaced, in ms, so that a call never leaves with a
   * token that dies in flight. Capped at half the token's lifetime. Default 30 000.
   */
  refreshMarginMs?: number;
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
}

export const DEFAULT_REFRESH_MARGIN_MS = 30_000;

interface CachedToken {
  value: string;
  /** Epoch ms from which the token is treated as stale. */
  refreshAt: number;
}

/**
 * OAuth2 client-credentials tokens for the whole process (one per connector runtime, never
 * per request): cached until shortly before expiry, and fetched single-flight so that a burst
 * of callers without a token costs one token request.
 */
export class AccessTokenSource {
  private current: CachedToken | undefined;
  private inflight: Promise<string> | undefined;
  private readonly refreshMarginMs: number;
  private readonly now: () => number;
  private readonly authorization: string;

  constructor(private readonly options: AccessTokenSourceOptions) {
    this.refreshMarginMs = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    this.now = options.now ?? Date.now;
    // RFC 6749 section 2.3.1: id and secret are form-encoded before they are joined.
    const pair = `${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`;
    this.authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
  }

  /** A token that is valid for at least the refresh margin, fetching one when needed. */
  get(call: CallContext): Promise<string> {
    const cached = this.current;
    if (cached && this.now() < cached.refreshAt) return Promise.resolve(cached.value);
    this.inflight ??= this.fetch(call).finally(() => {
      this.inflight = undefined;
    });
    return abortable(this.inflight, call);
  }

  /**
   * Forgets `token` after the agency refused it. Compare-and-clear: when several calls fail
   * with the same stale token, only the first forces a refresh; the others get its result.
   */
  invalidate(token: string): void {
    if (this.current?.value === token) this.current = undefined;
  }

  private async fetch(trigger: CallContext): Promise<string> {
    // Every waiting caller shares this request, so it runs on its own timeout rather than on
    // the signal of whichever request happened to start it (that one may be cancelled).
    const { timeoutMs } = this.options;
    const call: CallContext = { ...trigger, signal: AbortSignal.timeout(timeoutMs), timeoutMs };
    // Lifetime counts from before the request: a slow answer must not stretch our idea of it.
    const requestedAt = this.now();
    const { upstream } = this.options;
    const response = await upstream.request(call, {
      method: 'POST',
      url: '/oauth/token',
      headers: {
        authorization: this.authorization,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      data: 'grant_type=client_credentials',
    });
    if (response.status !== 200) throw this.refusal(response.status, response.data);

    const token = upstream.parse(
      tokenResponse,
      upstream.json(response.data, 'token response'),
      'token response',
    );
    const lifetimeMs = token.expires_in * 1000;
    this.current = {
      value: token.access_token,
      refreshAt: requestedAt + lifetimeMs - Math.min(this.refreshMarginMs, lifetimeMs / 2),
    };
    return token.access_token;
  }

  private refusal(status: number, body: string) {
    const connector = this.options.upstream.connector;
    // The OAuth error code is a protocol constant, safe for logs; the description is not ours to log.
    let code = 'no OAuth error';
    try {
      const parsed = oauthError.safeParse(JSON.parse(body));
      if (parsed.success && /^[a-z_]{1,40}$/.test(parsed.data.error)) code = parsed.data.error;
    } catch {
      // A non-JSON refusal (an HTML error page): the status says enough.
    }
    // 429 passes with time; a refused client (invalid_client) needs an operator, not a retry.
    return upstreamUnavailable(
      connector,
      `token request refused: HTTP ${status} (${code})`,
      status === 429,
    );
  }
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

/**
 * Lets one caller stop waiting for a shared promise when its own call is cancelled. The
 * handlers are attached first in every case, so a shared failure is never left unhandled.
 */
function abortable<T>(promise: Promise<T>, call: CallContext): Promise<T> {
  const { signal } = call;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () =>
      reject(upstreamTimeout(call.connector, 'cancelled while waiting for an access token'));
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
