import { randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { oauthRefusal, tokenResponse } from '../core/oauth';
import { DEFAULT_REFRESH_MARGIN_MS, renewAt, TokenRenewal } from '../core/token-renewal';
import type { CallContext, Upstream } from '../core/types';

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
  private readonly renewal: TokenRenewal;
  private readonly now: () => number;
  /** Assertions signed so far (each with its own jti). */
  assertionsSigned = 0;

  constructor(private readonly options: AssertionTokenSourceOptions) {
    this.now = options.now ?? Date.now;
    this.renewal = new TokenRenewal({
      timeoutMs: options.timeoutMs,
      what: 'an access token',
      renew: (call) => this.fetch(call),
    });
  }

  get(call: CallContext): Promise<string> {
    const c = this.current;
    if (c && this.now() < c.refreshAt) return Promise.resolve(c.value);
    return this.renewal.join(call);
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

  private async fetch(call: CallContext): Promise<string> {
    const { upstream } = this.options;
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
    // invalid_client: our key or client id is not what Disnaker registered: an operator's fix.
    if (response.status !== 200)
      throw oauthRefusal(
        upstream.connector,
        response.status,
        response.data,
        'client assertion refused',
      );
    const token = upstream.parse(
      tokenResponse,
      upstream.json(response.data, 'token response'),
      'token response',
    );
    const margin = this.options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    this.current = {
      value: token.access_token,
      refreshAt: renewAt(requestedAt, token.expires_in * 1000, margin),
    };
    return token.access_token;
  }
}
