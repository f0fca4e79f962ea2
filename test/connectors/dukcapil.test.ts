import pino from 'pino';
import { dukcapil, dukcapilConfigSchema, type DukcapilConfig } from '../../src/connectors/dukcapil';
import type { DukcapilLoaders } from '../../src/connectors/dukcapil/loaders';
import { ErrorCode, UpstreamError } from '../../src/errors';
import { MOCK_CREDENTIALS } from '../../mocks/credentials';
import { getDataset, type Dataset } from '../../mocks/data/dataset';
import type { MockAgency } from '../../mocks/core/server';
import { createDukcapilMock } from '../../mocks/dukcapil/server';
import { createTestUpstream, testScope } from '../support/upstream';

const CALL_NIK = 'CALL_NIK';
const CALL_KK = 'CALL_KK';

let mock: MockAgency;
let dataset: Dataset;
const closers: Array<() => void> = [];

beforeAll(async () => {
  dataset = getDataset();
  mock = await createDukcapilMock(dataset).start();
});

afterAll(async () => {
  for (const close of closers) close();
  await mock.stop();
});

beforeEach(() => {
  mock.calls.reset();
  mock.faults.clear();
});

function runtime(overrides: Partial<DukcapilConfig> = {}) {
  const { upstream, close } = createTestUpstream('dukcapil', mock.url);
  closers.push(close);
  const config = {
    ...MOCK_CREDENTIALS.dukcapil,
    ...overrides,
    baseUrl: mock.url,
    timeoutMs: 2_000,
  };
  return dukcapil.create({ config, upstream, logger: pino({ level: 'silent' }) });
}

