import { MOCK_CREDENTIALS } from '../../../mocks/credentials';
import { createTestUpstream } from '../../support/upstream';
import { AccessTokenSource } from '../../../src/connectors/bpjs-ketenagakerjaan/token';
import type { CallContext } from '../../../src/connectors/core/types';
import { KEY, rejection, startHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => h.reset());

const kpjs = (n: number) => [...h.dataset.employment.keys()].slice(0, n);

describe('BPJS Ketenagakerjaan OAuth2 token handling (connector)', () => {
  it('fetches one token for many calls across requests', async () => {
    const rt = h.runtime();
    for (const kpj of kpjs(5)) await h.loaders(rt).membershipByKpj.load(kpj);
    await h
      .loaders(rt)
      .membershipByNik.loadMany(h.dataset.residents.slice(0, 10).map((r) => r.nik));

    expect(h.mock.calls.get('token')).toBe(1);
    expect(h.mock.calls.get('peserta')).toBe(5);
  });

  it('refreshes once and retries once when the agency expires its tokens', async () => {
    const rt = h.runtime();
    const [first, second] = kpjs(2);
    await h.loaders(rt).membershipByKpj.load(first!);
    h.mock.expireAllTokens();

    const record = await h.loaders(rt).membershipByKpj.load(second!);

    expect(record?.kpj).toBe(second);
    expect(h.mock.calls.get('token')).toBe(2);
    // One call for the first KPJ; the second was refused (401) and then retried.
    expect(h.mock.calls.get('peserta')).toBe(3);
  });

  it('makes exactly one token call for 20 concurrent requests without a token', async () => {
    const rt = h.runtime();
    const results = await Promise.all(
      kpjs(20).map((kpj) => h.loaders(rt).membershipByKpj.load(kpj)),
    );

    expect(results.every((r) => r !== null)).toBe(true);
    expect(h.mock.calls.get('token')).toBe(1);
    expect(h.mock.calls.get('peserta')).toBe(20);
  });

  it('shares one refresh among concurrent requests refused with the same stale token', async () => {
    const rt = h.runtime();
    await h.loaders(rt).membershipByKpj.load(kpjs(1)[0]!);
    h.mock.expireAllTokens();
    h.mock.calls.reset();

    await Promise.all(kpjs(20).map((kpj) => h.loaders(rt).membershipByKpj.load(kpj)));

    expect(h.mock.calls.get('token')).toBe(1);
    expect(h.mock.calls.get('peserta')).toBe(40);
  });

  it('does not cache a refused token request: the next call asks again', async () => {
    const rt = h.runtime({ clientSecret: 'wrong' });
    const kpj = kpjs(1)[0]!;
    const first = await rejection(h.loaders(rt).membershipByKpj.load(kpj));
    const second = await rejection(h.loaders(rt).membershipByKpj.load(kpj));

    expect([first.code, second.code]).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
    expect(first).toMatchObject({
      retryable: false,
      detail: expect.stringContaining('invalid_client'),
    });
    expect(h.mock.calls.get('token')).toBe(2);
  });

  it('reports a token endpoint outage (HTTP 503) as a retryable UPSTREAM_UNAVAILABLE', async () => {
    h.mock.setFault('token', { status: 503 });
    const error = await rejection(h.loaders(h.runtime()).membershipByKpj.load(kpjs(1)[0]!));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(h.mock.calls.get('peserta')).toBe(0);
  });

  it('reports a malformed token response as UPSTREAM_BAD_RESPONSE', async () => {
    h.mock.setFault('token', { malformed: true });
    const error = await rejection(h.loaders(h.runtime()).membershipByKpj.load(kpjs(1)[0]!));
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
  });
});

describe('AccessTokenSource', () => {
  let closeUpstream: () => void;
  let source: (clock: { now: number }) => AccessTokenSource;

  beforeAll(() => {
    const { upstream, close } = createTestUpstream(KEY, h.mock.url);
    closeUpstream = close;
    source = (clock) =>
      new AccessTokenSource({
        upstream,
        ...MOCK_CREDENTIALS[KEY],
        timeoutMs: 2_000,
        now: () => clock.now,
      });
  });
  afterAll(() => closeUpstream());

  const call = (signal: AbortSignal = new AbortController().signal): CallContext => ({
    connector: KEY,
    requestId: 'token-test',
    signal,
    timeoutMs: 2_000,
  });

  it('replaces a token 30 s before it expires, without waiting for a 401', async () => {
    const clock = { now: 1_000_000 };
    const tokens = source(clock);
    const first = await tokens.get(call());

    clock.now += (3600 - 31) * 1000;
    await expect(tokens.get(call())).resolves.toBe(first);
    clock.now += 2_000;
    const second = await tokens.get(call());

    expect(second).not.toBe(first);
    expect(h.mock.calls.get('token')).toBe(2);
  });

  it('forgets a token only when it is still the current one (compare-and-clear)', async () => {
    const clock = { now: 0 };
    const tokens = source(clock);
    const stale = await tokens.get(call());
    tokens.invalidate(stale);
    const fresh = await tokens.get(call());

    tokens.invalidate(stale); // a late 401 for the old token must not discard the new one
    await expect(tokens.get(call())).resolves.toBe(fresh);
    expect(h.mock.calls.get('token')).toBe(2);
  });

  it('lets a cancelled caller stop waiting while the shared token still reaches the others', async () => {
    h.mock.setFault('token', { latencyMs: 150 });
    const tokens = source({ now: 0 });
    const impatient = new AbortController();

    const cancelled = tokens.get(call(impatient.signal));
    const patient = tokens.get(call());
    setTimeout(() => impatient.abort(), 20);

    await expect(cancelled).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    await expect(patient).resolves.toEqual(expect.any(String));
    expect(h.mock.calls.get('token')).toBe(1);
  });
});

describe('AccessTokenSource with short-lived tokens', () => {
  let short: Harness;
  beforeAll(async () => {
    short = await startHarness({ tokenLifetimeSeconds: 40 });
  });
  afterAll(async () => {
    await short.stop();
  });

  it('caps the refresh margin at half the token lifetime', async () => {
    const { upstream, close } = createTestUpstream(KEY, short.mock.url);
    const clock = { now: 0 };
    const tokens = new AccessTokenSource({
      upstream,
      ...MOCK_CREDENTIALS[KEY],
      timeoutMs: 2_000,
      now: () => clock.now,
    });
    const call: CallContext = {
      connector: KEY,
      requestId: 't',
      signal: new AbortController().signal,
      timeoutMs: 2_000,
    };
    try {
      const first = await tokens.get(call);
      clock.now = 19_000;
      await expect(tokens.get(call)).resolves.toBe(first);
      clock.now = 21_000;
      await expect(tokens.get(call)).resolves.not.toBe(first);
      expect(short.mock.calls.get('token')).toBe(2);
    } finally {
      close();
    }
  });
});
