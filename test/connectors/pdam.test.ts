import pino from 'pino';
import { MOCK_CREDENTIALS } from '../../mocks/credentials';
import { getDataset, type WaterAccount } from '../../mocks/data/dataset';
import { createPdamMock, type PdamMock } from '../../mocks/pdam/server';
import type { CallContext, ConnectorRuntime } from '../../src/connectors/core/types';
import { pdam, type PdamLoaders, type WaterAccountRecord } from '../../src/connectors/pdam';
import { UpstreamError } from '../../src/errors';
import { createTestUpstream, testScope } from '../support/upstream';

const dataset = getDataset();
const { fixtures } = dataset;

const accountOf = (nik: string): WaterAccount => {
  const account = dataset.waterByOwner.get(nik)?.[0];
  if (!account) throw new Error('fixture has no water account');
  return account;
};

/** The record the connector must produce, derived independently from the seeded data. */
const expectedRecord = (a: WaterAccount): WaterAccountRecord => ({
  customerNumber: a.customerNumber,
  name: a.name,
  address: a.address,
  tariffGroup: a.tariffGroup,
  tariffName: a.tariffName,
  unpaidPeriods: a.unpaid.map((p) => ({
    period: `${p.period.slice(0, 4)}-${p.period.slice(4)}`,
    previousReading: p.previousReading,
    currentReading: p.currentReading,
    usageM3: p.usage,
    waterCharge: p.waterCharge,
    adminFee: p.adminFee,
    penalty: p.penalty,
    total: p.total,
  })),
  periodsInArrears: a.unpaid.length,
  totalOutstanding: a.unpaid.reduce((s, p) => s + p.total, 0),
});

function runtimeFor(url: string, apiKey: string = MOCK_CREDENTIALS.pdam.apiKey) {
  const test = createTestUpstream('pdam', url);
  const runtime: ConnectorRuntime<PdamLoaders> = pdam.create({
    config: { apiKey, baseUrl: url, timeoutMs: 2_000 },
    upstream: test.upstream,
    logger: pino({ level: 'silent' }),
  });
  return { runtime, close: test.close };
}

const callContext = (): CallContext => ({
  connector: 'pdam',
  requestId: 'probe',
  signal: AbortSignal.timeout(2_000),
  timeoutMs: 2_000,
});

async function expectUpstreamError(promise: Promise<unknown>, code: string) {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  expect((error as UpstreamError).code).toBe(code);
  expect((error as UpstreamError).connector).toBe('pdam');
}

