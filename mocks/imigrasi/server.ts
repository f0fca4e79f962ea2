import { createHash } from 'node:crypto';
import { MockAgency, type MockRequest, type MockResponse, type MockRoute } from '../core/server';
import type { Dataset } from '../data/dataset';
import {
  buildImigrasiData,
  OFFICE,
  type ImigrasiData,
  type MockApplication,
  type Tahapan,
} from './data';

/**
 * Kantor Imigrasi Langsa's application-status API (SIMKIM-style), as the connector meets it:
 * REST/JSON under /simkim/api/v1, the API key in `X-Api-Key`, strong ETags on every
 * application (`If-None-Match` → 304 Not Modified), and a search by NIK that is paginated
 * (`halaman`, `ukuran`, with `totalHalaman` and an RFC 8288 `Link: rel="next"`). See README.md.
 */

/** Endpoint names for fault injection and call counters. */
export const IMIGRASI_ENDPOINTS = {
  application: 'permohonan',
  search: 'permohonan-search',
} as const;

/** The most NIKs one search call may carry. */
export const SEARCH_MAX_NIKS = 50;
/** Page size when the caller gives none. */
export const DEFAULT_PAGE_SIZE = 10;

export interface ImigrasiMockOptions {
  /** Listen port; 0 (default) picks a free one. */
  port?: number;
  /** The key the mock accepts. Default: IMIGRASI_MOCK_CREDENTIALS.apiKey. */
  apiKey?: string;
  /** Largest `ukuran` the server honours (larger requests are cut to it). Default 50. */
  maxPageSize?: number;
}

/** Credentials the mock accepts, and that `npm start` and the tests hand to the connector. */
export const IMIGRASI_MOCK_CREDENTIALS = { apiKey: 'dev-imigrasi-api-key' } as const;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const error = (status: number, pesan: string): MockResponse => ({
  status,
  headers: JSON_HEADERS,
  body: { kode: String(status), pesan },
});
const UNAUTHORIZED = error(401, 'Kunci API tidak valid');
const NOT_FOUND = error(404, 'Permohonan tidak ditemukan');

const native = (a: MockApplication) => ({
  nomorPermohonan: a.nomorPermohonan,
  nik: a.nik,
  namaPemohon: a.namaPemohon,
  jenisPaspor: a.jenisPaspor,
  tahapan: a.tahapan,
  tanggalPengajuan: a.tanggalPengajuan,
  tanggalTahapan: a.tanggalTahapan,
  kantor: OFFICE,
  alasanPenolakan: a.alasanPenolakan,
});

/** A strong validator of a representation: changes whenever any byte of it does. */
const etagOf = (body: string) =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;

/** `If-None-Match` may list several tags (or `*`); weak comparison per RFC 9110 §13.1.2. */
function matches(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (typeof ifNoneMatch !== 'string') return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

/** Counts kept beside the per-endpoint call counters. */
interface ConditionalStats {
  notModified: number;
}

function routesOf(
  data: ImigrasiData,
  options: ImigrasiMockOptions,
  stats: ConditionalStats,
): MockRoute[] {
  const apiKey = options.apiKey ?? IMIGRASI_MOCK_CREDENTIALS.apiKey;
  const maxPageSize = options.maxPageSize ?? 50;
  const authorised = (req: MockRequest) => req.headers['x-api-key'] === apiKey;
  const routes: MockRoute[] = [
    {
      endpoint: IMIGRASI_ENDPOINTS.application,
      method: 'GET',
      path: /^\/simkim\/api\/v1\/permohonan\/(?<nomor>[^/]+)$/,
      handle: (req) => {
        if (!authorised(req)) return UNAUTHORIZED;
        const app = data.byNumber.get(req.params['nomor'] ?? '');
        if (!app) return NOT_FOUND;
        const body = JSON.stringify(native(app));
        const etag = etagOf(body);
        const headers = { ...JSON_HEADERS, etag, 'cache-control': 'private, no-cache' };
        if (matches(req.headers['if-none-match'], etag)) {
          stats.notModified += 1;
          return { status: 304, headers: { etag }, body: '' };
        }
        return { status: 200, headers, body };
      },
    },
    {
      endpoint: IMIGRASI_ENDPOINTS.search,
      method: 'GET',
      path: /^\/simkim\/api\/v1\/permohonan$/,
      handle: (req) => {
        if (!authorised(req)) return UNAUTHORIZED;
        const niks = [...new Set(req.query.getAll('nik'))];
        if (niks.length === 0) return error(400, 'Parameter nik wajib diisi');
        if (niks.length > SEARCH_MAX_NIKS)
          return error(400, `Maksimum ${SEARCH_MAX_NIKS} nik per permintaan`);
        const page = Number(req.query.get('halaman') ?? '1');
        const size = Math.min(Number(req.query.get('ukuran') ?? DEFAULT_PAGE_SIZE), maxPageSize);
        if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1)
          return error(400, 'Parameter halaman/ukuran tidak valid');
        const rows = niks.flatMap((nik) => data.byNik.get(nik) ?? []);
        const totalHalaman = Math.max(1, Math.ceil(rows.length / size));
        const body = {
          data: rows.slice((page - 1) * size, page * size).map(native),
          halaman: page,
          ukuran: size,
          totalData: rows.length,
          totalHalaman,
        };
        const headers: Record<string, string> = { ...JSON_HEADERS };
        if (page < totalHalaman) {
          const next = new URLSearchParams(req.query);
          next.set('halaman', String(page + 1));
          headers['link'] = `</simkim/api/v1/permohonan?${next.toString()}>; rel="next"`;
        }
        return { status: 200, headers, body };
      },
    },
  ];
  return routes;
}

/** The mock agency, with one extra: applications can progress while it runs (for revalidation). */
export class ImigrasiMock extends MockAgency {
  private readonly stats: ConditionalStats;

  constructor(
    private readonly data: ImigrasiData,
    options: ImigrasiMockOptions,
  ) {
    const stats: ConditionalStats = { notModified: 0 };
    super({
      key: 'imigrasi',
      routes: routesOf(data, options, stats),
      port: options.port,
      // A body cut off mid-record, as a dropped connection leaves it.
      malformedBody: '{"nomorPermohonan":"LGS26',
    });
    this.stats = stats;
  }

  /** Answers 304 Not Modified since start (conditional requests the connector made). */
  get notModified(): number {
    return this.stats.notModified;
  }

  /** Moves an application to `tahapan` (its ETag changes), as the office's workflow would. */
  advance(nomorPermohonan: string, tahapan: Tahapan, on: string): void {
    const app = this.data.byNumber.get(nomorPermohonan);
    if (!app) throw new Error('imigrasi mock: no such application');
    app.tahapan = tahapan;
    app.tanggalTahapan = on;
  }
}

export function createImigrasiMock(
  dataset: Dataset,
  options: ImigrasiMockOptions = {},
): ImigrasiMock {
  // Built per mock instance: `advance` changes only this instance's applications.
  return new ImigrasiMock(buildImigrasiData(dataset), options);
}
