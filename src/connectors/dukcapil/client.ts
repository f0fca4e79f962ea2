import { upstreamBadResponse, upstreamUnavailable } from '../../errors';
import type { CallContext, Upstream } from '../core/types';
import {
  DUKCAPIL_ENDPOINTS,
  envelopeSchema,
  errorRecordSchema,
  personSchema,
  type DukcapilCredentialBody,
  type DukcapilEndpoint,
  type DukcapilPerson,
} from './payloads';

export interface DukcapilClientOptions {
  /** The consumer name Dukcapil registered for this agreement: a path segment of every call. */
  consumer: string;
  userId: string;
  password: string;
  /** The caller IP Dukcapil allow-listed for this agreement, echoed in every request body. */
  ipUser: string;
}

/**
 * The two native calls of Dukcapil's data-access service. Each returns validated native
 * records (an empty list when Dukcapil says "Data Tidak Ditemukan") or throws an UpstreamError.
 * Error messages and details never carry the NIK or KK number asked for.
 */
export class DukcapilClient {
  private readonly credentials: DukcapilCredentialBody;
  private readonly basePath: string;

  constructor(
    private readonly upstream: Upstream,
    options: DukcapilClientOptions,
  ) {
    this.credentials = {
      user_id: options.userId,
      password: options.password,
      ip_user: options.ipUser,
    };
    this.basePath = `/dukcapil/get_json/${encodeURIComponent(options.consumer)}`;
  }

  /** CALL_NIK: the person registered under `nik`, or null. */
  async findByNik(call: CallContext, nik: string): Promise<DukcapilPerson | null> {
    const records = await this.post(call, DUKCAPIL_ENDPOINTS.byNik, { nik });
    if (records.length === 0) return null;
    // An answer about someone else must never be served as this NIK's record.
    if (records.length !== 1 || records[0]?.NIK !== nik) {
      throw upstreamBadResponse(
        this.upstream.connector,
        'CALL_NIK answered with a record of another NIK',
      );
    }
    return records[0];
  }

  /** CALL_KK: everyone on family card `kk` in the registry's order (empty when unknown). */
  async findByKk(call: CallContext, kk: string): Promise<DukcapilPerson[]> {
    const records = await this.post(call, DUKCAPIL_ENDPOINTS.byKk, { no_kk: kk });
    if (records.some((r) => r.NO_KK !== kk)) {
      throw upstreamBadResponse(
        this.upstream.connector,
        'CALL_KK answered with members of another card',
      );
    }
    return records;
  }

  private async post(
    call: CallContext,
    endpoint: DukcapilEndpoint,
    query: { nik: string } | { no_kk: string },
  ): Promise<DukcapilPerson[]> {
    const response = await this.upstream.request(call, {
      method: 'POST',
      url: `${this.basePath}/${endpoint}`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      data: JSON.stringify({ ...query, ...this.credentials }),
    });
    // Dukcapil answers everything it understands with 200; anything else (an unknown consumer's
    // 404, a gateway's 401/403) means this connector cannot use the service as configured.
    if (response.status !== 200) {
      throw upstreamUnavailable(this.upstream.connector, `${endpoint} HTTP ${response.status}`);
    }
    const what = `${endpoint} response`;
    const envelope = this.upstream.parse(
      envelopeSchema,
      this.upstream.json(response.data, what),
      what,
    );
    if (envelope.lastPage === false) {
      // The service offers no way to ask for the next page: a partial family must not pass as whole.
      throw upstreamBadResponse(this.upstream.connector, `${what} is only the first page`);
    }
    if (
      envelope.numberOfElements !== undefined &&
      envelope.numberOfElements !== envelope.content.length
    ) {
      throw upstreamBadResponse(
        this.upstream.connector,
        `${what} numberOfElements disagrees with content`,
      );
    }
    const [first] = envelope.content;
    if (first === undefined) return [];
    if (!('NIK' in first) && 'RESPON' in first) {
      const { RESPON } = this.upstream.parse(errorRecordSchema, first, what);
      return this.refusal(endpoint, RESPON);
    }
    return envelope.content.map((record) => this.upstream.parse(personSchema, record, what));
  }

  /** Interprets a RESPON error record: "not found" is an answer; the rest are failures. */
  private refusal(endpoint: DukcapilEndpoint, respon: string): DukcapilPerson[] {
    const connector = this.upstream.connector;
    switch (normaliseRespon(respon)) {
      case 'DATA TIDAK DITEMUKAN':
        return [];
      case 'LOGIN GAGAL':
        throw upstreamUnavailable(connector, `${endpoint} refused our credentials (Login Gagal)`);
      case 'IP ADDRESS TIDAK SESUAI':
        throw upstreamUnavailable(
          connector,
          `${endpoint} refused our ip_user (IP Address Tidak Sesuai)`,
        );
      default:
        // The text is not echoed: an unknown message might quote the request.
        throw upstreamBadResponse(connector, `${endpoint} answered with an unrecognised RESPON`);
    }
  }
}

/** RESPON is a human-written message, not a code: compare it ignoring case, spacing and a final full stop. */
function normaliseRespon(respon: string): string {
  return respon
    .trim()
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ')
    .toUpperCase();
}
