import { MockAgency, type MockResponse } from '../../../mocks/core/server';
import type { CallContext } from '../../../src/connectors/core/types';
import { PdamClient } from '../../../src/connectors/pdam/client';
import { UpstreamError } from '../../../src/errors';
import { createTestUpstream } from '../../support/upstream';

/**
 * Quirks and failures of real PDAM billing systems that our own mock does not produce,
 * served by a scripted agency: each test sets the next answer of each endpoint.
 */
describe('PdamClient against scripted PDAM answers', () => {
  let answer: { inquiry: MockResponse; pelanggan: MockResponse };
  let lastApiKey: string | undefined;
  const agency = new MockAgency({
    key: 'pdam-scripted',
    routes: [
      {
        endpoint: 'inquiry',
        method: 'GET',
        path: /^\/api\/v1\/inquiry\/(?<nosamb>\d+)$/,
        handle: (req) => {
          lastApiKey = req.headers['x-api-key'] as string | undefined;
          return answer.inquiry;
        },
      },
      {
        endpoint: 'pelanggan',
        method: 'GET',
        path: /^\/api\/v1\/pelanggan$/,
        handle: () => answer.pelanggan,
      },
    ],
  });
  let test: ReturnType<typeof createTestUpstream>;
  let client: PdamClient;
  const call = (): CallContext => ({
    connector: 'pdam',
    requestId: 't',
    signal: AbortSignal.timeout(2_000),
    timeoutMs: 2_000,
  });
  const customer = {
    nosamb: '0101000021',
    nama: 'USMAN WAHYUNI',
    alamat: 'JL. SYIAH KUALA NO. 107',
    golongan: 'R2',
    nama_golongan: 'RUMAH TANGGA B',
  };

  async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
    const error: unknown = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError;
  }

  beforeAll(async () => {
    await agency.start();
    test = createTestUpstream('pdam', agency.url);
    client = new PdamClient(test.upstream, 'the-key');
  });
  afterAll(async () => {
    test.close();
    await agency.stop();
  });

  it('sends the API key in X-Api-Key', async () => {
    answer = {
      inquiry: { body: { rc: '14', message: 'NOMOR PELANGGAN TIDAK DITEMUKAN', data: null } },
      pelanggan: { body: {} },
    };
    await client.inquiry('0101000021', call());
    expect(lastApiKey).toBe('the-key');
  });

  it('accepts money sent as numeric strings', async () => {
    const tagihan = [
      {
        periode: '202610',
        stanlalu: 2238,
        stanskrg: 2250,
        pakai: 12,
        biaya_air: '35800',
        biaya_admin: '5000.00',
        denda: '0',
        total: '40800',
      },
    ];
    answer = {
      inquiry: { body: { rc: '00', message: 'SUKSES', data: { ...customer, tagihan } } },
      pelanggan: { body: {} },
    };
    const data = await client.inquiry('0101000021', call());
    expect(data?.tagihan[0]).toMatchObject({
      biaya_air: 35_800,
      biaya_admin: 5_000,
      denda: 0,
      total: 40_800,
    });
  });

  it('accepts rc 88 with a null bill list as paid up', async () => {
    answer = {
      inquiry: {
        body: { rc: '88', message: 'TAGIHAN SUDAH LUNAS', data: { ...customer, tagihan: null } },
      },
      pelanggan: { body: {} },
    };
    expect((await client.inquiry('0101000021', call()))?.tagihan).toEqual([]);
  });

  it('refuses rc 88 without the customer block as UPSTREAM_BAD_RESPONSE', async () => {
    answer = {
      inquiry: { body: { rc: '88', message: 'TAGIHAN SUDAH LUNAS', data: null } },
      pelanggan: { body: {} },
    };
    expect((await failure(client.inquiry('0101000021', call()))).code).toBe(
      'UPSTREAM_BAD_RESPONSE',
    );
  });

  it('refuses an answer about another customer number', async () => {
    answer = {
      inquiry: {
        body: {
          rc: '00',
          message: 'SUKSES',
          data: { ...customer, nosamb: '0101000028', tagihan: [] },
        },
      },
      pelanggan: { body: {} },
    };
    expect((await failure(client.inquiry('0101000021', call()))).code).toBe(
      'UPSTREAM_BAD_RESPONSE',
    );
  });

  it('reports an unknown result code as UPSTREAM_UNAVAILABLE without echoing the message', async () => {
    answer = {
      inquiry: {
        body: { rc: '91', message: 'DATABASE TIDAK TERSEDIA: USMAN WAHYUNI', data: null },
      },
      pelanggan: { body: {} },
    };
    const error = await failure(client.inquiry('0101000021', call()));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.detail).toBe('inquiry: rc 91');
    expect(error.message).not.toContain('USMAN');
  });

  it('reports an HTML error page with HTTP 200 as UPSTREAM_BAD_RESPONSE', async () => {
    answer = {
      inquiry: {
        status: 200,
        headers: { 'content-type': 'text/html' },
        body: '<html>Maintenance</html>',
      },
      pelanggan: { body: {} },
    };
    expect((await failure(client.inquiry('0101000021', call()))).code).toBe(
      'UPSTREAM_BAD_RESPONSE',
    );
  });

  it('reports an unexpected 4xx as UPSTREAM_UNAVAILABLE', async () => {
    answer = {
      inquiry: { status: 429, body: { rc: '429', message: 'TOO MANY REQUESTS' } },
      pelanggan: { body: {} },
    };
    const error = await failure(client.inquiry('0101000021', call()));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.detail).toBe('inquiry: HTTP 429');
  });

  it('reads pelanggan answers with data null or rc 14 as "no connections"', async () => {
    answer = {
      inquiry: { body: {} },
      pelanggan: { body: { rc: '00', message: 'SUKSES', data: null } },
    };
    expect(await client.customersByNik(['1173010106830001'], call())).toEqual([]);
    answer = {
      inquiry: { body: {} },
      pelanggan: { body: { rc: '14', message: 'DATA TIDAK DITEMUKAN', data: null } },
    };
    expect(await client.customersByNik(['1173010106830001'], call())).toEqual([]);
  });

  it('refuses a pelanggan row whose customer number is not 10 digits', async () => {
    answer = {
      inquiry: { body: {} },
      pelanggan: {
        body: {
          rc: '00',
          message: 'SUKSES',
          data: [{ nik: '1173010106830001', nosamb: '01-01-21' }],
        },
      },
    };
    expect((await failure(client.customersByNik(['1173010106830001'], call()))).code).toBe(
      'UPSTREAM_BAD_RESPONSE',
    );
  });

  it('refuses more NIKs than one call may carry before calling PDAM', async () => {
    agency.calls.reset();
    const niks = Array.from(
      { length: 51 },
      (_, i) => `11730101068300${String(i).padStart(2, '0')}`,
    );
    await expect(client.customersByNik(niks, call())).rejects.toThrow(RangeError);
    expect(agency.calls.get('pelanggan')).toBe(0);
  });
});
