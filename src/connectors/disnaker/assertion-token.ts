import { randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { upstreamTimeout, upstreamUnavailable } from '../../errors';
import type { CallContext, Upstream } from '../core/types';
import { oauthError, tokenResponse } from './payloads';

/** Options of `AssertionTokenSource`. */
export interface AssertionTokenSourceOptions {
  upstream: Upstream;
  clientId: string;
  /** The client's RSA private key (registered public key at Disnaker). */
  privateKey: KeyObject;
  /** `kid` header of assertions, when Disnaker registered several keys. Default: none. */
  keyId?: string;
  /** The token endpoint's URL: the assertion's audience. */
  tokenUrl: string;
  /** Longest a token request may take, in ms. */
  timeoutMs: number;
  /** Lifetime of one assertion, in seconds. Default 60 (the mock refuses more than 300). */
  assertionSeconds?: number;
  /** Replace the access token this long before it expires, in ms. Default 30 000, capped at half its life. */
  refreshMarginMs?: number;
  /** Clock (epoch ms). Default Date.now. */
  now?: () => number;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * OAuth2 client credentials with `private_key_jwt` (RFC 7523): each token request carries a
 * fresh RS256 assertion (iss = sub = client id, aud = the token endpoint, short exp, a unique
 * `jti` so a captured assertion cannot be replayed). The access token is process-wide, cached
 * until shortly before expiry, and fetched single-flight.
 */
export class AssertionTokenSource {
  private current: { value: string; refreshAt: number } | undefined;
  private inflight: Promise<string> | undefined;
  private readonly now: () => number;
  /** Assertions signed so far (each with its own jti). */
  assertionsSigned = 0;

  constructor(private readonly options: AssertionTokenSourceOptions) {
    this.now = options.now ?? Date.now;
  }

  get(call: CallContext): Promise<string> {
    const c = this.current;
    if (c && this.now() < c.refreshAt) return Promise.resolve(c.value);
    this.inflight ??= this.fetch(call).finally(() => {
      this.inflight = undefined;
    });
    return abortable(this.inflight, call);
  }

  /** Compare-and-clear after the agency refused `token`. */
  invalidate(token: string): void {
    if (this.current?.value === token) this.current = undefined;
  }

  /** A signed client assertion, fresh each time. */
  async assertion(): Promise<string> {
    const { clientId, privateKey, keyId, tokenUrl } = this.options;
    const iat = Math.floor(this.now() / 1000);
    this.assertionsSigned += 1;
    return new SignJWT({})
      .setProtectedHeader(
        keyId ? { alg: 'RS256', typ: 'JWT', kid: keyId } : { alg: 'RS256', typ: 'JWT' },
      )
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(tokenUrl)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(iat + (this.options.assertionSeconds ?? 60))
      .sign(privateKey);
  }

  private async fetch(trigger: CallContext): Promise<string> {
    const { upstream, timeoutMs } = this.options;
    const call: CallContext = { ...trigger, signal: AbortSignal.timeout(timeoutMs), timeoutMs };
    const requestedAt = this.now();
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: await this.assertion(),
    });
    const response = await upstream.request(call, {
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      data: form.toString(),
    });
    if (response.status !== 200) throw this.refusal(response.status, response.data);
    const token = upstream.parse(
      tokenResponse,
      upstream.json(response.data, 'token response'),
      'token response',
    );
    const lifetime = token.expires_in * 1000;
    const margin = Math.min(this.options.refreshMarginMs ?? 30_000, lifetime / 2);
    this.current = { value: token.access_token, refreshAt: requestedAt + lifetime - margin };
    return token.access_token;
  }

  private refusal(status: number, body: string) {
    let code = 'no OAuth error';
    try {
      const parsed = oauthError.safeParse(JSON.parse(body));
      if (parsed.success && /^[a-z_]{1,40}$/.test(parsed.data.error)) code = parsed.data.error;
    } catch {
      // Not JSON: the status says enough.
    }
    // invalid_client: our key or client id is not what Disnaker registered: an operator's fix.
    return upstreamUnavailable(
      this.options.upstream.connector,
      `token request refused: HTTP ${status} (${code}; client assertion refused)`,
      status === 429,
    );
  }
}

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
