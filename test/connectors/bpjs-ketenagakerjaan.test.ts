import { nppOf } from '../../mocks/bpjs-ketenagakerjaan/records';
import { testScope } from '../support/upstream';
import { rejection, startHarness, type Harness } from './bpjs-ketenagakerjaan/harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => h.reset());

const family = () =>
  h.dataset.byKk.get(h.dataset.fixtures.everyServiceFamilyKk)!.members.map((m) => m.nik);
const headMembership = () => h.dataset.employmentByNik.get(h.dataset.fixtures.everyServiceHeadNik)!;
/** KPJ numbers in the data set start with 10..26, so this one is well-formed but never issued. */
const UNKNOWN_KPJ = '09000000001';

describe('BPJS Ketenagakerjaan connector: lookups', () => {
  it('maps the every-service family head to an employment insurance record', async () => {
    const native = headMembership();
    const record = await h.loaders(h.runtime()).membershipByNik.load(native.nik);

    expect(record).toEqual({
      kpj: native.kpj,
      nik: native.nik,
      name: native.name,
      employer: { name: native.employer, registrationNumber: nppOf(native.employer) },
      programmes: ['JHT', 'JKK', 'JKM', 'JP', 'JKP'].filter((p) => native.programmes.includes(p)),
      status: native.active ? 'ACTIVE' : 'INACTIVE',
      lastContributionMonth: native.lastContributionMonth,
      oldAgeSavingsBalance: native.jhtBalance,
      memberSince: native.registeredDate,
    });
  });

  it('finds the same record by KPJ as by NIK', async () => {
    const rt = h.runtime();
    const byKpj = await h.loaders(rt).membershipByKpj.load(headMembership().kpj);
    const byNik = await h.loaders(rt).membershipByNik.load(headMembership().nik);
    expect(byKpj).toEqual(byNik);
    expect(h.mock.calls.get('peserta')).toBe(1);
    expect(h.mock.calls.get('peserta-search')).toBe(1);
  });

  it('resolves an unknown KPJ to null without an error', async () => {
    await expect(h.loaders(h.runtime()).membershipByKpj.load(UNKNOWN_KPJ)).resolves.toBeNull();
    expect(h.mock.calls.get('peserta')).toBe(1);
  });

  it('resolves a NIK without membership to null without an error', async () => {
    const nik = h.dataset.fixtures.unknownNik;
    await expect(h.loaders(h.runtime()).membershipByNik.load(nik)).resolves.toBeNull();
  });
});

describe('BPJS Ketenagakerjaan connector: batching', () => {
  it('makes one search call for a family of five', async () => {
    const niks = family();
    expect(niks).toHaveLength(5);
    const results = await h.loaders(h.runtime()).membershipByNik.loadMany(niks);

    expect(h.mock.calls.get('peserta-search')).toBe(1);
    expect(results.map((r) => (r instanceof Error ? 'error' : (r?.nik ?? null)))).toEqual(
      niks.map((nik) => (h.dataset.employmentByNik.has(nik) ? nik : null)),
    );
    // The fixture family's adults are all members, so the batch is not trivially empty.
    expect(results.filter((r) => r !== null).length).toBeGreaterThan(0);
  });

  it('de-duplicates repeated NIKs within a request', async () => {
    const loaders = h.loaders(h.runtime());
    const nik = headMembership().nik;
    const [a, b, c] = await Promise.all([
      loaders.membershipByNik.load(nik),
      loaders.membershipByNik.load(nik),
      loaders.membershipByNik.load(nik),
    ]);
    expect(a).not.toBeNull();
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(h.mock.calls.get('peserta-search')).toBe(1);
  });

  it('splits more than 50 NIKs into searches of at most 50', async () => {
    const niks = h.dataset.residents.slice(0, 60).map((r) => r.nik);
    const results = await h.loaders(h.runtime()).membershipByNik.loadMany(niks);
    expect(h.mock.calls.get('peserta-search')).toBe(2);
    expect(results.some((r) => r instanceof Error)).toBe(false);
    expect(results.filter((r) => r !== null).length).toBe(
      niks.filter((nik) => h.dataset.employmentByNik.has(nik)).length,
    );
  });

  it('makes one call per distinct KPJ (the API has no batch lookup by KPJ)', async () => {
    const kpjs = [...h.dataset.employment.keys()].slice(0, 3);
    await h.loaders(h.runtime()).membershipByKpj.loadMany([...kpjs, kpjs[0]!]);
    expect(h.mock.calls.get('peserta')).toBe(3);
  });

  it('primes the KPJ loader from a NIK lookup and the other way round', async () => {
    const rt = h.runtime();
    const { nik, kpj } = headMembership();

    const first = h.loaders(rt);
    await first.membershipByNik.load(nik);
    await first.membershipByKpj.load(kpj);
    expect(h.mock.calls.get('peserta')).toBe(0);

    const second = h.loaders(rt);
    await second.membershipByKpj.load(kpj);
    await second.membershipByNik.load(nik);
    expect(h.mock.calls.get('peserta-search')).toBe(1);
  });
});

