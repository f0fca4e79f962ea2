import { randomUUID } from 'node:crypto';
import { getDataset } from '../../mocks/data/dataset';
import {
  buildDisnakerData,
  DISNAKER_ENDPOINTS,
  REJECTIONS,
  type DisnakerMock,
} from '../../mocks/disnaker';
import { sha256Hex } from '../../src/security';
import { scopesOf } from '../../src/config';
import { registry } from '../../src/connectors/registry';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/gateway';
import { sleep } from '../support/wait';

/** Disnaker (AK/1) through the real gateway and its mock: reads, the application flow, writes' rules. */
const dataset = getDataset();
const { fixtures, cardsByNik } = buildDisnakerData(dataset);
const READER_KEY = 'disnaker-reader-key-0123456789abcdef';

const CARD = `query ($nik: String!) {
  jobSeekerCard(nik: $nik) {
    cardNumber nik issuedOn validUntil skills
    education { level major graduationYear }
    reports { period dueOn reportedOn employmentStatus }
  }
}`;
const APPLY = `mutation ($input: ApplyJobSeekerCardInput!) {
  applyJobSeekerCard(input: $input) {
    applicationNumber nik status submittedOn cardNumber rejectionReason skills
    education { level major graduationYear }
  }
}`;
const APPLICATION = `query ($n: String!) {
  jobSeekerApplication(applicationNumber: $n) { applicationNumber status cardNumber rejectionReason }
}`;
const REPORT = `mutation ($input: ReportJobSeekerStatusInput!) {
  reportJobSeekerStatus(input: $input) { cardNumber period reportedOn employmentStatus }
}`;

const input = (nik: string, key = randomUUID()) => ({
  nik,
  idempotencyKey: key,
  education: [
    { level: 'VOCATIONAL_SECONDARY', major: 'Teknik Kendaraan Ringan', graduationYear: 2019 },
  ],
  skills: ['mengemudi (sim b1)', 'Operator Komputer'],
});

