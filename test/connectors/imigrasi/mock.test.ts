import { getDataset } from '../../../mocks/data/dataset';
import { buildImigrasiData, IMIGRASI_MOCK_CREDENTIALS } from '../../../mocks/imigrasi';
import { createImigrasiMock, type ImigrasiMock } from '../../../mocks/imigrasi/server';

const dataset = getDataset();
const data = buildImigrasiData(dataset);
const { fixtures } = data;
const headers = { 'x-api-key': IMIGRASI_MOCK_CREDENTIALS.apiKey };

describe('imigrasi mock', () => {
  let mock: ImigrasiMock;
  beforeAll(async () => {
    mock = await createImigrasiMock(dataset, { maxPageSize: 3 }).start();
  });
  afterAll(() => mock.stop());

  it('derives the same applications from the data set every time (about 3% of adults)', () => {
    const again = buildImigrasiData(dataset);
    expect([...again.byNumber.keys()]).toEqual([...data.byNumber.keys()]);
    const adults = dataset.residents.filter((r) => 2026 - Number(r.birthDate.slice(0, 4)) >= 17);
    const share = data.byNik.size / adults.length;
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.04);
    for (const nik of data.byNik.keys()) expect(dataset.byNik.has(nik)).toBe(true);
  });

  it('serves an ETag and answers 304 to If-None-Match', async () => {
    const url = `${mock.url}/simkim/api/v1/permohonan/${fixtures.number}`;
    const first = await fetch(url, { headers });
    const etag = first.headers.get('etag');
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const second = await fetch(url, { headers: { ...headers, 'if-none-match': etag! } });
    expect(second.status).toBe(304);
    expect(await second.text()).toBe('');
  });

  it('pages the search with totalHalaman and a Link rel="next"', async () => {
    const niks = [...data.byNik.keys()].slice(0, 5);
    const total = niks.reduce((n, nik) => n + data.byNik.get(nik)!.length, 0);
    const q = niks.map((n) => `nik=${n}`).join('&');
    const res = await fetch(`${mock.url}/simkim/api/v1/permohonan?${q}&ukuran=50`, { headers });
    const body = (await res.json()) as {
      data: unknown[];
      ukuran: number;
      totalData: number;
      totalHalaman: number;
    };
    expect(body).toMatchObject({ ukuran: 3, totalData: total, totalHalaman: Math.ceil(total / 3) });
    expect(body.data).toHaveLength(3);
    expect(res.headers.get('link')).toMatch(/halaman=2.*rel="next"/);
  });

  it('refuses a wrong API key with 401', async () => {
    const res = await fetch(`${mock.url}/simkim/api/v1/permohonan/${fixtures.number}`, {
      headers: { 'x-api-key': 'wrong' },
    });
    expect(res.status).toBe(401);
  });
});
