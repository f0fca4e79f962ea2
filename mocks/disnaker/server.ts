import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';
import { MockAgency, type MockRequest, type MockResponse, type MockRoute } from '../core/server';
import { DATA_AS_OF, type Dataset } from '../data/dataset';
import {
  addMonths,
  type MockReport,
  buildDisnakerData,
  cardNumber,
  JENJANG,
  type DisnakerData,
  type MockCard,
  type MockEducation,
} from './data';
import { devClientKeyPair } from './keys';

/**
 * Disnaker Kota Langsa's AK/1 API (our design; no public API exists, see README.md): OAuth2
 * client credentials where the client authenticates with a signed JWT assertion
 * (`private_key_jwt`, RFC 7523, RS256), a batch read of cards by NIK, and an application
 * workflow (submitted → verified → issued | rejected) whose writes are idempotent by the
 * `Idempotency-Key` header.
 */

export const DISNAKER_ENDPOINTS = {
  token: 'token',
  search: 'ak1-search',
  apply: 'permohonan-create',
  application: 'permohonan',
  report: 'laporan',
} as const;

export const DISNAKER_MOCK_CLIENT = { clientId: 'mpp-langsa', keyId: 'mpp-langsa-1' } as const;
export const SEARCH_MAX_NIKS = 50;
export const ACCESS_TOKEN_SECONDS = 600;
/** Longest lifetime (exp - iat) of an assertion the mock accepts, in seconds. */
export const MAX_ASSERTION_SECONDS = 300;
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export type Status = 'DIAJUKAN' | 'DIVERIFIKASI' | 'DITERBITKAN' | 'DITOLAK';

export interface MockApplication {
  nomorPermohonan: string;
  nik: string;
  nama: string;
  tempatLahir: string;
  tanggalLahir: string;
  jenisKelamin: 'L' | 'P';
  alamat: string;
  pendidikan: MockEducation[];
  keterampilan: string[];
  status: Status;
  tanggalPengajuan: string;
  tanggalStatus: string;
  nomorAk1: string | null;
  alasanPenolakan: string | null;
}

export interface DisnakerMockOptions {
  port?: number;
  /** Registered public key of the client. Default: the development key pair's. */
  publicKey?: KeyObject;
  /** Clock (epoch ms). Default Date.now. */
  now?: () => number;
}

const json = (status: number, body: object): MockResponse => ({ status, body });
const error = (status: number, kode: string, pesan: string) => json(status, { kode, pesan });
const oauthError = (status: number, code: string, description: string) =>
  json(status, { error: code, error_description: description });

const applicationBody = (a: MockApplication) => ({
  nomorPermohonan: a.nomorPermohonan,
  nik: a.nik,
  status: a.status,
  tanggalPengajuan: a.tanggalPengajuan,
  tanggalStatus: a.tanggalStatus,
  pendidikan: a.pendidikan,
  keterampilan: a.keterampilan,
  nomorAk1: a.nomorAk1,
  alasanPenolakan: a.alasanPenolakan,
});

const cardBody = (c: MockCard) => ({
  nomorAk1: c.nomorAk1,
  nik: c.nik,
  nama: c.nama,
  tanggalTerbit: c.tanggalTerbit,
  berlakuSampai: c.berlakuSampai,
  pendidikan: c.pendidikan,
  keterampilan: c.keterampilan,
  laporan: c.laporan,
});

/** Workflow state and idempotency records of one mock instance. */
class Workflow {
  readonly applications = new Map<string, MockApplication>();
  /** Idempotency-Key → hash of the request and the answer it got. */
  readonly idempotency = new Map<string, { hash: string; response: MockResponse }>();
  readonly accessTokens = new Map<string, number>();
  readonly seenJti = new Map<string, number>();
  readonly refused = { replay: 0, signature: 0, lifetime: 0 };
  serial = 0;
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body);
    return v && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function educationOf(v: unknown): MockEducation[] | undefined {
  if (!Array.isArray(v) || v.length === 0 || v.length > 10) return undefined;
  const out: MockEducation[] = [];
  for (const e of v as unknown[]) {
    if (!e || typeof e !== 'object') return undefined;
    const r = e as Record<string, unknown>;
    if (!JENJANG.includes(r['jenjang'] as MockEducation['jenjang'])) return undefined;
    if (typeof r['tahunLulus'] !== 'number') return undefined;
    out.push({
      jenjang: r['jenjang'] as MockEducation['jenjang'],
      jurusan: typeof r['jurusan'] === 'string' ? r['jurusan'] : null,
      tahunLulus: r['tahunLulus'],
    });
  }
  return out;
}