describe('BPJS Ketenagakerjaan connector: failures', () => {
  it('reports a wrong client secret as UPSTREAM_UNAVAILABLE without calling the API', async () => {
    const rt = h.runtime({ clientSecret: 'not-the-secret' });
    const error = await rejection(h.loaders(rt).membershipByKpj.load(headMembership().kpj));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).not.toContain('not-the-secret');
    expect(h.mock.calls.get('token')).toBe(1);
    expect(h.mock.calls.get('peserta')).toBe(0);
  });

  it('reports a malformed member body as UPSTREAM_BAD_RESPONSE', async () => {
    h.mock.setFault('peserta', { malformed: true });
    const error = await rejection(
      h.loaders(h.runtime()).membershipByKpj.load(headMembership().kpj),
    );
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('reports a malformed search body as UPSTREAM_BAD_RESPONSE for every NIK of the batch', async () => {
    h.mock.setFault('peserta-search', { malformed: true });
    const results = await h.loaders(h.runtime()).membershipByNik.loadMany(family());
    for (const r of results) expect(r).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
  });

  it('reports an HTTP 503 from the API as a retryable UPSTREAM_UNAVAILABLE', async () => {
    h.mock.setFault('peserta-search', { status: 503 });
    const error = await rejection(
      h.loaders(h.runtime()).membershipByNik.load(headMembership().nik),
    );
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
  });

  it('gives up with UPSTREAM_UNAVAILABLE when a freshly issued token is refused as well', async () => {
    h.mock.setFault('peserta', { status: 401 });
    const error = await rejection(
      h.loaders(h.runtime()).membershipByKpj.load(headMembership().kpj),
    );
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(h.mock.calls.get('token')).toBe(2);
    expect(h.mock.calls.get('peserta')).toBe(2);
  });

  it('reports the agency being down as UPSTREAM_UNAVAILABLE', async () => {
    h.mock.setFault('*', { reset: true });
    const error = await rejection(
      h.loaders(h.runtime()).membershipByNik.load(headMembership().nik),
    );
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});

describe('BPJS Ketenagakerjaan connector: probe', () => {
  const call = () => ({
    connector: 'bpjs-ketenagakerjaan',
    requestId: 'probe',
    signal: testScope().signal,
    timeoutMs: 2_000,
  });

  it('passes with valid credentials, using an empty search', async () => {
    await expect(h.runtime().probe(call())).resolves.toBeUndefined();
    expect(h.mock.calls.get('peserta-search')).toBe(1);
  });

  it('fails with UPSTREAM_UNAVAILABLE when the credentials are refused', async () => {
    const error = await rejection(h.runtime({ clientId: 'someone-else' }).probe(call()));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});
