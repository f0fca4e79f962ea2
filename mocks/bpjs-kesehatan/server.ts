import { MOCK_CREDENTIALS } from '../credentials';
import { MockAgency, type MockRequest, type MockResponse, type MockRoute } from '../core/server';
import type { Dataset, HealthMembership } from '../data/dataset';
import {
  compressVClaimPayload,
  decryptKeyOf,
  encryptCompressed,
  signatureMatches,
  vclaimSignature,
} from '../../src/connectors/bpjs-kesehatan/vclaim-crypto';
import { PROVINCES, toPeserta } from './participant';

/**
 * BPJS Kesehatan VClaim v2 mock (see README.md): signed requests, encrypted and LZ-compressed
 * responses, every answer (errors included) an HTTP 200 with a `metaData` envelope.
 */

export interface BpjsKesehatanMockOptions {
  port?: number;
  /** Server clock in epoch ms (tests move it to exercise the timestamp window); default Date.now. */
  now?: () => number;
}

/** How far `X-timestamp` may be from the server clock, in seconds. */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;
const SERVICE = '/vclaim-rest';
const CREDENTIALS = MOCK_CREDENTIALS['bpjs-kesehatan'];

const JAKARTA_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Jakarta',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const meta = (code: string, message: string): MockResponse => ({
  body: { metaData: { code, message }, response: null },
});

/** A 32-byte ciphertext under no key anyone holds: the "malformed" fault. */
const UNDECRYPTABLE =
  '{"metaData":{"code":"200","message":"OK"},"response":"q83vEjRWeJBEM0QzRDNEM0QzRDNEM0QzRDNEM0QzRDM="}';

function header(req: MockRequest, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const isIsoDate = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export function createBpjsKesehatanMock(
  dataset: Dataset,
  options: BpjsKesehatanMockOptions = {},
): MockAgency {
  const now = options.now ?? Date.now;

  /**
   * LZ compression depends only on the payload, not on the caller's key, so it is memoised per
   * card and day; only the (cheap) AES step runs per request. Bounded so a long benchmark over
   * many days cannot grow it without limit.
   */
  const compressed = new Map<string, string>();
  const compressedPeserta = (card: HealthMembership, tglSep: string, today: string): string => {
    const key = `${card.cardNumber}|${tglSep}|${today}`;
    let value = compressed.get(key);
    if (value === undefined) {
      if (compressed.size >= 50_000) compressed.clear();
      const json = JSON.stringify(toPeserta(card, dataset.byNik.get(card.nik), tglSep, today));
      value = compressVClaimPayload(json);
      compressed.set(key, value);
    }
    return value;
  };
  const compressedProvinces = compressVClaimPayload(JSON.stringify({ list: PROVINCES }));

  /** The auth checks of the VClaim API gateway; returns the refusal, or the request timestamp. */
  const authenticate = (req: MockRequest): { refusal: MockResponse } | { timestamp: string } => {
    const consId = header(req, 'x-cons-id');
    const timestamp = header(req, 'x-timestamp');
    const signature = header(req, 'x-signature');
    const userKey = header(req, 'user_key');
    if (!consId || !timestamp || !signature || !userKey) {
      return {
        refusal: meta('401', 'Header X-cons-id, X-timestamp, X-signature dan user_key wajib diisi'),
      };
    }
    if (consId !== CREDENTIALS.consId) return { refusal: meta('401', 'Cons ID tidak terdaftar') };
    if (userKey !== CREDENTIALS.userKey) return { refusal: meta('403', 'user_key tidak valid') };
    const skew = Math.abs(Number(timestamp) - now() / 1000);
    if (!/^\d{10}$/.test(timestamp) || skew > TIMESTAMP_TOLERANCE_SECONDS) {
      return { refusal: meta('401', 'X-timestamp tidak valid atau kedaluwarsa') };
    }
    if (!signatureMatches(vclaimSignature(consId, CREDENTIALS.secretKey, timestamp), signature)) {
      return { refusal: meta('401', 'Signature tidak valid') };
    }
    return { timestamp };
  };

  const encrypted = (compressedPayload: string, timestamp: string): MockResponse => ({
    body: {
      metaData: { code: '200', message: 'OK' },
      response: encryptCompressed(
        compressedPayload,
        decryptKeyOf({ consId: CREDENTIALS.consId, secretKey: CREDENTIALS.secretKey, timestamp }),
      ),
    },
  });

  const peserta =
    (idFormat: RegExp, badIdMessage: string, find: (id: string) => HealthMembership | undefined) =>
    (req: MockRequest): MockResponse => {
      const auth = authenticate(req);
      if ('refusal' in auth) return auth.refusal;
      const id = req.params['id'] ?? '';
      const tglSep = req.params['tglSep'] ?? '';
      if (!idFormat.test(id)) return meta('201', badIdMessage);
      if (!isIsoDate(tglSep)) return meta('201', 'Format Tanggal SEP tidak sesuai (yyyy-MM-dd)');
      const card = find(id);
      if (!card) return meta('201', 'Peserta Tidak Ditemukan');
      return encrypted(compressedPeserta(card, tglSep, JAKARTA_DATE.format(now())), auth.timestamp);
    };

  const routes: MockRoute[] = [
    {
      endpoint: 'peserta-nik',
      method: 'GET',
      path: new RegExp(`^${SERVICE}/Peserta/nik/(?<id>[^/]+)/tglSEP/(?<tglSep>[^/]+)$`),
      handle: peserta(/^\d{16}$/, 'NIK Tidak Sesuai', (nik) => dataset.healthByNik.get(nik)),
    },
    {
      endpoint: 'peserta-nokartu',
      method: 'GET',
      path: new RegExp(`^${SERVICE}/Peserta/nokartu/(?<id>[^/]+)/tglSEP/(?<tglSep>[^/]+)$`),
      handle: peserta(/^\d{13}$/, 'No.Kartu Tidak Sesuai', (card) => dataset.health.get(card)),
    },
    {
      endpoint: 'referensi-propinsi',
      method: 'GET',
      path: new RegExp(`^${SERVICE}/referensi/propinsi$`),
      handle: (req) => {
        const auth = authenticate(req);
        return 'refusal' in auth ? auth.refusal : encrypted(compressedProvinces, auth.timestamp);
      },
    },
  ];

  return new MockAgency({
    key: 'bpjs-kesehatan',
    routes,
    port: options.port,
    malformedBody: UNDECRYPTABLE,
  });
}
