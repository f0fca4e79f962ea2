import { MOCK_CREDENTIALS } from '../credentials';
import { MockAgency, type MockRequest, type MockResponse, type MockRoute } from '../core/server';
import { CallCounter, FaultBook, type Fault } from '../core/faults';
import type { Dataset, WaterAccount } from '../data/dataset';
import openapi from './openapi.json';

/**
 * PDAM Tirta Keumuning's billing API, as the connector meets it: REST/JSON under /api/v1,
 * the API key in `X-Api-Key`, business outcomes as `rc` codes inside HTTP 200. See README.md.
 */

export interface PdamMockOptions {
  /** Listen port; 0 (default) picks a free one. */
  port?: number;
  /** The key the mock accepts; default MOCK_CREDENTIALS.pdam.apiKey. */
  apiKey?: string;
  /**
   * How a paid-up account answers the inquiry: `empty-list` (rc 00 and no `tagihan`, the
   * default) or `rc88` ("TAGIHAN SUDAH LUNAS", as some PDAM billing systems do).
   */
  paidUpAnswer?: 'empty-list' | 'rc88';
}

/** The most NIKs one customers-by-NIK call may carry. */
export const PELANGGAN_MAX_NIKS = 50;

/** Served for GET /openapi.json: documentation, not an agency call (never counted or faulted). */
const DOC_ENDPOINT = 'openapi';

const json = (status: number, body: object): MockResponse => ({ status, body });
const NOT_FOUND_BODY = JSON.stringify({
  rc: '14',
  message: 'NOMOR PELANGGAN TIDAK DITEMUKAN',
  data: null,
});
const UNAUTHORIZED = json(401, {
  rc: '401',
  message: 'UNAUTHORIZED: API KEY TIDAK VALID',
  data: null,
});
const OPENAPI_BODY = JSON.stringify(openapi);
const JSON_HEADERS = { 'content-type': 'application/json' };

/** Call counter that leaves documentation endpoints out of the agency's call counts. */
class AgencyCallCounter extends CallCounter {
  override increment(endpoint: string): void {
    if (endpoint !== DOC_ENDPOINT) super.increment(endpoint);
  }
}

/** Fault book under which documentation endpoints stay healthy, even with a "*" fault. */
class AgencyFaultBook extends FaultBook {
  override for(endpoint: string): Fault | undefined {
    return endpoint === DOC_ENDPOINT ? undefined : super.for(endpoint);
  }
}

/** A MockAgency whose /openapi.json is outside the call counters and fault injection. */
export class PdamMock extends MockAgency {
  override readonly calls: CallCounter = new AgencyCallCounter();
  override readonly faults: FaultBook = new AgencyFaultBook();
}

/** One native inquiry body per account, serialised once: the hot path is a map lookup. */
function inquiryBodies(dataset: Dataset, paidUpAnswer: PdamMockOptions['paidUpAnswer']) {
  const bodies = new Map<string, string>();
  for (const account of dataset.waterAccounts.values()) {
    const paidUp = account.unpaid.length === 0;
    const [rc, message] =
      paidUp && paidUpAnswer === 'rc88' ? ['88', 'TAGIHAN SUDAH LUNAS'] : ['00', 'SUKSES'];
    bodies.set(
      account.customerNumber,
      JSON.stringify({ rc, message, data: nativeCustomer(account) }),
    );
  }
  return bodies;
}

function nativeCustomer(account: WaterAccount) {
  return {
    nosamb: account.customerNumber,
    nama: account.name,
    alamat: account.address,
    golongan: account.tariffGroup,
    nama_golongan: account.tariffName,
    tagihan: account.unpaid.map((p) => ({
      periode: p.period,
      // The billing system's PHP layer sends meter figures as strings and money as numbers.
      stanlalu: String(p.previousReading),
      stanskrg: String(p.currentReading),
      pakai: String(p.usage),
      biaya_air: p.waterCharge,
      biaya_admin: p.adminFee,
      denda: p.penalty,
      total: p.total,
    })),
  };
}

function pelangganRows(dataset: Dataset) {
  const rows = new Map<string, object[]>();
  for (const [nik, accounts] of dataset.waterByOwner) {
    rows.set(
      nik,
      accounts.map((a) => ({
        nik,
        nosamb: a.customerNumber,
        nama: a.name,
        alamat: a.address,
        golongan: a.tariffGroup,
      })),
    );
  }
  return rows;
}

export function createPdamMock(dataset: Dataset, options: PdamMockOptions = {}): PdamMock {
  const apiKey = options.apiKey ?? MOCK_CREDENTIALS.pdam.apiKey;
  const bodies = inquiryBodies(dataset, options.paidUpAnswer ?? 'empty-list');
  const owners = pelangganRows(dataset);
  const authorised = (req: MockRequest) => req.headers['x-api-key'] === apiKey;

  const routes: MockRoute[] = [
    {
      endpoint: 'inquiry',
      method: 'GET',
      path: /^\/api\/v1\/inquiry\/(?<nosamb>[^/]+)$/,
      handle: (req) => {
        if (!authorised(req)) return UNAUTHORIZED;
        const body = bodies.get(req.params['nosamb'] ?? '') ?? NOT_FOUND_BODY;
        return { status: 200, headers: JSON_HEADERS, body };
      },
    },
    {
      endpoint: 'pelanggan',
      method: 'GET',
      path: /^\/api\/v1\/pelanggan$/,
      handle: (req) => {
        if (!authorised(req)) return UNAUTHORIZED;
        const niks = req.query.getAll('nik');
        if (niks.length === 0)
          return json(400, { rc: '30', message: 'PARAMETER NIK WAJIB DIISI', data: null });
        if (niks.length > PELANGGAN_MAX_NIKS) {
          return json(400, {
            rc: '30',
            message: `JUMLAH NIK MELEBIHI BATAS (MAKS ${PELANGGAN_MAX_NIKS})`,
            data: null,
          });
        }
        const data = [...new Set(niks)].flatMap((nik) => owners.get(nik) ?? []);
        return json(200, { rc: '00', message: 'SUKSES', data });
      },
    },
    {
      endpoint: DOC_ENDPOINT,
      method: 'GET',
      path: /^\/openapi\.json$/,
      handle: () => ({ status: 200, headers: JSON_HEADERS, body: OPENAPI_BODY }),
    },
  ];

  return new PdamMock({
    key: 'pdam',
    routes,
    port: options.port,
    malformedBody: '{"rc":"00","message":"SUKSES","data":{"nosamb":"01',
  });
}