function routesOf(
  data: DisnakerData,
  wf: Workflow,
  publicKey: KeyObject,
  now: () => number,
): MockRoute[] {
  const today = () => DATA_AS_OF;
  const authorised = (req: MockRequest) => {
    const m = /^Bearer (\S+)$/.exec(String(req.headers['authorization'] ?? ''));
    const exp = m ? wf.accessTokens.get(m[1]!) : undefined;
    return exp !== undefined && now() < exp;
  };
  const UNAUTHORIZED = error(401, 'UNAUTHORIZED', 'Token akses tidak valid');

  /** Runs a write once per Idempotency-Key: a repeat gets the first answer, a changed body 422. */
  const idempotent = (req: MockRequest, run: () => MockResponse): MockResponse => {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !/^[A-Za-z0-9_-]{16,128}$/.test(key))
      return error(400, 'IDEMPOTENCY_KEY_REQUIRED', 'Header Idempotency-Key wajib diisi');
    const hash = createHash('sha256').update(`${req.path}\n${req.body}`).digest('hex');
    const seen = wf.idempotency.get(key);
    if (seen) {
      if (seen.hash !== hash)
        return error(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          'Idempotency-Key dipakai untuk permintaan lain',
        );
      return { ...seen.response, status: 200, headers: { 'idempotent-replayed': 'true' } };
    }
    const response = run();
    // Only answers that changed state are remembered; a refused request may be corrected.
    if ((response.status ?? 200) < 300) wf.idempotency.set(key, { hash, response });
    return response;
  };

  return [
    {
      endpoint: DISNAKER_ENDPOINTS.token,
      method: 'POST',
      path: /^\/oauth2\/token$/,
      handle: async (req) => {
        const form = new URLSearchParams(req.body);
        if (form.get('grant_type') !== 'client_credentials')
          return oauthError(400, 'unsupported_grant_type', 'grant_type harus client_credentials');
        const assertion = form.get('client_assertion');
        if (form.get('client_assertion_type') !== ASSERTION_TYPE || !assertion)
          return oauthError(401, 'invalid_client', 'client_assertion wajib (private_key_jwt)');
        let payload;
        try {
          ({ payload } = await jwtVerify(assertion, publicKey, {
            algorithms: ['RS256'],
            issuer: DISNAKER_MOCK_CLIENT.clientId,
            subject: DISNAKER_MOCK_CLIENT.clientId,
            audience: `http://${req.headers.host ?? ''}/oauth2/token`,
            requiredClaims: ['jti', 'exp', 'iat'],
            currentDate: new Date(now()),
          }));
        } catch {
          wf.refused.signature += 1;
          return oauthError(401, 'invalid_client', 'client_assertion tidak valid');
        }
        const { jti, exp, iat } = payload;
        if (typeof jti !== 'string' || !exp || !iat || exp - iat > MAX_ASSERTION_SECONDS) {
          wf.refused.lifetime += 1;
          return oauthError(401, 'invalid_client', 'client_assertion berlaku terlalu lama');
        }
        for (const [id, until] of wf.seenJti) if (until * 1000 < now()) wf.seenJti.delete(id);
        if (wf.seenJti.has(jti)) {
          wf.refused.replay += 1;
          return oauthError(401, 'invalid_client', 'client_assertion sudah pernah dipakai (jti)');
        }
        wf.seenJti.set(jti, exp);
        const token = randomBytes(18).toString('base64url');
        wf.accessTokens.set(token, now() + ACCESS_TOKEN_SECONDS * 1000);
        return json(200, {
          access_token: token,
          token_type: 'Bearer',
          expires_in: ACCESS_TOKEN_SECONDS,
        });
      },
    },
    {
      endpoint: DISNAKER_ENDPOINTS.search,
      method: 'POST',
      path: /^\/api\/v1\/ak1\/search$/,
      handle: (req) => {
        if (!authorised(req)) return UNAUTHORIZED;
        const niks = parseJson(req.body)?.['nik'];
        if (!Array.isArray(niks) || niks.some((n) => typeof n !== 'string'))
          return error(400, 'BAD_REQUEST', 'nik harus berupa daftar');
        if (niks.length > SEARCH_MAX_NIKS)
          return error(400, 'BAD_REQUEST', `Maksimum ${SEARCH_MAX_NIKS} nik per permintaan`);
        const cards = [...new Set(niks as string[])].flatMap((n) => {
          const c = data.cardsByNik.get(n);
          return c ? [cardBody(c)] : [];
        });
        return json(200, { data: cards });
      },
    },
    {
      endpoint: DISNAKER_ENDPOINTS.apply,
      method: 'POST',
      path: /^\/api\/v1\/permohonan$/,
      handle: (req) => {
        if (!authorised(req)) return UNAUTHORIZED;
        return idempotent(req, () => {
          const b = parseJson(req.body);
          const pendidikan = educationOf(b?.['pendidikan']);
          const keterampilan = b?.['keterampilan'];
          const strings = ['nik', 'nama', 'tempatLahir', 'tanggalLahir', 'jenisKelamin', 'alamat'];
          if (
            !b ||
            strings.some((k) => typeof b[k] !== 'string') ||
            !/^\d{16}$/.test(String(b['nik'])) ||
            !pendidikan ||
            !Array.isArray(keterampilan) ||
            keterampilan.some((s) => typeof s !== 'string')
          )
            return error(400, 'VALIDASI', 'Data permohonan tidak lengkap');
          wf.serial += 1;
          const t = today();
          const app: MockApplication = {
            nomorPermohonan: `PK-1173-${t.slice(2, 4)}${t.slice(5, 7)}${t.slice(8, 10)}-${String(wf.serial).padStart(5, '0')}`,
            nik: String(b['nik']),
            nama: String(b['nama']),
            tempatLahir: String(b['tempatLahir']),
            tanggalLahir: String(b['tanggalLahir']),
            jenisKelamin: b['jenisKelamin'] === 'P' ? 'P' : 'L',
            alamat: String(b['alamat']),
            pendidikan,
            keterampilan: keterampilan as string[],
            status: 'DIAJUKAN',
            tanggalPengajuan: t,
            tanggalStatus: t,
            nomorAk1: null,
            alasanPenolakan: null,
          };
          wf.applications.set(app.nomorPermohonan, app);
          return json(201, applicationBody(app));
        });
      },
    },
    {
      endpoint: DISNAKER_ENDPOINTS.application,
      method: 'GET',
      path: /^\/api\/v1\/permohonan\/(?<nomor>[^/]+)$/,
      handle: (req) => {
        if (!authorised(req)) return UNAUTHORIZED;
        const app = wf.applications.get(req.params['nomor'] ?? '');
        return app
          ? json(200, applicationBody(app))
          : error(404, 'NOT_FOUND', 'Permohonan tidak ditemukan');
      },
    },
    {
      endpoint: DISNAKER_ENDPOINTS.report,
      method: 'POST',
      path: /^\/api\/v1\/ak1\/(?<nomor>[^/]+)\/laporan$/,
      handle: (req) => {
        if (!authorised(req)) return UNAUTHORIZED;
        return idempotent(req, () => {
          const card = data.cardsByNumber.get(req.params['nomor'] ?? '');
          if (!card) return error(404, 'NOT_FOUND', 'Kartu AK/1 tidak ditemukan');
          const b = parseJson(req.body);
          const raw = b?.['statusKerja'];
          const status = raw === 'BELUM_BEKERJA' || raw === 'SUDAH_BEKERJA' ? raw : undefined;
          if (!status) return error(400, 'VALIDASI', 'statusKerja tidak valid');
          if (card.berlakuSampai < today())
            return error(409, 'KARTU_KEDALUWARSA', 'Kartu AK/1 sudah tidak berlaku');
          if (card.laporan.length >= 4)
            return error(409, 'LAPORAN_LENGKAP', 'Laporan kartu ini sudah lengkap');
          const report: MockReport = {
            laporanKe: card.laporan.length + 1,
            tanggalLapor: today(),
            statusKerja: status,
          };
          card.laporan.push(report);
          return json(201, { nomorAk1: card.nomorAk1, laporan: report });
        });
      },
    },
  ];
}

