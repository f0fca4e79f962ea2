import pino from 'pino';
import { graphql } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import vector from '../fixtures/bpjs-vclaim-vector.json';
import { createBpjsKesehatanMock } from '../../mocks/bpjs-kesehatan/server';
import { MockAgency } from '../../mocks/core/server';
import { MOCK_CREDENTIALS } from '../../mocks/credentials';
import { getDataset, type Dataset } from '../../mocks/data/dataset';
import { bpjsKesehatan, type BpjsKesehatanConfig } from '../../src/connectors/bpjs-kesehatan';
import { VClaimClient } from '../../src/connectors/bpjs-kesehatan/client';
import type { CallContext } from '../../src/connectors/core/types';
import { ErrorCode, UpstreamError } from '../../src/errors';
import { bpjsKesehatanResolvers } from '../../src/resolvers/bpjs-kesehatan';
import { loadTypeDefs, scalarResolvers } from '../../src/schema';
import { createTestUpstream, testScope } from '../support/upstream';

const KEY = 'bpjs-kesehatan';
const CREDENTIALS = MOCK_CREDENTIALS[KEY];

let dataset: Dataset;
let mock: MockAgency;
const closers: Array<() => void> = [];

beforeAll(async () => {
  dataset = getDataset();
  mock = await createBpjsKesehatanMock(dataset).start();
});

afterAll(async () => {
  for (const close of closers) close();
  await mock.stop();
});

beforeEach(() => {
  mock.calls.reset();
  mock.faults.clear();
});

function runtime(overrides: Partial<BpjsKesehatanConfig> = {}, baseUrl = mock.url) {
  const { upstream, close } = createTestUpstream(KEY, baseUrl);
  closers.push(close);
  const config = bpjsKesehatan.configSchema.parse({ ...CREDENTIALS, ...overrides });
  const rt = bpjsKesehatan.create({
    config: { ...config, baseUrl, timeoutMs: 2_000 },
    upstream,
    logger: pino({ level: 'silent' }),
  });
  return { ...rt, upstream, loaders: () => rt.createLoaders(testScope()) };
}

const call = (): CallContext => ({
  connector: KEY,
  requestId: 'test',
  signal: AbortSignal.timeout(2_000),
  timeoutMs: 2_000,
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof UpstreamError))
    throw new Error(`expected an UpstreamError, got ${String(err)}`);
  expect(err.connector).toBe(KEY);
  return err.code;
}

const healthOf = (nik: string) => {
  const card = dataset.healthByNik.get(nik);
  if (!card) throw new Error('fixture has no BPJS card');
  return card;
};

