import { MOCK_CREDENTIALS } from '../credentials';
import { randomBytes } from 'node:crypto';
import { MockAgency, type MockRequest, type MockResponse, type MockRoute } from '../core/server';
import type { Dataset } from '../data/dataset';
import { buildBeaCukaiData, type BeaCukaiData, type MockBusiness, type MockShipment } from './data';

/**
 * Bea Cukai (DJBC) as the connector meets it: the CEISA 4.0 host-to-host login
 * (`POST /nle-oauth/v1/user/login`: 5-minute access token, 24-hour refresh token), a refresh
 * endpoint, and two read APIs in CEISA's envelope `{status, message, item}`. The shipment and
 * registration APIs are our design (no public API exists for them). See README.md.
 */

export const BEA_CUKAI_ENDPOINTS = {
  login: 'login',
  refresh: 'refresh',
  shipment: 'barang-kiriman',
  shipmentsByRecipient: 'barang-kiriman-penerima',
  registration: 'registrasi',
} as const;

/** The most recipient NIKs one search may carry. */
export const RECIPIENT_SEARCH_MAX = 50;

export const BEA_CUKAI_MOCK_CREDENTIALS = MOCK_CREDENTIALS['bea-cukai'];

/** Lifetimes CEISA states: access 5 minutes, refresh 24 hours. */
export const ACCESS_TOKEN_SECONDS = 300;
export const REFRESH_TOKEN_SECONDS = 86_400;

export interface BeaCukaiMockOptions {
  port?: number;
  /** The mock's clock (epoch ms), shared with a test's fake clock. Default Date.now. */
  now?: () => number;
}

const failed = (status: number, message: string): MockResponse => ({
  status,
  body: { status: 'Failed', message },
});
const NOT_FOUND = failed(200, 'Data Tidak Ditemukan');
const ok = (message: string, item: object): MockResponse => ({
  status: 200,
  body: { status: 'success', message, item },
});

const shipmentItem = (s: MockShipment) => ({
  nomorBarang: s.nomorBarang,
  jenisNomor: s.jenisNomor,
  nikPenerima: s.nikPenerima,
  namaPenerima: s.namaPenerima,
  uraianBarang: s.uraianBarang,
  nilaiPabean: s.nilaiPabean,
  statusTerakhir: s.riwayat[s.riwayat.length - 1]?.uraianStatus,
  riwayatStatus: s.riwayat,
  tagihan: {
    beaMasuk: s.beaMasuk,
    ppn: s.ppn,
    pph: s.pph,
    totalTagihan: s.beaMasuk + s.ppn + s.pph,
    kodeBilling: s.kodeBilling,
  },
});

const businessItem = (b: MockBusiness) => ({
  nib: b.nib,
  npwp: b.npwp,
  namaPerusahaan: b.namaPerusahaan,
  kategori: b.kategori,
  tanggalTerbitNib: b.tanggalTerbit,
});

/** CEISA's sessions: access and refresh tokens with their expiry on the mock's clock. */
export class CeisaSessions {
  private readonly access = new Map<string, number>();
  private readonly refresh = new Map<string, number>();

  constructor(readonly now: () => number) {}

  login(): { access_token: string; refresh_token: string } {
    const refresh = randomBytes(24).toString('base64url');
    this.refresh.set(refresh, this.now() + REFRESH_TOKEN_SECONDS * 1000);
    return { access_token: this.issue(), refresh_token: refresh };
  }

  /** A new access token for a live refresh token; undefined when it is unknown or expired. */
  renew(refresh: unknown): string | undefined {
    const expires = typeof refresh === 'string' ? this.refresh.get(refresh) : undefined;
    return expires !== undefined && this.now() < expires ? this.issue() : undefined;
  }

  authorised(req: MockRequest): boolean {
    const m = /^Bearer (\S+)$/.exec(String(req.headers['authorization'] ?? ''));
    const expires = m ? this.access.get(m[1]!) : undefined;
    return expires !== undefined && this.now() < expires;
  }

  expireAccessTokens(): void {
    this.access.clear();
  }

  revokeRefreshTokens(): void {
    this.refresh.clear();
  }

  private issue(): string {
    const token = randomBytes(18).toString('base64url');
    this.access.set(token, this.now() + ACCESS_TOKEN_SECONDS * 1000);
    return token;
  }
}