/** Rejection reasons the office gives at verification (Indonesian, as on its letters). */
export const REJECTIONS = {
  outside: 'Domisili KTP di luar Kota Langsa',
  holder: 'Pemohon masih memiliki kartu AK/1 yang berlaku',
  minor: 'Pemohon belum berusia 18 tahun',
} as const;

export class DisnakerMock extends MockAgency {
  constructor(
    readonly data: DisnakerData,
    private readonly wf: Workflow,
    options: DisnakerMockOptions,
  ) {
    super({
      key: 'disnaker',
      routes: routesOf(
        data,
        wf,
        options.publicKey ?? devClientKeyPair().publicKey,
        options.now ?? Date.now,
      ),
      port: options.port,
      malformedBody: '{"data":[{"nomorAk1":"AK1-11',
    });
  }

  /** Assertions refused so far, by reason. */
  get refusedAssertions(): Readonly<{ replay: number; signature: number; lifetime: number }> {
    return this.wf.refused;
  }

  /** Applications of `nik` (a duplicate submission must leave one). */
  applicationsOf(nik: string): MockApplication[] {
    return [...this.wf.applications.values()].filter((a) => a.nik === nik);
  }

  /**
   * Moves an application one step, as the officer at the office would: a submitted one is
   * verified or rejected (domicile, an existing valid card, age); a verified one is issued
   * a card (valid two years, first report due in six months).
   */
  advance(nomorPermohonan: string): MockApplication {
    const app = this.wf.applications.get(nomorPermohonan);
    if (!app) throw new Error('disnaker mock: no such application');
    const today = DATA_AS_OF;
    if (app.status === 'DIAJUKAN') {
      const existing = this.data.cardsByNik.get(app.nik);
      const reason = !app.nik.startsWith('1173')
        ? REJECTIONS.outside
        : existing && existing.berlakuSampai >= today
          ? REJECTIONS.holder
          : addMonths(app.tanggalLahir, 18 * 12) > today
            ? REJECTIONS.minor
            : null;
      app.status = reason ? 'DITOLAK' : 'DIVERIFIKASI';
      app.alasanPenolakan = reason;
    } else if (app.status === 'DIVERIFIKASI') {
      this.wf.serial += 1;
      const card: MockCard = {
        nomorAk1: cardNumber(today, 900_000 + this.wf.serial),
        nik: app.nik,
        nama: app.nama,
        tanggalTerbit: today,
        berlakuSampai: addMonths(today, 24),
        pendidikan: app.pendidikan,
        keterampilan: app.keterampilan,
        laporan: [],
      };
      this.data.cardsByNik.set(card.nik, card);
      this.data.cardsByNumber.set(card.nomorAk1, card);
      app.status = 'DITERBITKAN';
      app.nomorAk1 = card.nomorAk1;
    }
    app.tanggalStatus = today;
    return app;
  }
}

export function createDisnakerMock(
  dataset: Dataset,
  options: DisnakerMockOptions = {},
): DisnakerMock {
  // Built per instance: applications and issued cards change only this instance's data.
  return new DisnakerMock(buildDisnakerData(dataset), new Workflow(), options);
}
