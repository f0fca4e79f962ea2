import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import { upstreamBadResponse, upstreamUnavailable } from '../../errors';
import type { CallContext, Upstream } from '../core/types';
import {
  failedEnvelope,
  NOT_FOUND_MESSAGE,
  registrationResponse,
  shipmentListResponse,
  shipmentResponse,
  type RegistrationItem,
  type ShipmentItem,
} from './payloads';
import type { CeisaSession } from './session';

/** The most recipient NIKs one shipment search takes (our design of the API, see the mock README). */
export const MAX_RECIPIENTS_PER_SEARCH = 50;

/**
 * Native calls to Bea Cukai's read APIs. Every call carries the CEISA access token; a 401
 * means it died between our check and the agency's (clock skew, a CEISA restart), so the
 * client renews it once and repeats the call once: a request never fails for that reason.
 * "Data Tidak Ditemukan" is a value (null); any other `"Failed"` answer is an error.
 */
export class BeaCukaiClient {
  constructor(
    private readonly upstream: Upstream,
    private readonly session: CeisaSession,
  ) {}

  /** A personal shipment by (validated) air waybill or postal item number; null when unknown. */
  async shipment(number: string, call: CallContext): Promise<ShipmentItem | null> {
    const what = 'barang kiriman';
    const body = await this.get(
      call,
      `/openapi/barang-kiriman?nomorBarang=${encodeURIComponent(number)}`,
      what,
    );
    if (body === null) return null;
    const item = this.upstream.parse(shipmentResponse, body, `${what} response`).item;
    if (item.nomorBarang !== number)
      throw upstreamBadResponse(this.upstream.connector, `${what} answered for another number`);
    return item;
  }

  /** Shipments addressed to any of `niks` (at most MAX_RECIPIENTS_PER_SEARCH). */
  async shipmentsByRecipient(niks: readonly string[], call: CallContext): Promise<ShipmentItem[]> {
    if (niks.length === 0) return [];
    if (niks.length > MAX_RECIPIENTS_PER_SEARCH)
      throw new RangeError(`recipient search takes at most ${MAX_RECIPIENTS_PER_SEARCH} NIKs`);
    const what = 'barang kiriman search';
    const response = await this.authorized(call, {
      method: 'POST',
      url: '/openapi/barang-kiriman/penerima',
      headers: { 'content-type': 'application/json' },
      data: JSON.stringify({ nik: niks }),
    });
    const body = this.body(response, what);
    if (body === null) return [];
    const items = this.upstream.parse(shipmentListResponse, body, `${what} response`).item;
    if (items.some((i) => !niks.includes(i.nikPenerima)))
      throw upstreamBadResponse(this.upstream.connector, `${what} answered for another NIK`);
    return items;
  }

  /** A business's registration by NIB or NPWP (16 digits); null when CEISA does not know it. */
  async registration(
    by: 'nib' | 'npwp',
    value: string,
    call: CallContext,
  ): Promise<RegistrationItem | null> {
    const what = 'registrasi';
    const body = await this.get(
      call,
      `/openapi/registrasi?${by}=${encodeURIComponent(value)}`,
      what,
    );
    if (body === null) return null;
    const item = this.upstream.parse(registrationResponse, body, `${what} response`).item;
    if (item[by] !== value)
      throw upstreamBadResponse(this.upstream.connector, `${what} answered for another ${by}`);
    return item;
  }

  /** The parsed body of a success envelope, or null for "Data Tidak Ditemukan". */
  private async get(call: CallContext, url: string, what: string): Promise<unknown> {
    return this.body(await this.authorized(call, { method: 'GET', url }), what);
  }

  private body(response: AxiosResponse<string>, what: string): unknown {
    if (response.status !== 200) {
      // 429 passes with time; 400 means our request is wrong.
      throw upstreamUnavailable(
        this.upstream.connector,
        `${what}: HTTP ${response.status}`,
        response.status === 429,
      );
    }
    const body = this.upstream.json(response.data, `${what} response`);
    const failed = failedEnvelope.safeParse(body);
    if (failed.success) {
      if (failed.data.message.trim().toLowerCase() === NOT_FOUND_MESSAGE.toLowerCase()) return null;
      // The message is the agency's text; it may quote what we asked for: not logged.
      throw upstreamUnavailable(this.upstream.connector, `${what}: status Failed`);
    }
    return body;
  }

  private async authorized(
    call: CallContext,
    config: AxiosRequestConfig,
  ): Promise<AxiosResponse<string>> {
    const token = await this.session.token(call);
    const first = await this.send(call, config, token);
    if (first.status !== 401) return first;
    // Expired between our check and CEISA's: renew once (shared with every call that saw the
    // same 401) and repeat once. A fresh token refused again is not a staleness problem.
    this.session.invalidate(token);
    const fresh = await this.session.token(call);
    const second = await this.send(call, config, fresh);
    if (second.status === 401)
      throw upstreamUnavailable(this.upstream.connector, 'fresh access token refused (HTTP 401)');
    return second;
  }

  private send(call: CallContext, config: AxiosRequestConfig, token: string) {
    return this.upstream.request(call, {
      ...config,
      headers: { ...config.headers, accept: 'application/json', authorization: `Bearer ${token}` },
    });
  }
}
