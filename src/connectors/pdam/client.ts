import type { AxiosResponse } from 'axios';
import { upstreamBadResponse, upstreamUnavailable } from '../../errors';
import type { CallContext, Upstream } from '../core/types';
import {
  envelopeSchema,
  inquiryDataSchema,
  paidUpDataSchema,
  pelangganListSchema,
  RC,
  type InquiryData,
  type Pelanggan,
} from './payloads';

/** The most NIKs the customers-by-NIK endpoint takes in one call. */
export const MAX_NIKS_PER_CALL = 50;

/**
 * Native calls to PDAM Tirta Keumuning's billing API (REST/JSON, API key in `X-Api-Key`).
 * Returns validated native payloads; result codes are interpreted here, once:
 * rc 00 → data, rc 14 → not found, rc 88 → paid up, anything else → the agency failed.
 */
export class PdamClient {
  constructor(
    private readonly upstream: Upstream,
    private readonly apiKey: string,
  ) {}

  /** Bill inquiry for one customer number; `null` when PDAM does not know it. */
  async inquiry(customerNumber: string, call: CallContext): Promise<InquiryData | null> {
    const response = await this.get(call, `/api/v1/inquiry/${encodeURIComponent(customerNumber)}`);
    const envelope = this.envelope(response, 'inquiry');
    let data: InquiryData;
    switch (envelope.rc) {
      case RC.ok:
        data = this.upstream.parse(inquiryDataSchema, envelope.data, 'inquiry data');
        break;
      case RC.paidUp:
        data = this.upstream.parse(paidUpDataSchema, envelope.data, 'inquiry data (rc 88)');
        break;
      case RC.notFound:
        return null;
      default:
        throw this.rejected('inquiry', envelope.rc);
    }
    // Never show one customer another customer's bills, whatever the agency's routing did.
    if (data.nosamb !== customerNumber) {
      throw upstreamBadResponse(
        this.upstream.connector,
        'inquiry answered for another customer number',
      );
    }
    return data;
  }

  /** Connections owned by any of `niks` (at most MAX_NIKS_PER_CALL), in one call. */
  async customersByNik(niks: readonly string[], call: CallContext): Promise<Pelanggan[]> {
    if (niks.length === 0) return [];
    if (niks.length > MAX_NIKS_PER_CALL) {
      // A programming error (the entity policy caps batches), never the agency's fault.
      throw new RangeError(`pelanggan takes at most ${MAX_NIKS_PER_CALL} NIKs per call`);
    }
    const params = new URLSearchParams(niks.map((nik): [string, string] => ['nik', nik]));
    const response = await this.get(call, `/api/v1/pelanggan?${params.toString()}`);
    const envelope = this.envelope(response, 'pelanggan');
    switch (envelope.rc) {
      case RC.ok:
        // An empty result is sometimes `data: null` rather than `[]`.
        return this.upstream.parse(pelangganListSchema, envelope.data ?? [], 'pelanggan data');
      case RC.notFound:
        return [];
      default:
        throw this.rejected('pelanggan', envelope.rc);
    }
  }

  private get(call: CallContext, url: string): Promise<AxiosResponse<string>> {
    return this.upstream.request(call, {
      method: 'GET',
      url,
      headers: { 'X-Api-Key': this.apiKey, Accept: 'application/json' },
    });
  }

  /** Status and envelope checks shared by every endpoint. */
  private envelope(response: AxiosResponse<string>, what: string) {
    if (response.status === 401 || response.status === 403) {
      // Our key is wrong or revoked: nothing a retry or the caller can fix.
      throw upstreamUnavailable(
        this.upstream.connector,
        `${what}: HTTP ${response.status} (API key refused)`,
      );
    }
    if (response.status !== 200) {
      throw upstreamUnavailable(this.upstream.connector, `${what}: HTTP ${response.status}`);
    }
    const body = this.upstream.json(response.data, `${what} response`);
    return this.upstream.parse(envelopeSchema, body, `${what} envelope`);
  }

  private rejected(what: string, rc: string) {
    // The rc goes to logs via `detail`; the message PDAM sent may echo the customer's data.
    return upstreamUnavailable(this.upstream.connector, `${what}: rc ${rc.slice(0, 8)}`);
  }
}
