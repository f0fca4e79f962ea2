import pino from 'pino';
import { bpkd, bpkdConfigSchema, type BpkdConfig } from '../../src/connectors/bpkd';
import type { BpkdLoaders } from '../../src/connectors/bpkd/loaders';
import type { TaxBillRecord } from '../../src/connectors/bpkd/domain';
import { UpstreamError } from '../../src/errors';
import { MOCK_CREDENTIALS } from '../../mocks/credentials';
import { DATA_AS_OF, getDataset, type Dataset } from '../../mocks/data/dataset';
import { createBpkdMock, type BpkdMock } from '../../mocks/bpkd/server';
import { createTestUpstream, testScope } from '../support/upstream';

const BY_SUBJECT = 'GetObjekPajakBySubjek';
const BILLS = 'GetTagihanSppt';

let mock: BpkdMock;
let dataset: Dataset;
const closers: Array<() => void> = [];

beforeAll(async () => {
  dataset = getDataset();
  mock = await createBpkdMock(dataset).start();
});

afterAll(async () => {
  for (const close of closers) close();
  await mock.stop();
});

beforeEach(() => {
  mock.calls.reset();
  mock.faults.clear();
});

function runtime(overrides: Partial<BpkdConfig> = {}) {
  // Generous timeouts: these tests count calls, and a SOAP batch of 50 on a loaded two-core
  // machine can take seconds (the timeout behaviour has tests of its own).
  const { upstream, close } = createTestUpstream('bpkd', mock.url, 10_000);
  closers.push(close);
  const settings = bpkdConfigSchema.parse({ ...MOCK_CREDENTIALS.bpkd, ...overrides });
  const config = { ...settings, baseUrl: mock.url, timeoutMs: 10_000 };
  return bpkd.create({ config, upstream, logger: pino({ level: 'silent' }) });
}

