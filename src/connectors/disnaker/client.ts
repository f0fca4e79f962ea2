import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import { upstreamBadResponse, upstreamUnavailable } from '../../errors';
import type { CallContext, Upstream } from '../core/types';
import type { AssertionTokenSource } from './assertion-token';
import {
  apiError,
  laporanResponse,
  permohonan,
  searchResponse,
  type Kartu,
  type LaporanResponse,
  type Permohonan,
} from './payloads';

/** The API's limit on NIKs in one card search. */
export const MAX_NIKS_PER_SEARCH = 50;

/** A write the office refused, with its code (safe to log) and its message (for the officer). */
export class DisnakerRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly officeMessage: string,
  ) {
    super(`disnaker refused the write: ${code}`);
    this.name = 'DisnakerRefusal';
  }
}

/**
 * Native calls to Disnaker's AK/1 API. Every call carries a Bearer token; a 401 means the
 * office refused the token before doing anything, so the client renews it once and sends the
 * same request once more: safe for writes too, because nothing was processed and the request
 * carries the same Idempotency-Key. No other failure is repeated here, and writes never go
 * through the pipeline's retry (see writes.ts).
 */
export class DisnakerClient {
  constructor(
    private readonly upstream: Upstream,
    private readonly tokens: AssertionTokenSource,
  ) {}

  get connector(): string {
    return this.upstream.connector;
  }

  /** Cards of any of `niks` (at most 50); NIKs without a card are absent from the answer. */
  async cardsByNik(niks: readonly string[], call: CallContext): Promise<Kartu[]> {
    if (niks.length > MAX_NIKS_PER_SEARCH)
      throw new RangeError(`AK/1 search takes at most ${MAX_NIKS_PER_SEARCH} NIKs`);
    const response = await this.authorized(call, {
      method: 'POST',
      url: '/api/v1/ak1/search',
      headers: { 'content-type': 'application/json' },
      data: JSON.stringify({ nik: niks }),
    });
    if (response.status !== 200) throw this.unexpected('ak1 search', response.status);
    const what = 'ak1 search response';
    const cards = this.upstream.parse(
      searchResponse,
      this.upstream.json(response.data, what),
      what,
    ).data;
    if (cards.some((c) => !niks.includes(c.nik)))
      throw upstreamBadResponse(this.connector, 'ak1 search answered for another NIK');
    return cards;
  }

  /** An application by number; null when the office does not know it. */
  async application(nomor: string, call: CallContext): Promise<Permohonan | null> {
    const response = await this.authorized(call, {
      method: 'GET',
      url: `/api/v1/permohonan/${encodeURIComponent(nomor)}`,
    });
    if (response.status === 404 && this.errorCode(response) === 'NOT_FOUND') return null;
    if (response.status !== 200) throw this.unexpected('permohonan', response.status);
    const p = this.upstream.parse(
      permohonan,
      this.upstream.json(response.data, 'permohonan'),
      'permohonan',
    );
    if (p.nomorPermohonan !== nomor)
      throw upstreamBadResponse(this.connector, 'permohonan answered for another number');
    return p;
  }

  /** Submits an AK/1 application once per `idempotencyKey` (the office dedupes by it). */
  async apply(body: string, idempotencyKey: string, call: CallContext): Promise<Permohonan> {
    const response = await this.write(call, '/api/v1/permohonan', body, idempotencyKey);
    return this.upstream.parse(
      permohonan,
      this.upstream.json(response.data, 'permohonan'),
      'permohonan',
    );
  }

  /** Files a six-monthly report on card `nomorAk1`, once per `idempotencyKey`. */
  async report(
    nomorAk1: string,
    body: string,
    idempotencyKey: string,
    call: CallContext,
  ): Promise<LaporanResponse> {
    const response = await this.write(
      call,
      `/api/v1/ak1/${encodeURIComponent(nomorAk1)}/laporan`,
      body,
      idempotencyKey,
    );
    const what = 'laporan response';
    const r = this.upstream.parse(laporanResponse, this.upstream.json(response.data, what), what);
    if (r.nomorAk1 !== nomorAk1)
      throw upstreamBadResponse(this.connector, 'laporan answered for another card');
    return r;
  }

  /** 200/201 → the response; the office's 4xx refusals → DisnakerRefusal; the rest → errors. */
  private async write(
    call: CallContext,
    url: string,
    body: string,
    idempotencyKey: string,
  ): Promise<AxiosResponse<string>> {
    const response = await this.authorized(call, {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      data: body,
    });
    if (response.status === 200 || response.status === 201) return response;
    const code = this.errorCode(response);
    if (code && response.status >= 400 && response.status < 500 && response.status !== 429) {
      const parsed = apiError.parse(JSON.parse(response.data));
      throw new DisnakerRefusal(response.status, code, parsed.pesan);
    }
    throw this.unexpected('write', response.status);
  }

  private errorCode(response: AxiosResponse<string>): string | undefined {
    try {
      const parsed = apiError.safeParse(JSON.parse(response.data));
      return parsed.success ? parsed.data.kode : undefined;
    } catch {
      return undefined;
    }
  }

  private async authorized(
    call: CallContext,
    config: AxiosRequestConfig,
  ): Promise<AxiosResponse<string>> {
    const token = await this.tokens.get(call);
    const first = await this.send(call, config, token);
    if (first.status !== 401) return first;
    this.tokens.invalidate(token);
    const fresh = await this.tokens.get(call);
    const second = await this.send(call, config, fresh);
    if (second.status === 401)
      throw upstreamUnavailable(this.connector, 'fresh access token refused (HTTP 401)');
    return second;
  }

  private send(call: CallContext, config: AxiosRequestConfig, token: string) {
    return this.upstream.request(call, {
      ...config,
      headers: { ...config.headers, accept: 'application/json', authorization: `Bearer ${token}` },
    });
  }

  private unexpected(what: string, status: number) {
    return upstreamUnavailable(this.connector, `${what}: HTTP ${status}`, status === 429);
  }
}
