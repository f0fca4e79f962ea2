import { oauthRefusal, tokenResponse } from '../core/oauth';
import { DEFAULT_REFRESH_MARGIN_MS, renewAt, TokenRenewal } from '../core/token-renewal';
import type { CallContext, Upstream } from '../core/types';

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
  private readonly renewal: TokenRenewal;
  private readonly refreshMarginMs: number;
  private readonly now: () => number;
  private readonly authorization: string;

  constructor(private readonly options: AccessTokenSourceOptions) {
    this.refreshMarginMs = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    this.now = options.now ?? Date.now;
    // RFC 6749 section 2.3.1: id and secret are form-encoded before they are joined.
    const pair = `${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`;
    this.authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
    this.renewal = new TokenRenewal({
      timeoutMs: options.timeoutMs,
      what: 'an access token',
      renew: (call) => this.fetch(call),
    });
  }

  /** A token that is valid for at least the refresh margin, fetching one when needed. */
  get(call: CallContext): Promise<string> {
    const cached = this.current;
    if (cached && this.now() < cached.refreshAt) return Promise.resolve(cached.value);
    return this.renewal.join(call);
  }

  /**
   * Forgets `token` after the agency refused it. Compare-and-clear: when several calls fail
   * with the same stale token, only the first forces a refresh; the others get its result.
   */
  invalidate(token: string): void {
    if (this.current?.value === token) this.current = undefined;
  }

  private async fetch(call: CallContext): Promise<string> {
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
    if (response.status !== 200)
      throw oauthRefusal(upstream.connector, response.status, response.data);

    const token = upstream.parse(
      tokenResponse,
      upstream.json(response.data, 'token response'),
      'token response',
    );
    this.current = {
      value: token.access_token,
      refreshAt: renewAt(requestedAt, token.expires_in * 1000, this.refreshMarginMs),
    };
    return token.access_token;
  }
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}