/** Fresh loaders, as one GraphQL request gets. */
function loaders(overrides: Partial<DukcapilConfig> = {}): DukcapilLoaders {
  return runtime(overrides).createLoaders(testScope());
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

describe('citizen by NIK (CALL_NIK)', () => {
  it('maps the fixture head of family from the native record', async () => {
    const nik = dataset.fixtures.everyServiceHeadNik;
    const resident = dataset.byNik.get(nik)!;
    const household = dataset.byKk.get(resident.kk)!;

    const citizen = await loaders().citizen.load(nik);

    expect(citizen).toEqual({
      nik,
      kkNumber: household.kk,
      fullName: resident.name,
      birthPlace: resident.birthPlace,
      birthDate: resident.birthDate,
      sex: 'MALE',
      religion: resident.religion,
      maritalStatus: 'MARRIED',
      occupation: resident.occupation,
      education: resident.education,
      bloodType: resident.bloodType === 'TIDAK TAHU' ? null : resident.bloodType,
      motherName: resident.motherName,
      fatherName: resident.fatherName,
      // CALL_NIK carries no relationship; the family card does.
      relationship: null,
      eKtpRecorded: resident.ektpRecorded,
      address: {
        street: household.address.street,
        rt: household.address.rt,
        rw: household.address.rw,
        hamlet: household.address.dusun,
        village: household.address.village,
        district: household.address.district.name,
        regency: 'KOTA LANGSA',
        province: 'ACEH',
        postcode: household.address.district.postcode,
        provinceCode: '11',
        regencyCode: '11.73',
        districtCode: `11.73.${household.address.district.code}`,
        villageCode: `11.73.${household.address.district.code}.${household.address.villageCode}`,
      },
    });
    expect(mock.calls.get(CALL_NIK)).toBe(1);
  });

  it('resolves an unknown NIK to null without an error', async () => {
    await expect(loaders().citizen.load(dataset.fixtures.unknownNik)).resolves.toBeNull();
    expect(mock.calls.get(CALL_NIK)).toBe(1);
  });

  it('makes one call per distinct NIK, de-duplicates repeated ones and answers each in key order', async () => {
    const [a, b] = dataset.households[1]!.members.map((m) => m.nik);
    const unknown = dataset.fixtures.unknownNik;
    const results = await loaders().citizen.loadMany([a!, unknown, b!, a!, a!]);

    expect(results.map((r) => (r instanceof Error ? r : (r?.nik ?? null)))).toEqual([
      a,
      null,
      b,
      a,
      a,
    ]);
    expect(mock.calls.get(CALL_NIK)).toBe(3);
  });
});

describe('family by KK number (CALL_KK)', () => {
  it('returns every member of the fixture family in card order, the head first', async () => {
    const kk = dataset.fixtures.everyServiceFamilyKk;
    const household = dataset.byKk.get(kk)!;

    const family = await loaders().family.load(kk);

    expect(family?.kkNumber).toBe(kk);
    expect(family?.members.map((m) => m.nik)).toEqual(household.members.map((m) => m.nik));
    expect(family?.members[0]).toMatchObject({
      nik: dataset.fixtures.everyServiceHeadNik,
      relationship: 'HEAD',
    });
    expect(family?.members.map((m) => m.relationship)).toEqual(
      household.members.map(
        (m) => ({ 1: 'HEAD', 3: 'WIFE', 4: 'CHILD', 7: 'PARENT' })[m.relationship as 1 | 3 | 4 | 7],
      ),
    );
    expect(family?.address.villageCode).toBe(
      `11.73.${household.address.district.code}.${household.address.villageCode}`,
    );
    expect(mock.calls.get(CALL_KK)).toBe(1);
  });

  it('costs exactly one Dukcapil call for a family of five and its members looked up by NIK', async () => {
    const kk = dataset.fixtures.everyServiceFamilyKk;
    const l = loaders();

    const family = await l.family.load(kk);
    const members = await l.citizen.loadMany(family!.members.map((m) => m.nik));

    expect(members).toHaveLength(5);
    expect(members).toEqual(family!.members);
    expect(mock.calls.get(CALL_KK)).toBe(1);
    expect(mock.calls.get(CALL_NIK)).toBe(0);
  });

  it('keeps a citizen already loaded by NIK when the family is loaded later', async () => {
    const l = loaders();
    const byNik = await l.citizen.load(dataset.fixtures.everyServiceHeadNik);
    await l.family.load(dataset.fixtures.everyServiceFamilyKk);

    await expect(l.citizen.load(dataset.fixtures.everyServiceHeadNik)).resolves.toBe(byNik);
    expect(mock.calls.get(CALL_NIK)).toBe(1);
    expect(mock.calls.get(CALL_KK)).toBe(1);
  });

  it('resolves an unknown KK number to null', async () => {
    const unknownKk = '1173010101209999';
    expect(dataset.byKk.has(unknownKk)).toBe(false);
    await expect(loaders().family.load(unknownKk)).resolves.toBeNull();
    expect(mock.calls.get(CALL_KK)).toBe(1);
  });
});

describe('refusals and failures', () => {
  const nik = () => dataset.fixtures.everyServiceHeadNik;

  it.each([
    ['a wrong password (Login Gagal)', { password: 'wrong' }],
    ['a wrong user (Login Gagal)', { userId: 'someone-else' }],
    ['an ip_user not on the allow-list (IP Address Tidak Sesuai)', { ipUser: '10.0.0.9' }],
    ['an unknown consumer (HTTP 404)', { consumer: 'NOBODY' }],
  ])('reports %s as UPSTREAM_UNAVAILABLE, not as "not found"', async (_case, overrides) => {
    const err = await failure(loaders(overrides).citizen.load(nik()));

    expect(err.code).toBe(ErrorCode.UpstreamUnavailable);
    expect(err.connector).toBe('dukcapil');
    expect(err.retryable).toBe(false);
  });

  it('reports a refused family lookup the same way', async () => {
    const err = await failure(
      loaders({ password: 'wrong' }).family.load(dataset.fixtures.everyServiceFamilyKk),
    );
    expect(err.code).toBe(ErrorCode.UpstreamUnavailable);
  });

  it('reports a malformed body as UPSTREAM_BAD_RESPONSE', async () => {
    mock.setFault(CALL_NIK, { malformed: true });
    const err = await failure(loaders().citizen.load(nik()));
    expect(err.code).toBe(ErrorCode.UpstreamBadResponse);
  });

  it('reports a 503 as a retryable UPSTREAM_UNAVAILABLE', async () => {
    mock.setFault(CALL_KK, { status: 503 });
    const err = await failure(loaders().family.load(dataset.fixtures.everyServiceFamilyKk));
    expect(err.code).toBe(ErrorCode.UpstreamUnavailable);
    expect(err.retryable).toBe(true);
  });

  it('never puts the NIK in error messages or details', async () => {
    mock.setFault(CALL_NIK, { malformed: true });
    const malformed = await failure(loaders().citizen.load(nik()));
    mock.faults.clear();
    const refused = await failure(loaders({ password: 'wrong' }).citizen.load(nik()));

    for (const err of [malformed, refused]) {
      expect(`${err.message} ${err.detail ?? ''}`).not.toContain(nik());
    }
  });
});

describe('probe', () => {
  const call = () => ({
    connector: 'dukcapil',
    requestId: 'probe',
    signal: new AbortController().signal,
    timeoutMs: 2_000,
  });

  it('passes when Dukcapil answers and accepts the credentials, without reading any real record', async () => {
    await expect(runtime().probe(call())).resolves.toBeUndefined();
    expect(mock.calls.get(CALL_NIK)).toBe(1);
  });

  it('fails when the credentials are refused', async () => {
    const err = await failure(runtime({ password: 'wrong' }).probe(call()));
    expect(err.code).toBe(ErrorCode.UpstreamUnavailable);
  });
});

describe('configuration', () => {
  it('accepts the dev credentials', () => {
    expect(dukcapilConfigSchema.safeParse(MOCK_CREDENTIALS.dukcapil).success).toBe(true);
  });

  it.each([
    ['a consumer that would change the URL path', { consumer: 'A/../B' }],
    ['an empty password', { password: '' }],
    ['an ip_user that is not an IP address', { ipUser: 'localhost' }],
  ])('rejects %s', (_case, overrides) => {
    expect(
      dukcapilConfigSchema.safeParse({ ...MOCK_CREDENTIALS.dukcapil, ...overrides }).success,
    ).toBe(false);
  });

  it('has no default for secrets', () => {
    for (const secret of ['userId', 'password'] as const) {
      const config: Partial<DukcapilConfig> = { ...MOCK_CREDENTIALS.dukcapil };
      delete config[secret];
      expect(dukcapilConfigSchema.safeParse(config).success).toBe(false);
    }
  });
});
