import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import { upstreamBadResponse, upstreamUnavailable } from '../../errors';
import type { CallContext, Upstream } from '../core/types';
import { notFoundResponse, pesertaResponse, pesertaSearchResponse, type Peserta } from './payloads';
import type { AccessTokenSource } from './token';

/** The API's limit on NIKs in one search request. */
export const MAX_NIKS_PER_SEARCH = 50;

/**
 * Native calls to the BPJS Ketenagakerjaan member API. Every call carries a Bearer token;
 * a 401 means the token went stale (expiry, a restart of the authorisation server), so the
 * client refreshes it once and repeats the call once.
 */
export class BpjsKetenagakerjaanClient {
  constructor(
    private readonly upstream: Upstream,
    private readonly tokens: AccessTokenSource,
  ) {}

  /** `GET /api/v1/peserta/{kpj}`: the member, or null when the agency has no such KPJ. */
  async pesertaByKpj(kpj: string, call: CallContext): Promise<Peserta | null> {
    const response = await this.authorized(call, {
      method: 'GET',
      url: `/api/v1/peserta/${encodeURIComponent(kpj)}`,
    });
    if (response.status === 404) return this.notFound(response);
    if (response.status !== 200) throw this.unexpected(response.status);
    const what = 'peserta response';
    const body = this.upstream.parse(
      pesertaResponse,
      this.upstream.json(response.data, what),
      what,
    );
    if (body.data.kpj !== kpj) {
      throw upstreamBadResponse(this.upstream.connector, 'peserta response is for another KPJ');
    }
    return body.data;
  }

  /**
   * `POST /api/v1/peserta/search`: the members among `niks` (at most 50); NIKs without a
   * membership are simply absent from the answer.
   */
  async searchByNik(niks: readonly string[], call: CallContext): Promise<Peserta[]> {
    if (niks.length > MAX_NIKS_PER_SEARCH) {
      // A programming error on our side (the entity policy caps batches), not an agency fault.
      throw new RangeError(`peserta search takes at most ${MAX_NIKS_PER_SEARCH} NIKs`);
    }
    const response = await this.authorized(call, {
      method: 'POST',
      url: '/api/v1/peserta/search',
      headers: { 'content-type': 'application/json' },
      data: JSON.stringify({ nik: niks }),
    });
    if (response.status !== 200) throw this.unexpected(response.status);
    const what = 'peserta search response';
    return this.upstream.parse(pesertaSearchResponse, this.upstream.json(response.data, what), what)
      .data;
  }

  private async authorized(
    call: CallContext,
    config: AxiosRequestConfig,
  ): Promise<AxiosResponse<string>> {
    const token = await this.tokens.get(call);
    const first = await this.send(call, config, token);
    if (first.status !== 401) return first;

    // Refresh once and retry once; a fresh token refused again is not a staleness problem.
    this.tokens.invalidate(token);
    const fresh = await this.tokens.get(call);
    const second = await this.send(call, config, fresh);
    if (second.status === 401) {
      throw upstreamUnavailable(this.upstream.connector, 'fresh access token refused (HTTP 401)');
    }
    return second;
  }

  private send(call: CallContext, config: AxiosRequestConfig, token: string) {
    return this.upstream.request(call, {
      ...config,
      headers: { ...config.headers, accept: 'application/json', authorization: `Bearer ${token}` },
    });
  }

  /**
   * A 404 is "no such member" only with the API's own NOT_FOUND body; a 404 from a wrong base
   * URL or a proxy must not turn into a silent null.
   */
  private notFound(response: AxiosResponse<string>): null {
    let body: unknown;
    try {
      body = JSON.parse(response.data);
    } catch {
      body = undefined;
    }
    if (!notFoundResponse.safeParse(body).success) {
      throw upstreamBadResponse(this.upstream.connector, 'HTTP 404 without the API NOT_FOUND body');
    }
    return null;
  }

  private unexpected(status: number) {
    // 429 clears with time; 400/403 mean our request or our grant is wrong and need a fix.
    return upstreamUnavailable(this.upstream.connector, `HTTP ${status}`, status === 429);
  }
}