describe('BPJS Kesehatan connector against the VClaim mock', () => {
  it('maps the premium-arrears fixture looked up by NIK', async () => {
    const nik = dataset.fixtures.premiumArrearsNik;
    const card = healthOf(nik);
    const record = await runtime().loaders().participantByNik.load(nik);
    expect(record).toEqual({
      cardNumber: card.cardNumber,
      nik,
      name: card.name,
      sex: card.sex === 'L' ? 'MALE' : 'FEMALE',
      birthDate: card.birthDate,
      status: 'PREMIUM_ARREARS',
      statusDescription: 'NON AKTIF KARNA PREMI',
      active: false,
      membershipType: { code: card.type.kode, description: card.type.keterangan },
      careClass: `CLASS_${card.classCode}`,
      primaryCareProvider: { code: card.provider.kdProvider, name: card.provider.nmProvider },
      coverageStart: card.tmt,
      coverageEnd: card.tat,
    });
    expect(mock.calls.get('peserta-nik')).toBe(1);
  });

  it('finds an active member by card number', async () => {
    const card = healthOf(dataset.fixtures.everyServiceHeadNik);
    const record = await runtime().loaders().participantByCard.load(card.cardNumber);
    expect(record).toMatchObject({
      cardNumber: card.cardNumber,
      nik: dataset.fixtures.everyServiceHeadNik,
      status: 'ACTIVE',
      active: true,
    });
    expect(mock.calls.get('peserta-nokartu')).toBe(1);
  });

  it('resolves an unknown NIK or card number to null without an error', async () => {
    const loaders = runtime().loaders();
    await expect(loaders.participantByNik.load(dataset.fixtures.unknownNik)).resolves.toBeNull();
    await expect(
      loaders.participantByNik.load(dataset.fixtures.dukcapilOnlyNik),
    ).resolves.toBeNull();
    await expect(loaders.participantByCard.load('0009999999999')).resolves.toBeNull();
  });

  it('makes one VClaim call per distinct NIK of a family and none for repeats', async () => {
    const family = dataset.byKk.get(dataset.fixtures.everyServiceFamilyKk);
    const niks = family?.members.map((m) => m.nik) ?? [];
    expect(niks).toHaveLength(5);
    const loaders = runtime().loaders();
    const records = await loaders.participantByNik.loadMany([...niks, ...niks, niks[0]!]);
    expect(records.slice(0, 5).map((r) => (r && !(r instanceof Error) ? r.nik : r))).toEqual(niks);
    expect(mock.calls.get('peserta-nik')).toBe(5);
    await loaders.participantByNik.load(niks[1]!);
    expect(mock.calls.get('peserta-nik')).toBe(5);
  });

  it('answers a card lookup from a NIK lookup in the same request, and vice versa', async () => {
    const [headNik, otherNik] = dataset.byKk
      .get(dataset.fixtures.everyServiceFamilyKk)!
      .members.map((m) => m.nik);
    const loaders = runtime().loaders();
    const byNik = await loaders.participantByNik.load(headNik!);
    await expect(loaders.participantByCard.load(byNik!.cardNumber)).resolves.toBe(byNik);

    const byCard = await loaders.participantByCard.load(healthOf(otherNik!).cardNumber);
    await expect(loaders.participantByNik.load(otherNik!)).resolves.toBe(byCard);
    expect(mock.calls.all()).toEqual({ 'peserta-nik': 1, 'peserta-nokartu': 1 });
  });

  it('fails with UPSTREAM_UNAVAILABLE when the secret key is wrong (signature refused)', async () => {
    const loaders = runtime({ secretKey: 'not-the-secret' }).loaders();
    expect(await codeOf(loaders.participantByNik.load(dataset.fixtures.everyServiceHeadNik))).toBe(
      ErrorCode.UpstreamUnavailable,
    );
    expect(mock.calls.get('peserta-nik')).toBe(1);
  });

  it.each([
    ['an unknown cons-id', { consId: '11111' }],
    ['a wrong user_key', { userKey: 'not-the-user-key' }],
  ])('fails with UPSTREAM_UNAVAILABLE for %s', async (_label, overrides) => {
    const loaders = runtime(overrides).loaders();
    expect(await codeOf(loaders.participantByCard.load('0000000100189'))).toBe(
      ErrorCode.UpstreamUnavailable,
    );
  });

  it('is refused when its clock is more than 300 s off, and accepted within that window', async () => {
    const { upstream } = runtime();
    const config = bpjsKesehatan.configSchema.parse(CREDENTIALS);
    const skewed = (seconds: number) =>
      new VClaimClient(upstream, { ...config, now: () => Date.now() + seconds * 1000 });
    const nik = dataset.fixtures.everyServiceHeadNik;
    expect(await codeOf(skewed(-400).participantByNik(nik, call()))).toBe(
      ErrorCode.UpstreamUnavailable,
    );
    expect(await codeOf(skewed(400).participantByNik(nik, call()))).toBe(
      ErrorCode.UpstreamUnavailable,
    );
    await expect(skewed(-200).participantByNik(nik, call())).resolves.toMatchObject({ nik });
  });

  it('reports an undecryptable response (malformed fault) as UPSTREAM_BAD_RESPONSE', async () => {
    mock.setFault('peserta-nik', { malformed: true });
    const loaders = runtime().loaders();
    expect(await codeOf(loaders.participantByNik.load(dataset.fixtures.everyServiceHeadNik))).toBe(
      ErrorCode.UpstreamBadResponse,
    );
  });

  it('reports an HTTP 503 as UPSTREAM_UNAVAILABLE for that key only', async () => {
    mock.setFault('peserta-nokartu', { status: 503 });
    const loaders = runtime().loaders();
    const nik = dataset.fixtures.everyServiceHeadNik;
    const [failed, found] = await Promise.all([
      codeOf(loaders.participantByCard.load(healthOf(nik).cardNumber)),
      loaders.participantByNik.load(nik),
    ]);
    expect(failed).toBe(ErrorCode.UpstreamUnavailable);
    expect(found).toMatchObject({ nik });
  });

  it('probes with the signed province list and fails the probe on bad credentials', async () => {
    await expect(runtime().probe(call())).resolves.toBeUndefined();
    expect(mock.calls.get('referensi-propinsi')).toBe(1);
    expect(await codeOf(runtime({ secretKey: 'wrong' }).probe(call()))).toBe(
      ErrorCode.UpstreamUnavailable,
    );
  });
});

