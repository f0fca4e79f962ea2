import type { AxiosResponse } from 'axios';
import { upstreamUnavailable } from '../../errors';
import { DEFAULT_REFRESH_MARGIN_MS, renewAt, TokenRenewal } from '../core/token-renewal';
import type { CallContext, Upstream } from '../core/types';
import { failedEnvelope, loginResponse, refreshResponse } from './payloads';

/** Options of `CeisaSession`. */
export interface CeisaSessionOptions {
  upstream: Upstream;
  username: string;
  password: string;
  /** Longest a login or refresh may take, in ms (the connector's call timeout). */
  timeoutMs: number;
  /**
   * How long before expiry a token is replaced, in ms, so that no call leaves with a token
   * about to die. Capped at half the token's lifetime. Default 30 000 (of CEISA's 5 minutes).
   */
  refreshMarginMs?: number;
  /** Clock (epoch ms), for tests. Default Date.now. */
  now?: () => number;
}

/** CEISA's documented lifetimes, used when an answer omits them. */
const ACCESS_SECONDS = 300;
const REFRESH_SECONDS = 86_400;

interface Tokens {
  access: string;
  /** Epoch ms from which the access token is renewed before use. */
  renewAt: number;
  refresh: string;
  /** Epoch ms from which the refresh token is no longer offered (a login is made instead). */
  refreshUntil: number;
}

/** Counts of token requests made, for the status page and tests. */
export interface SessionStats {
  logins: number;
  refreshes: number;
  refreshRefused: number;
}

/**
 * The CEISA host-to-host session of one connector runtime (process-wide, shared by every
 * request): an access token valid 5 minutes, renewed with the 24-hour refresh token before it
 * expires, and a new login when the refresh token is refused or has run out. Renewal is
 * single-flight: however many calls find the token due, one refresh (or login) is made and
 * every waiting call gets its result. A token refused in use (the agency's clock, a restart)
 * is invalidated by the client, which renews once and repeats its call once.
 */
export class CeisaSession {
  private tokens: Tokens | undefined;
  private readonly renewal: TokenRenewal;
  private readonly margin: number;
  private readonly now: () => number;
  readonly stats: SessionStats = { logins: 0, refreshes: 0, refreshRefused: 0 };

  constructor(private readonly options: CeisaSessionOptions) {
    this.margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    this.now = options.now ?? Date.now;
    this.renewal = new TokenRenewal({
      timeoutMs: options.timeoutMs,
      what: 'a CEISA token',
      renew: (call) => this.renew(call),
    });
  }

  /** An access token valid for at least the margin, renewing it (once for all callers) when due. */
  token(call: CallContext): Promise<string> {
    const t = this.tokens;
    if (t && this.now() < t.renewAt) return Promise.resolve(t.access);
    return this.renewal.join(call);
  }

  /**
   * Forgets `access` after the agency refused it. Compare-and-clear: when many calls fail with
   * the same token, the first makes it due and the others share that one renewal. The refresh
   * token is kept: the next renewal tries it first.
   */
  invalidate(access: string): void {
    if (this.tokens?.access === access) this.tokens = { ...this.tokens, renewAt: 0 };
  }

  private async renew(call: CallContext): Promise<string> {
    const t = this.tokens;
    if (t && this.now() < t.refreshUntil) {
      const renewed = await this.refresh(t, call);
      if (renewed) return renewed;
    }
    return this.login(call);
  }

  /** The new access token, or undefined when CEISA refused the refresh token (log in again). */
  private async refresh(t: Tokens, call: CallContext): Promise<string | undefined> {
    const { upstream } = this.options;
    const requestedAt = this.now();
    this.stats.refreshes += 1;
    const response = await this.post(call, '/nle-oauth/v1/user/update-token', {
      refresh_token: t.refresh,
    });
    if (this.refused(response)) {
      this.stats.refreshRefused += 1;
      return undefined;
    }
    const body = upstream.parse(
      refreshResponse,
      upstream.json(response.data, 'refresh response'),
      'refresh response',
    );
    this.tokens = {
      ...t,
      access: body.item.access_token,
      renewAt: renewAt(requestedAt, (body.item.expires_in ?? ACCESS_SECONDS) * 1000, this.margin),
    };
    return body.item.access_token;
  }

  private async login(call: CallContext): Promise<string> {
    const { upstream, username, password } = this.options;
    const requestedAt = this.now();
    this.stats.logins += 1;
    const response = await this.post(call, '/nle-oauth/v1/user/login', { username, password });
    if (this.refused(response)) {
      // Nothing a retry fixes: an operator must correct BEA_CUKAI_USERNAME / _PASSWORD.
      throw upstreamUnavailable(
        upstream.connector,
        `login refused: HTTP ${response.status} (username or password refused)`,
      );
    }
    const body = upstream.parse(
      loginResponse,
      upstream.json(response.data, 'login response'),
      'login response',
    );
    this.tokens = {
      access: body.item.access_token,
      renewAt: renewAt(requestedAt, (body.item.expires_in ?? ACCESS_SECONDS) * 1000, this.margin),
      refresh: body.item.refresh_token,
      // The same margin: a refresh token about to expire is not worth a round trip.
      refreshUntil:
        requestedAt + (body.item.refresh_expires_in ?? REFRESH_SECONDS) * 1000 - this.margin,
    };
    return body.item.access_token;
  }

  /** 401/403, or HTTP 200 with CEISA's `"Failed"` envelope. Other statuses are failures. */
  private refused(response: AxiosResponse<string>): boolean {
    const { upstream } = this.options;
    if (response.status === 401 || response.status === 403) return true;
    if (response.status !== 200) {
      throw upstreamUnavailable(upstream.connector, `token request: HTTP ${response.status}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.data);
    } catch {
      return false; // parsed (and refused as garbage) by the caller
    }
    return failedEnvelope.safeParse(parsed).success;
  }

  private post(call: CallContext, url: string, body: object) {
    return this.options.upstream.request(call, {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      data: JSON.stringify(body),
    });
  }
}