/** Fresh loaders, as one GraphQL request gets. */
function loaders(overrides: Partial<BpkdConfig> = {}): BpkdLoaders {
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

const headNik = () => dataset.fixtures.everyServiceHeadNik;
const familyNiks = () =>
  dataset.byKk.get(dataset.fixtures.everyServiceFamilyKk)!.members.map((m) => m.nik);
const firstNopOf = (nik: string) => dataset.taxObjectsByOwner.get(nik)![0]!.nop;

describe('tax object by NOP (GetTagihanSppt)', () => {
  it('maps the fixture family head’s house and its bills, newest year first', async () => {
    const native = dataset.taxObjectsByOwner.get(headNik())![0]!;

    const object = await loaders().taxObject.load(native.nop);

    const newest = native.bills[native.bills.length - 1]!;
    expect(object).toMatchObject({
      nop: native.nop,
      taxpayerName: native.ownerName,
      taxpayerAddress: { street: native.ownerStreet, village: native.ownerVillage },
      location: {
        street: native.objectStreet,
        village: native.objectVillage,
        district: native.objectDistrict,
      },
      landArea: newest.landArea,
      buildingArea: newest.buildingArea,
    });
    expect(object!.bills.map((b) => b.year)).toEqual([2026, 2025, 2024, 2023, 2022]);
    // The fixture has the current year unpaid and every earlier year paid.
    expect(object!.bills[0]).toEqual({
      nop: native.nop,
      year: 2026,
      landArea: newest.landArea,
      buildingArea: newest.buildingArea,
      njopLand: newest.njopLand,
      njopBuilding: newest.njopBuilding,
      njop: newest.njop,
      njoptkp: newest.njoptkp,
      assessedTax: newest.taxDue,
      amount: newest.amountToPay,
      dueDate: '2026-08-31',
      paid: false,
      paidOn: null,
    });
    const lastYear = native.bills.find((b) => b.year === 2025)!;
    expect(object!.bills[1]).toMatchObject({ paid: true, paidOn: lastYear.paidDate });
  });

  it('finds an object whose bills are all paid (result code 54)', async () => {
    const nop = firstNopOf(dataset.fixtures.premiumArrearsNik);

    const object = await loaders().taxObject.load(nop);

    expect(object?.nop).toBe(nop);
    expect(object?.bills.every((b) => b.paid)).toBe(true);
  });

  it('resolves an unknown NOP to null without an error (result code 55)', async () => {
    await expect(loaders().taxObject.load('117303000399990010')).resolves.toBeNull();
    expect(mock.calls.get(BILLS)).toBe(1);
  });

  it('asks for many NOPs in one call and each NOP once', async () => {
    const nops = [...dataset.taxObjects.keys()].slice(0, 10);
    const l = loaders();

    const objects = await Promise.all(
      [...nops, ...nops, '117303000399990010'].map((nop) => l.taxObject.load(nop)),
    );

    expect(objects.slice(0, 10).map((o) => o?.nop)).toEqual(nops);
    expect(objects.at(-1)).toBeNull();
    expect(mock.calls.get(BILLS)).toBe(1);
  });

  it('splits more than 50 NOPs into calls of at most 50', async () => {
    const nops = [...dataset.taxObjects.keys()].slice(0, 120);

    const objects = await loaders().taxObject.loadMany(nops);

    expect(objects.every((o) => o !== null && !(o instanceof Error))).toBe(true);
    expect(mock.calls.get(BILLS)).toBe(3);
  });
});

describe('tax objects of an owner (GetObjekPajakBySubjek)', () => {
  it('costs one call per operation for a whole family of five', async () => {
    const l = loaders();

    const results = await Promise.all(familyNiks().map((nik) => l.taxObjectsByOwner.load(nik)));

    const [head, ...others] = results;
    expect(head?.map((o) => o.nop)).toEqual(
      dataset.taxObjectsByOwner.get(headNik())!.map((o) => o.nop),
    );
    expect(head?.every((o) => o.bills.length === 5)).toBe(true);
    // Only the head holds objects: BPKD answers 55 for the others.
    expect(others).toEqual([null, null, null, null]);
    expect(mock.calls.all()).toMatchObject({ [BY_SUBJECT]: 1, [BILLS]: 1 });
    expect(mock.calls.total()).toBe(2);
  });

  it('serves a later NOP lookup in the same request from the owner’s load', async () => {
    const l = loaders();
    await l.taxObjectsByOwner.load(headNik());

    await l.taxObject.load(firstNopOf(headNik()));

    expect(mock.calls.get(BILLS)).toBe(1);
  });

  it('resolves a citizen BPKD does not know to null', async () => {
    await expect(loaders().taxObjectsByOwner.load(dataset.fixtures.unknownNik)).resolves.toBeNull();
    expect(mock.calls.get(BILLS)).toBe(0);
  });

  it('fails the owner’s list, not just one object, when the bills call fails', async () => {
    mock.setFault(BILLS, { status: 503 });

    const error = await failure(loaders().taxObjectsByOwner.load(headNik()));

    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(mock.calls.get(BY_SUBJECT)).toBe(1);
  });
});

describe('penalty helper', () => {
  const asOf = new Date(`${DATA_AS_OF}T09:00:00+07:00`);
  const unpaid: TaxBillRecord = {
    nop: '117303000301200010',
    year: 2026,
    landArea: 120,
    buildingArea: 45,
    njopLand: 0,
    njopBuilding: 0,
    njop: 0,
    njoptkp: 0,
    assessedTax: 100_000,
    amount: 100_000,
    dueDate: '2026-08-31',
    paid: false,
    paidOn: null,
  };

  it('applies the legacy rule by default (3 months late on the data set’s day: 6%)', () => {
    expect(loaders().penalty(unpaid, asOf)).toBe(6_000);
  });

  it('applies a configured rate and cap', () => {
    const l = loaders({ penaltyRatePercent: 1, penaltyMaxMonths: 2 });
    expect(l.penalty(unpaid, asOf)).toBe(2_000);
  });
});

describe('failures', () => {
  it('reports rejected credentials (a SOAP Fault with HTTP 500) as UPSTREAM_UNAVAILABLE', async () => {
    const error = await failure(
      loaders({ password: 'wrong' }).taxObject.load(firstNopOf(headNik())),
    );
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).not.toContain('wrong');
  });

  it.each([BILLS, 'ws/pbb'])(
    'reports a broken XML answer (malformed fault on %s) as UPSTREAM_BAD_RESPONSE',
    async (endpoint) => {
      mock.setFault(endpoint, { malformed: true });
      const error = await failure(loaders().taxObject.load(firstNopOf(headNik())));
      expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    },
  );

  it('reports a malformed owner answer as UPSTREAM_BAD_RESPONSE', async () => {
    mock.setFault(BY_SUBJECT, { malformed: true });
    const error = await failure(loaders().taxObjectsByOwner.load(headNik()));
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('reports HTTP 503 on one operation as UPSTREAM_UNAVAILABLE while the other still answers', async () => {
    mock.setFault(BY_SUBJECT, { status: 503 });
    const l = loaders();

    const error = await failure(l.taxObjectsByOwner.load(headNik()));

    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    await expect(l.taxObject.load(firstNopOf(headNik()))).resolves.not.toBeNull();
  });

  it('reports an agency that is down as UPSTREAM_UNAVAILABLE', async () => {
    mock.setFault('*', { reset: true });
    const error = await failure(loaders().taxObject.load(firstNopOf(headNik())));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('reports an operation that never answers as UPSTREAM_TIMEOUT', async () => {
    mock.setFault(BILLS, { hang: true });
    const { upstream, close } = createTestUpstream('bpkd', mock.url, 200);
    closers.push(close);
    const config = {
      ...bpkdConfigSchema.parse(MOCK_CREDENTIALS.bpkd),
      baseUrl: mock.url,
      timeoutMs: 200,
    };
    const l = bpkd
      .create({ config, upstream, logger: pino({ level: 'silent' }) })
      .createLoaders(testScope());

    const error = await failure(l.taxObject.load(firstNopOf(headNik())));

    expect(error.code).toBe('UPSTREAM_TIMEOUT');
  });
});

describe('probe', () => {
  const call = () => ({
    connector: 'bpkd',
    requestId: 'probe',
    signal: new AbortController().signal,
    timeoutMs: 2_000,
  });

  it('passes when the service answers our credentials', async () => {
    await expect(runtime().probe(call())).resolves.toBeUndefined();
    expect(mock.calls.get(BILLS)).toBe(1);
  });

  it('fails with wrong credentials', async () => {
    await expect(runtime({ password: 'wrong' }).probe(call())).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
  });
});

describe('configuration', () => {
  it('defaults the penalty to the legacy rule and coerces env strings', () => {
    expect(bpkdConfigSchema.parse({ username: 'u', password: 'p' })).toMatchObject({
      penaltyRatePercent: 2,
      penaltyMaxMonths: 24,
    });
    expect(
      bpkdConfigSchema.parse({
        username: 'u',
        password: 'p',
        penaltyRatePercent: '1',
        penaltyMaxMonths: '15',
      }),
    ).toMatchObject({
      penaltyRatePercent: 1,
      penaltyMaxMonths: 15,
    });
  });

  it('has no default for credentials', () => {
    expect(bpkdConfigSchema.safeParse({}).success).toBe(false);
  });
});