describe('BPJS Kesehatan connector against answers the mock never gives', () => {
  // A bare agency with fixed answers: the quirks a real VClaim can produce.
  let fixed: MockAgency;
  let answer: object = {};
  beforeAll(async () => {
    fixed = await new MockAgency({
      key: 'vclaim-fixed',
      routes: [
        {
          endpoint: 'any',
          method: 'GET',
          path: /^\/vclaim-rest\//,
          handle: () => ({ body: answer }),
        },
      ],
    }).start();
  });
  afterAll(() => fixed.stop());

  it('treats a response encrypted under another key as UPSTREAM_BAD_RESPONSE, not as data', async () => {
    answer = { metaData: { code: '200', message: 'OK' }, response: vector.response };
    const loaders = runtime({}, fixed.url).loaders();
    expect(await codeOf(loaders.participantByCard.load('0001425139852'))).toBe(
      ErrorCode.UpstreamBadResponse,
    );
  });

  it('does not report "not insured" for a 201 that is not about the participant', async () => {
    answer = { metaData: { code: '201', message: 'Tanggal SEP tidak sesuai' }, response: null };
    const loaders = runtime({}, fixed.url).loaders();
    expect(await codeOf(loaders.participantByCard.load('0001425139852'))).toBe(
      ErrorCode.UpstreamBadResponse,
    );
  });

  it.each(['Peserta Tidak Ditemukan', 'No.Kartu Tidak Sesuai'])(
    'reads a 201 "%s" as not found',
    async (message) => {
      answer = { metaData: { code: 201, message }, response: null };
      await expect(
        runtime({}, fixed.url).loaders().participantByCard.load('0001425139852'),
      ).resolves.toBeNull();
    },
  );

  it('keeps the identifier out of the error detail when VClaim echoes it', async () => {
    answer = { metaData: { code: '500', message: 'Gagal proses 0001425139852' }, response: null };
    const err: unknown = await runtime({}, fixed.url)
      .loaders()
      .participantByCard.load('0001425139852')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).code).toBe(ErrorCode.UpstreamUnavailable);
    expect((err as UpstreamError).retryable).toBe(true);
    expect(`${(err as UpstreamError).message} ${(err as UpstreamError).detail}`).not.toContain(
      '0001425139852',
    );
  });
});

describe('BPJS Kesehatan GraphQL slice', () => {
  const schema = makeExecutableSchema({
    typeDefs: [
      loadTypeDefs('core'),
      'interface Node { id: ID! }',
      // The Citizen root belongs to the Dukcapil module; a minimal stand-in is enough here.
      'type Citizen { nik: String! } extend type Query { citizen(nik: String!): Citizen }',
      loadTypeDefs(KEY),
    ],
    resolvers: [
      scalarResolvers,
      bpjsKesehatanResolvers,
      { Query: { citizen: (_root: unknown, args: { nik: string }) => ({ nik: args.nik }) } },
    ],
  });
  const run = (source: string, variables: Record<string, unknown>) =>
    graphql({
      schema,
      source,
      variableValues: variables,
      contextValue: { loaders: { [KEY]: runtime().loaders() } },
    });

  it("serves a citizen's health insurance next to a card lookup, one VClaim call each", async () => {
    const nik = dataset.fixtures.premiumArrearsNik;
    const result = await run(
      `query ($nik: String!, $card: String!) {
        citizen(nik: $nik) { healthInsurance { cardNumber status active careClass coverageEnd } }
        healthInsurance(cardNumber: $card) { nik name }
      }`,
      { nik, card: healthOf(nik).cardNumber },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({
      citizen: {
        healthInsurance: { status: 'PREMIUM_ARREARS', active: false, coverageEnd: '2050-01-01' },
      },
    });
    expect(result.data?.['healthInsurance']).toEqual({ nik, name: healthOf(nik).name });
    // Root fields run in parallel, so the card lookup cannot reuse the NIK answer here.
    expect(mock.calls.all()).toEqual({ 'peserta-nik': 1, 'peserta-nokartu': 1 });
  });

  it('refuses a malformed card number with BAD_USER_INPUT before calling VClaim', async () => {
    const result = await run('query ($c: String!) { healthInsurance(cardNumber: $c) { name } }', {
      c: '12345',
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'cardNumber',
    });
    expect(mock.calls.total()).toBe(0);
  });

  it('returns null without errors for a NIK BPJS Kesehatan does not know', async () => {
    const result = await run('query ($n: String!) { healthInsuranceByNik(nik: $n) { name } }', {
      n: dataset.fixtures.unknownNik,
    });
    expect(result).toEqual({ data: { healthInsuranceByNik: null } });
  });
});
