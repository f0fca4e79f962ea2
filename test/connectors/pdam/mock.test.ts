import { MOCK_CREDENTIALS } from '../../../mocks/credentials';
import { getDataset } from '../../../mocks/data/dataset';
import openapi from '../../../mocks/pdam/openapi.json';
import { createPdamMock, type PdamMock } from '../../../mocks/pdam/server';

/** The mock's protocol surface: what benchmarks and GraphQL Mesh see besides the connector. */
describe('PDAM mock', () => {
  const dataset = getDataset();
  const key = { 'X-Api-Key': MOCK_CREDENTIALS.pdam.apiKey };
  let mock: PdamMock;

  beforeAll(async () => {
    mock = await createPdamMock(dataset).start();
  });
  afterAll(() => mock.stop());
  beforeEach(() => {
    mock.calls.reset();
    mock.faults.clear();
  });

  it('serves its OpenAPI description without a key, uncounted and unfaulted', async () => {
    mock.setFault('*', { status: 503 });
    const response = await fetch(`${mock.url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(openapi);
    expect(mock.calls.total()).toBe(0);
  });

  it('describes exactly the endpoints it serves, by their fault-injection names', () => {
    const operations = Object.entries(openapi.paths).flatMap(([path, item]) =>
      Object.values(item).map((op: { operationId: string }) => `${op.operationId} ${path}`),
    );
    expect(operations.sort()).toEqual([
      'inquiry /api/v1/inquiry/{nosamb}',
      'pelanggan /api/v1/pelanggan',
    ]);
  });

  it('sends bills with the field types its OpenAPI description declares', async () => {
    const account = dataset.waterByOwner.get(dataset.fixtures.arrearsNik)![0]!;
    const body = (await (
      await fetch(`${mock.url}/api/v1/inquiry/${account.customerNumber}`, { headers: key })
    ).json()) as {
      data: { tagihan: Array<Record<string, unknown>> };
    };
    const declared = openapi.components.schemas.Tagihan.properties as Record<
      string,
      { type: string }
    >;
    for (const bill of body.data.tagihan) {
      for (const [field, { type }] of Object.entries(declared)) {
        expect([field, typeof bill[field]]).toEqual([field, type === 'integer' ? 'number' : type]);
      }
    }
  });

  it('answers HTTP 401 with rc 401 for a missing or wrong key', async () => {
    for (const headers of [{}, { 'X-Api-Key': 'wrong' }] as Array<Record<string, string>>) {
      const response = await fetch(
        `${mock.url}/api/v1/pelanggan?nik=${dataset.fixtures.arrearsNik}`,
        { headers },
      );
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ rc: '401' });
    }
  });

  it('lists the connections of several NIKs in one call', async () => {
    const { arrearsNik, everyServiceHeadNik, dukcapilOnlyNik } = dataset.fixtures;
    const query = [arrearsNik, everyServiceHeadNik, dukcapilOnlyNik]
      .map((n) => `nik=${n}`)
      .join('&');
    const body = (await (
      await fetch(`${mock.url}/api/v1/pelanggan?${query}`, { headers: key })
    ).json()) as {
      rc: string;
      data: Array<{ nik: string; nosamb: string }>;
    };
    expect(body.rc).toBe('00');
    expect(body.data.map((r) => r.nik)).toEqual([arrearsNik, everyServiceHeadNik]);
    expect(mock.calls.all()).toEqual({ pelanggan: 1 });
  });

  it('refuses a pelanggan call with no NIK or more than 50 with HTTP 400, rc 30', async () => {
    const tooMany = Array.from({ length: 51 }, () => `nik=${dataset.fixtures.arrearsNik}`).join(
      '&',
    );
    for (const query of ['', `?${tooMany}`]) {
      const response = await fetch(`${mock.url}/api/v1/pelanggan${query}`, { headers: key });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ rc: '30' });
    }
  });
});