export class BeaCukaiMock extends MockAgency {
  constructor(
    readonly data: BeaCukaiData,
    private readonly sessions: CeisaSessions,
    port: number | undefined,
  ) {
    super({
      key: 'bea-cukai',
      routes: routesOf(data, sessions),
      port,
      malformedBody: '{"status":"success","message":"OK","item":{"nomorBarang":',
    });
  }

  /** Makes every issued access token invalid now, as a CEISA restart or clock skew would. */
  expireAccessTokens(): void {
    this.sessions.expireAccessTokens();
  }

  /** Refuses every refresh token issued so far (a password change, a session purge). */
  revokeRefreshTokens(): void {
    this.sessions.revokeRefreshTokens();
  }
}

function routesOf(data: BeaCukaiData, sessions: CeisaSessions): MockRoute[] {
  const parse = (body: string): Record<string, unknown> => {
    try {
      const v: unknown = JSON.parse(body);
      return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  const unauthorised = failed(401, 'Token tidak valid atau sudah kedaluwarsa');
  return [
    {
      endpoint: BEA_CUKAI_ENDPOINTS.login,
      method: 'POST',
      path: /^\/nle-oauth\/v1\/user\/login$/,
      handle: (req) => {
        const b = parse(req.body);
        if (
          b['username'] !== BEA_CUKAI_MOCK_CREDENTIALS.username ||
          b['password'] !== BEA_CUKAI_MOCK_CREDENTIALS.password
        )
          return failed(401, 'Username atau password salah');
        return ok('Berhasil masuk ke SSO BeaCukai', {
          ...sessions.login(),
          expires_in: ACCESS_TOKEN_SECONDS,
          refresh_expires_in: REFRESH_TOKEN_SECONDS,
        });
      },
    },
    {
      endpoint: BEA_CUKAI_ENDPOINTS.refresh,
      method: 'POST',
      path: /^\/nle-oauth\/v1\/user\/update-token$/,
      handle: (req) => {
        const token = sessions.renew(parse(req.body)['refresh_token']);
        if (!token) return failed(401, 'Refresh token tidak valid atau sudah kedaluwarsa');
        return ok('Token berhasil diperbarui', {
          access_token: token,
          expires_in: ACCESS_TOKEN_SECONDS,
        });
      },
    },
    {
      endpoint: BEA_CUKAI_ENDPOINTS.shipment,
      method: 'GET',
      path: /^\/openapi\/barang-kiriman$/,
      handle: (req) => {
        if (!sessions.authorised(req)) return unauthorised;
        const s = data.shipments.get(req.query.get('nomorBarang') ?? '');
        return s ? ok('Data ditemukan', shipmentItem(s)) : NOT_FOUND;
      },
    },
    {
      endpoint: BEA_CUKAI_ENDPOINTS.shipmentsByRecipient,
      method: 'POST',
      path: /^\/openapi\/barang-kiriman\/penerima$/,
      handle: (req) => {
        if (!sessions.authorised(req)) return unauthorised;
        const niks = parse(req.body)['nik'];
        if (!Array.isArray(niks) || niks.length > RECIPIENT_SEARCH_MAX)
          return failed(
            400,
            `Parameter nik wajib berupa daftar (maksimum ${RECIPIENT_SEARCH_MAX})`,
          );
        const wanted = new Set(niks.filter((n): n is string => typeof n === 'string'));
        const found = [...data.shipments.values()].filter((s) => wanted.has(s.nikPenerima));
        // CEISA style: an empty result is "Data Tidak Ditemukan", not an empty list.
        return found.length ? ok('Data ditemukan', found.map(shipmentItem)) : NOT_FOUND;
      },
    },
    {
      endpoint: BEA_CUKAI_ENDPOINTS.registration,
      method: 'GET',
      path: /^\/openapi\/registrasi$/,
      handle: (req) => {
        if (!sessions.authorised(req)) return unauthorised;
        const nib = req.query.get('nib');
        const npwp = req.query.get('npwp');
        const b = nib ? data.businesses.get(nib) : npwp ? data.byNpwp.get(npwp) : undefined;
        if (!nib && !npwp) return failed(400, 'Parameter nib atau npwp wajib diisi');
        return b ? ok('Data ditemukan', businessItem(b)) : NOT_FOUND;
      },
    },
  ];
}

export function createBeaCukaiMock(
  dataset: Dataset,
  options: BeaCukaiMockOptions = {},
): BeaCukaiMock {
  return new BeaCukaiMock(
    buildBeaCukaiData(dataset),
    new CeisaSessions(options.now ?? Date.now),
    options.port,
  );
}
