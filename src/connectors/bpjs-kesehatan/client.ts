import { upstreamBadResponse, upstreamUnavailable } from '../../errors';
import type { CallContext, Upstream } from '../core/types';
import {
  envelopeSchema,
  participantResponseSchema,
  provinceListSchema,
  type VClaimParticipant,
} from './payloads';
import {
  decryptKeyOf,
  decryptVClaimResponse,
  vclaimSignature,
  VClaimDecryptError,
} from './vclaim-crypto';

export interface VClaimClientOptions {
  consId: string;
  secretKey: string;
  userKey: string;
  /** Service path under the base URL: "/vclaim-rest" in production, "/vclaim-rest-dev" on BPJS's dev host. */
  servicePath: string;
  /** Clock for `X-timestamp` and `tglSEP` (tests skew it); default Date.now. */
  now?: () => number;
}

/**
 * VClaim answers business errors with metaData code "201" and a message. Those about the
 * participant or the identifier ("Peserta Tidak Ditemukan", "No.Kartu Tidak Sesuai", "NIK
 * Tidak Sesuai") mean the agency has no such member. Any other 201 (e.g. a rejected tglSEP)
 * means our request was wrong: reporting it as "not insured" would be a silent lie.
 */
const NOT_FOUND_MESSAGE = /peserta|kartu|nik/i;

// Asia/Jakarta has no DST; the formatter is immutable and safe to share.
const JAKARTA_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Jakarta',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Jakarta (YYYY-MM-DD) at `epochMs`: VClaim's tglSEP is a local date. */
export function jakartaDate(epochMs: number): string {
  return JAKARTA_DATE.format(new Date(epochMs));
}

type VClaimAnswer = { found: true; data: unknown } | { found: false };

/** Agency messages can echo the identifier we sent; keep long digit runs out of logs. */
const redactDigits = (s: string) => s.replace(/\d{6,}/g, '[redacted]').slice(0, 120);

/**
 * The native VClaim calls. Every request is signed with a fresh timestamp, and that same
 * timestamp is the one the response is encrypted under.
 */
export class VClaimClient {
  private readonly now: () => number;

  constructor(
    private readonly upstream: Upstream,
    private readonly options: VClaimClientOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** `GET /Peserta/nik/{nik}/tglSEP/{today}`; null when VClaim knows no such participant. */
  participantByNik(nik: string, call: CallContext): Promise<VClaimParticipant | null> {
    return this.participant('nik', nik, call);
  }

  /** `GET /Peserta/nokartu/{noKartu}/tglSEP/{today}`; null when VClaim knows no such card. */
  participantByCard(cardNumber: string, call: CallContext): Promise<VClaimParticipant | null> {
    return this.participant('nokartu', cardNumber, call);
  }

  /** `GET /referensi/propinsi`: the cheapest signed and encrypted call, used as health probe. */
  async provinces(call: CallContext): Promise<Array<{ kode: string; nama: string }>> {
    const what = 'VClaim province list';
    const answer = await this.get(call, '/referensi/propinsi', what);
    if (!answer.found) throw upstreamBadResponse(this.upstream.connector, `${what}: no data`);
    return this.upstream.parse(provinceListSchema, answer.data, what).list;
  }

  private async participant(
    by: 'nik' | 'nokartu',
    id: string,
    call: CallContext,
  ): Promise<VClaimParticipant | null> {
    const tglSep = jakartaDate(this.now());
    const path = `/Peserta/${by}/${encodeURIComponent(id)}/tglSEP/${tglSep}`;
    const what = `VClaim participant by ${by}`;
    const answer = await this.get(call, path, what);
    return answer.found
      ? this.upstream.parse(participantResponseSchema, answer.data, what).peserta
      : null;
  }

  /**
   * One signed GET. Returns the decrypted JSON body, or `found: false` for a not-found
   * business answer; throws an UpstreamError for everything else.
   */
  private async get(call: CallContext, path: string, what: string): Promise<VClaimAnswer> {
    const { consId, secretKey, userKey, servicePath } = this.options;
    const timestamp = String(Math.floor(this.now() / 1000));
    const response = await this.upstream.request(call, {
      method: 'GET',
      url: `${servicePath}${path}`,
      headers: {
        'X-cons-id': consId,
        'X-timestamp': timestamp,
        'X-signature': vclaimSignature(consId, secretKey, timestamp),
        user_key: userKey,
        Accept: 'application/json',
      },
    });
    const connector = this.upstream.connector;
    // VClaim reports its own errors inside HTTP 200; any other status is its API gateway
    // (unknown path, blocked client) and says the service is not usable for us.
    if (response.status !== 200) throw upstreamUnavailable(connector, `HTTP ${response.status}`);

    const envelope = this.upstream.parse(
      envelopeSchema,
      this.upstream.json(response.data, what),
      what,
    );
    const { code, message } = envelope.metaData;
    if (code === '201') {
      if (message && NOT_FOUND_MESSAGE.test(message)) return { found: false };
      throw upstreamBadResponse(
        connector,
        `${what}: business error 201 (${redactDigits(message ?? '')})`,
      );
    }
    if (code !== '200') {
      // 401/403: our credentials, signature or clock were refused. Codes in the 5xx range are
      // VClaim's own failures behind an HTTP 200 and may pass on a later attempt.
      throw upstreamUnavailable(
        connector,
        `${what}: metaData ${code} (${redactDigits(message ?? '')})`,
        code.startsWith('5'),
      );
    }
    if (!envelope.response)
      throw upstreamBadResponse(connector, `${what}: code 200 without a response`);

    let json: string;
    try {
      json = decryptVClaimResponse(
        envelope.response,
        decryptKeyOf({ consId, secretKey, timestamp }),
      );
    } catch (err) {
      if (err instanceof VClaimDecryptError)
        throw upstreamBadResponse(connector, `${what}: ${err.message}`);
      throw err;
    }
    return { found: true, data: this.upstream.json(json, `${what} (decrypted)`) };
  }
}