describe('PDAM connector against the PDAM mock', () => {
  let mock: PdamMock;
  let connector: ReturnType<typeof runtimeFor>;
  const loaders = () => connector.runtime.createLoaders(testScope());

  beforeAll(async () => {
    mock = await createPdamMock(dataset).start();
    connector = runtimeFor(mock.url);
  });
  afterAll(async () => {
    connector.close();
    await mock.stop();
  });
  beforeEach(() => {
    mock.calls.reset();
    mock.faults.clear();
  });

  describe('account', () => {
    it('maps the arrears fixture: every unpaid period oldest first, numeric strings as numbers, totals', async () => {
      const native = accountOf(fixtures.arrearsNik);
      const record = await loaders().account.load(native.customerNumber);
      expect(record).toEqual(expectedRecord(native));
      expect(record?.periodsInArrears).toBe(5);
      expect(record?.unpaidPeriods.map((b) => b.period)).toEqual([
        '2026-06',
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
      ]);
      expect(mock.calls.get('inquiry')).toBe(1);
    });

    it('gives a paid-up account with no unpaid periods and nothing outstanding', async () => {
      const native = accountOf(fixtures.premiumArrearsNik);
      expect(native.unpaid).toHaveLength(0);
      const record = await loaders().account.load(native.customerNumber);
      expect(record).toMatchObject({ unpaidPeriods: [], periodsInArrears: 0, totalOutstanding: 0 });
      expect(record?.name).toBe(native.name);
    });

    it('resolves an unknown customer number (rc 14) to null', async () => {
      expect(await loaders().account.load('0199999999')).toBeNull();
      expect(mock.calls.get('inquiry')).toBe(1);
    });

    it('makes one inquiry per distinct account and none for repeats', async () => {
      const a = accountOf(fixtures.arrearsNik).customerNumber;
      const b = accountOf(fixtures.everyServiceHeadNik).customerNumber;
      const results = await loaders().account.loadMany([a, b, a, b]);
      expect(results.map((r) => (r as WaterAccountRecord).customerNumber)).toEqual([a, b, a, b]);
      expect(mock.calls.get('inquiry')).toBe(2);
    });
  });

  describe('accountsByOwner', () => {
    it('costs one pelanggan call and one inquiry for a family of five with one account', async () => {
      const family = dataset.byKk.get(fixtures.everyServiceFamilyKk)!.members.map((m) => m.nik);
      expect(family).toHaveLength(5);
      const results = await loaders().accountsByOwner.loadMany(family);
      expect(results[0]).toEqual([expectedRecord(accountOf(fixtures.everyServiceHeadNik))]);
      expect(results.slice(1)).toEqual([[], [], [], []]);
      expect(mock.calls.all()).toEqual({ pelanggan: 1, inquiry: 1 });
    });

    it('shares inquiries with the account loader in the same request', async () => {
      const l = loaders();
      const native = accountOf(fixtures.everyServiceHeadNik);
      const [direct, owned] = await Promise.all([
        l.account.load(native.customerNumber),
        l.accountsByOwner.load(fixtures.everyServiceHeadNik),
      ]);
      expect(owned).toEqual([direct]);
      expect(mock.calls.get('inquiry')).toBe(1);
    });

    it('answers an empty list, not null, for people who own no connection', async () => {
      const l = loaders();
      expect(await l.accountsByOwner.load(fixtures.dukcapilOnlyNik)).toEqual([]);
      expect(await l.accountsByOwner.load(fixtures.unknownNik)).toEqual([]);
      expect(mock.calls.get('inquiry')).toBe(0);
    });

    it('splits more than 50 NIKs over pelanggan calls of at most 50', async () => {
      const owners = [...dataset.waterByOwner.keys()].slice(0, 60);
      const results = await loaders().accountsByOwner.loadMany(owners);
      expect(mock.calls.get('pelanggan')).toBe(2);
      expect(mock.calls.get('inquiry')).toBe(60);
      results.forEach((accounts, i) =>
        expect((accounts as WaterAccountRecord[]).map((a) => a.customerNumber)).toEqual(
          dataset.waterByOwner.get(owners[i]!)!.map((a) => a.customerNumber),
        ),
      );
    });

    it('fails an owner whose account inquiry failed instead of shortening the list', async () => {
      mock.setFault('inquiry', { status: 503 });
      const [owner, nobody] = await loaders().accountsByOwner.loadMany([
        fixtures.everyServiceHeadNik,
        fixtures.dukcapilOnlyNik,
      ]);
      expect(owner).toBeInstanceOf(UpstreamError);
      expect((owner as UpstreamError).code).toBe('UPSTREAM_UNAVAILABLE');
      expect(nobody).toEqual([]);
    });
  });

  describe('failures', () => {
    it('reports a refused API key as UPSTREAM_UNAVAILABLE on both endpoints', async () => {
      const wrong = runtimeFor(mock.url, 'not-the-key');
      try {
        const l = wrong.runtime.createLoaders(testScope());
        await expectUpstreamError(
          l.account.load(accountOf(fixtures.arrearsNik).customerNumber),
          'UPSTREAM_UNAVAILABLE',
        );
        await expectUpstreamError(
          l.accountsByOwner.load(fixtures.arrearsNik),
          'UPSTREAM_UNAVAILABLE',
        );
        expect(mock.calls.all()).toEqual({ inquiry: 1, pelanggan: 1 });
      } finally {
        wrong.close();
      }
    });

    it('reports a malformed inquiry body as UPSTREAM_BAD_RESPONSE', async () => {
      mock.setFault('inquiry', { malformed: true });
      await expectUpstreamError(
        loaders().account.load(accountOf(fixtures.arrearsNik).customerNumber),
        'UPSTREAM_BAD_RESPONSE',
      );
    });

    it('reports a malformed pelanggan body as UPSTREAM_BAD_RESPONSE without calling the inquiry', async () => {
      mock.setFault('pelanggan', { malformed: true });
      await expectUpstreamError(
        loaders().accountsByOwner.load(fixtures.arrearsNik),
        'UPSTREAM_BAD_RESPONSE',
      );
      expect(mock.calls.get('inquiry')).toBe(0);
    });

    it('reports HTTP 503 as UPSTREAM_UNAVAILABLE', async () => {
      mock.setFault('*', { status: 503 });
      await expectUpstreamError(
        loaders().account.load(accountOf(fixtures.arrearsNik).customerNumber),
        'UPSTREAM_UNAVAILABLE',
      );
      await expectUpstreamError(
        loaders().accountsByOwner.load(fixtures.arrearsNik),
        'UPSTREAM_UNAVAILABLE',
      );
    });

    it('reports a hanging agency as UPSTREAM_TIMEOUT within the request budget', async () => {
      mock.setFault('inquiry', { hang: true });
      const l = connector.runtime.createLoaders(testScope(300));
      await expectUpstreamError(
        l.account.load(accountOf(fixtures.arrearsNik).customerNumber),
        'UPSTREAM_TIMEOUT',
      );
    });
  });

  describe('probe', () => {
    it('passes when PDAM answers and accepts the key', async () => {
      await expect(connector.runtime.probe(callContext())).resolves.toBeUndefined();
      expect(mock.calls.get('inquiry')).toBe(1);
    });

    it('fails with UPSTREAM_UNAVAILABLE when the key is refused', async () => {
      const wrong = runtimeFor(mock.url, 'not-the-key');
      try {
        await expectUpstreamError(wrong.runtime.probe(callContext()), 'UPSTREAM_UNAVAILABLE');
      } finally {
        wrong.close();
      }
    });
  });
});

describe('PDAM connector against a billing system answering rc 88 when paid up', () => {
  let mock: PdamMock;
  let connector: ReturnType<typeof runtimeFor>;

  beforeAll(async () => {
    mock = await createPdamMock(dataset, { paidUpAnswer: 'rc88' }).start();
    connector = runtimeFor(mock.url);
  });
  afterAll(async () => {
    connector.close();
    await mock.stop();
  });

  it('treats "TAGIHAN SUDAH LUNAS" as an account with no unpaid periods', async () => {
    const native = accountOf(fixtures.premiumArrearsNik);
    const raw = await fetch(`${mock.url}/api/v1/inquiry/${native.customerNumber}`, {
      headers: { 'X-Api-Key': MOCK_CREDENTIALS.pdam.apiKey },
    });
    expect(((await raw.json()) as { rc: string }).rc).toBe('88');

    const record = await connector.runtime
      .createLoaders(testScope())
      .account.load(native.customerNumber);
    expect(record).toEqual(expectedRecord(native));
    expect(record?.unpaidPeriods).toEqual([]);
  });
});