describe('disnaker connector', () => {
  let t: TestGateway;
  let mock: DisnakerMock;
  beforeAll(async () => {
    t = await startTestGateway({
      env: {
        DISNAKER_CACHE_FRESH_S: '1',
        DISNAKER_CACHE_SWR_S: '0',
        DISNAKER_CACHE_STALE_IF_ERROR_S: '3600',
        DISNAKER_RETRIES: '0',
        DISNAKER_BREAKER_ENABLED: 'false',
        // With a client registry there is no development client: the suite's own key gets every scope.
        API_CLIENTS: JSON.stringify([
          { id: 'test-all', keySha256: sha256Hex(TEST_API_KEY), scopes: scopesOf(registry) },
          {
            id: 'disnaker-reader',
            keySha256: sha256Hex(READER_KEY),
            scopes: ['dukcapil:read', 'disnaker:read', 'pii:read'],
          },
        ]),
      },
    });
    mock = t.mocks.agencies.disnaker as DisnakerMock;
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(() => {
    t.resetCalls();
    for (const a of Object.values(t.mocks.agencies)) a.faults.clear();
  });
  const disnakerCalls = () => t.calls()['disnaker'] ?? {};

  it("reads a holder's card: number, validity, education, skills and the four reports", async () => {
    const native = cardsByNik.get(fixtures.holderNik)!;
    const { body } = await t.gql<{ jobSeekerCard: Record<string, unknown> }>(CARD, {
      nik: fixtures.holderNik,
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?.jobSeekerCard).toMatchObject({
      cardNumber: fixtures.holderCardNumber,
      issuedOn: '2025-09-15',
      validUntil: '2027-09-15',
      reports: [
        {
          period: 1,
          dueOn: '2026-03-15',
          reportedOn: native.laporan[0]!.tanggalLapor,
          employmentStatus: 'STILL_SEEKING',
        },
        { period: 2, dueOn: '2026-09-15', reportedOn: null, employmentStatus: null },
        { period: 3, dueOn: '2027-03-15', reportedOn: null, employmentStatus: null },
        { period: 4, dueOn: '2027-09-15', reportedOn: null, employmentStatus: null },
      ],
    });
    expect(disnakerCalls()).toEqual({
      [DISNAKER_ENDPOINTS.token]: expect.any(Number),
      [DISNAKER_ENDPOINTS.search]: 1,
    });
  });

  it('an expired card still reads, with its validity in the past; no card is null', async () => {
    const q = `query ($a: String!, $b: String!) { a: jobSeekerCard(nik: $a) { validUntil } b: jobSeekerCard(nik: $b) { validUntil } }`;
    const { body } = await t.gql<{ a: { validUntil: string }; b: null }>(q, {
      a: fixtures.expiredNik,
      b: fixtures.applicantNik,
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.a.validUntil < '2026-11-01').toBe(true);
    expect(body.data!.b).toBeNull();
    // Both NIKs in one search.
    expect(disnakerCalls()[DISNAKER_ENDPOINTS.search]).toBe(1);
  });

  it('a family view with AK/1 cards costs one Disnaker call (≤ one per member)', async () => {
    const kk = dataset.fixtures.everyServiceFamilyKk;
    const members = dataset.byKk.get(kk)!.members;
    const q = `query ($kk: String!) { family(kkNumber: $kk) { members { nik jobSeekerCard { cardNumber } } } }`;
    const { body } = await t.gql<{
      family: { members: Array<{ nik: string; jobSeekerCard: { cardNumber: string } | null }> };
    }>(q, { kk });
    expect(body.errors).toBeUndefined();
    const holder = body.data!.family.members.find((m) => m.nik === fixtures.holderNik);
    expect(holder?.jobSeekerCard?.cardNumber).toBe(fixtures.holderCardNumber);
    const search = disnakerCalls()[DISNAKER_ENDPOINTS.search] ?? 0;
    expect(search).toBe(1);
    expect(search).toBeLessThanOrEqual(members.length);
  });

  it('the AK/1 application flow: prefilled from Dukcapil, duplicate submission gives one application, then issued', async () => {
    const key = randomUUID();
    const first = await t.gql<{ applyJobSeekerCard: Record<string, unknown> }>(APPLY, {
      input: input(fixtures.applicantNik, key),
    });
    expect(first.body.errors).toBeUndefined();
    const app = first.body.data!.applyJobSeekerCard;
    expect(app).toMatchObject({
      nik: fixtures.applicantNik,
      status: 'SUBMITTED',
      cardNumber: null,
      skills: ['MENGEMUDI (SIM B1)', 'OPERATOR KOMPUTER'],
      education: [
        { level: 'VOCATIONAL_SECONDARY', major: 'Teknik Kendaraan Ringan', graduationYear: 2019 },
      ],
    });
    // The identity the office received is Dukcapil's, not typed at the counter.
    const resident = dataset.byNik.get(fixtures.applicantNik)!;
    expect(mock.applicationsOf(fixtures.applicantNik)[0]).toMatchObject({
      nama: resident.name,
      tanggalLahir: resident.birthDate,
      jenisKelamin: resident.sex,
    });

    // The counter's network hiccup: the same submission again, same key.
    const again = await t.gql<{ applyJobSeekerCard: Record<string, unknown> }>(APPLY, {
      input: input(fixtures.applicantNik, key),
    });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data!.applyJobSeekerCard['applicationNumber']).toBe(app['applicationNumber']);
    expect(mock.applicationsOf(fixtures.applicantNik)).toHaveLength(1);
    expect(disnakerCalls()[DISNAKER_ENDPOINTS.apply]).toBe(2);

    // The office verifies and issues.
    mock.advance(String(app['applicationNumber']));
    const issued = mock.advance(String(app['applicationNumber']));
    const status = await t.gql<{ jobSeekerApplication: Record<string, unknown> }>(APPLICATION, {
      n: app['applicationNumber'],
    });
    expect(status.body.errors).toBeUndefined();
    expect(status.body.data!.jobSeekerApplication).toEqual({
      applicationNumber: app['applicationNumber'],
      status: 'ISSUED',
      cardNumber: issued.nomorAk1,
      rejectionReason: null,
    });
  });

  it('the same key with a different submission is refused, and makes nothing', async () => {
    const key = randomUUID();
    const nik = dataset.residents.find(
      (r) =>
        r.nik !== fixtures.applicantNik && !cardsByNik.has(r.nik) && r.birthDate < '2000-01-01',
    )!.nik;
    await t.gql(APPLY, { input: input(nik, key) });
    const other = { ...input(nik, key), skills: ['LAS LISTRIK'] };
    const { body } = await t.gql(APPLY, { input: other });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'idempotencyKey',
    });
    expect(mock.applicationsOf(nik)).toHaveLength(1);
  });

  it('an application by a holder of a valid card is rejected at verification, with the reason', async () => {
    const { body } = await t.gql<{
      applyJobSeekerCard: { applicationNumber: string; status: string };
    }>(APPLY, {
      input: input(fixtures.holderNik),
    });
    expect(body.errors).toBeUndefined();
    mock.advance(body.data!.applyJobSeekerCard.applicationNumber);
    const status = await t.gql<{ jobSeekerApplication: Record<string, unknown> }>(APPLICATION, {
      n: body.data!.applyJobSeekerCard.applicationNumber,
    });
    expect(status.body.data!.jobSeekerApplication).toMatchObject({
      status: 'REJECTED',
      cardNumber: null,
      rejectionReason: REJECTIONS.holder,
    });
  });

  it('refuses bad input before any call: NIK, idempotency key, unknown resident', async () => {
    const bad = await t.gql(APPLY, {
      input: { ...input(fixtures.applicantNik), idempotencyKey: 'short' },
    });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.idempotencyKey',
    });
    const unknown = await t.gql(APPLY, { input: input(dataset.fixtures.unknownNik) });
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.nik',
    });
    expect(disnakerCalls()[DISNAKER_ENDPOINTS.apply]).toBeUndefined();
  });

  it('a write is never retried: a 503 calls the office once and says the outcome is unknown', async () => {
    mock.faults.set(DISNAKER_ENDPOINTS.apply, { status: 503 });
    const { body } = await t.gql(APPLY, { input: input(fixtures.applicantNik) });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({
      connector: 'disnaker',
      outcome: 'UNKNOWN',
    });
    // Messages are localized (Accept-Language, default Indonesian); the specific English text stays in `detail`.
    expect(body.errors?.[0]?.extensions?.['detail']).toMatch(/same idempotencyKey/);
    expect(disnakerCalls()[DISNAKER_ENDPOINTS.apply]).toBe(1);
  });

  it('writes need the disnaker:write scope (read scopes are not enough)', async () => {
    const reader = await t.gql(
      APPLY,
      { input: input(fixtures.applicantNik) },
      { 'x-api-key': READER_KEY },
    );
    expect(reader.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(disnakerCalls()[DISNAKER_ENDPOINTS.apply]).toBeUndefined();
  });

  it('the six-monthly report: filed once per key; an expired card is refused with the reason', async () => {
    const key = randomUUID();
    const vars = {
      input: {
        cardNumber: fixtures.holderCardNumber,
        employmentStatus: 'STILL_SEEKING',
        idempotencyKey: key,
      },
    };
    const first = await t.gql<{ reportJobSeekerStatus: Record<string, unknown> }>(REPORT, vars);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.reportJobSeekerStatus).toMatchObject({
      cardNumber: fixtures.holderCardNumber,
      period: 2,
      employmentStatus: 'STILL_SEEKING',
    });
    const again = await t.gql<{ reportJobSeekerStatus: Record<string, unknown> }>(REPORT, vars);
    expect(again.body.data!.reportJobSeekerStatus['period']).toBe(2);

    const expired = cardsByNik.get(fixtures.expiredNik)!.nomorAk1;
    const refused = await t.gql(REPORT, {
      input: { cardNumber: expired, employmentStatus: 'EMPLOYED', idempotencyKey: randomUUID() },
    });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'cardNumber',
    });
    expect(refused.body.errors?.[0]?.extensions?.['detail']).toMatch(/expired/);
  });

  it('a failing office nulls only the card, and a cached card is served stale while it is down', async () => {
    const q = `query ($nik: String!) { citizen(nik: $nik) { fullName jobSeekerCard { cardNumber } } }`;
    const fresh = await t.gql<{
      citizen: { fullName: string; jobSeekerCard: { cardNumber: string } };
    }>(q, {
      nik: fixtures.expiredNik,
    });
    expect(fresh.body.errors).toBeUndefined();
    // Past the 1 s fresh window: the only fixed wait of this file.
    await sleep(1_200);
    mock.faults.set(DISNAKER_ENDPOINTS.search, { status: 503 });
    const stale = await t.gql(q, { nik: fixtures.expiredNik });
    expect(stale.body.errors).toBeUndefined();
    expect(stale.body.data).toEqual(fresh.body.data);
    expect(stale.body.extensions?.['stale']).toEqual([
      { connector: 'disnaker', ageSeconds: expect.any(Number) },
    ]);

    // Never loaded before: the outage is an error on that field only.
    const other = await t.gql<{ citizen: { fullName: string; jobSeekerCard: null } }>(q, {
      nik: dataset.fixtures.dukcapilOnlyNik,
    });
    expect(other.body.data!.citizen.fullName).toEqual(expect.any(String));
    expect(other.body.data!.citizen.jobSeekerCard).toBeNull();
    expect(other.body.errors?.[0]).toMatchObject({
      path: ['citizen', 'jobSeekerCard'],
      extensions: { connector: 'disnaker', code: 'UPSTREAM_UNAVAILABLE' },
    });
  });
});
