import { getDataset } from '../../mocks/data/dataset';
import { buildImigrasiData, IMIGRASI_ENDPOINTS } from '../../mocks/imigrasi';
import { startTestGateway, type TestGateway } from '../support/gateway';

/**
 * Imigrasi through the real gateway and its mock. The shared connector contract (errors,
 * deadlines, breaker, batching, cache keys, probe) runs in test/contract for every connector;
 * this file is for what the API promises about passport applications.
 */
const dataset = getDataset();
const { fixtures, byNumber, byNik } = buildImigrasiData(dataset);

const APPLICATION = `query ($n: String!) {
  passportApplication(applicationNumber: $n) {
    applicationNumber nik passportType stage submittedOn stageSince office rejectionReason
  }
}`;

describe('imigrasi connector (passport applications)', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(() => t.resetCalls());

  it('looks an application up by number, as typed at a counter, with one call', async () => {
    const n = fixtures.number;
    const typed = `${n.slice(0, 3).toLowerCase()}-${n.slice(3, 9)}-${n.slice(9, 14)}-${n.slice(14)}`;
    const { body } = await t.gql(APPLICATION, { n: typed });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      passportApplication: {
        applicationNumber: n,
        nik: fixtures.nik,
        passportType: expect.stringMatching(/^(ORDINARY|ELECTRONIC)$/),
        stage: 'READY_FOR_PICKUP',
        submittedOn: byNumber.get(n)!.tanggalPengajuan,
        stageSince: byNumber.get(n)!.tanggalTahapan,
        office: 'KANTOR IMIGRASI KELAS II TPI LANGSA',
        rejectionReason: null,
      },
    });
    expect(t.calls().imigrasi).toEqual({ [IMIGRASI_ENDPOINTS.application]: 1 });
  });

  it('answers null without an error for a well-formed number nobody issued', async () => {
    const { body } = await t.gql(APPLICATION, { n: fixtures.unknownNumber });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ passportApplication: null });
  });

  it.each([
    [
      'a wrong check digit',
      `${fixtures.number.slice(0, 14)}${(Number(fixtures.number[14]) + 1) % 10}`,
    ],
    ['an impossible date', 'LGS261332000017'],
    ['a missing office code', '260914000127'],
    ['characters outside the format', "LGS2609'14000127"],
  ])('refuses %s before calling the office', async (_what, n) => {
    const { body } = await t.gql(APPLICATION, { n });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'applicationNumber',
    });
    expect(t.calls().imigrasi).toEqual({});
  });

  it('shows a rejected application with its reason', async () => {
    const rejected = [...byNumber.values()].find((a) => a.tahapan === 'DITOLAK')!;
    const { body } = await t.gql<{ passportApplication: Record<string, unknown> }>(APPLICATION, {
      n: rejected.nomorPermohonan,
    });
    expect(body.data?.passportApplication).toMatchObject({
      stage: 'REJECTED',
      rejectionReason: rejected.alasanPenolakan,
    });
  });

  it('lists a citizen’s applications newest first, by NIK and from Citizen', async () => {
    const expected = [...byNik.get(fixtures.otherNik)!]
      .sort((a, b) => b.tanggalPengajuan.localeCompare(a.tanggalPengajuan))
      .map((a) => a.nomorPermohonan);
    const { body } = await t.gql<{
      passportApplicationsByNik: Array<{ applicationNumber: string }>;
      citizen: { passportApplications: Array<{ applicationNumber: string; stage: string }> };
    }>(
      `query ($nik: String!) {
        passportApplicationsByNik(nik: $nik) { applicationNumber }
        citizen(nik: $nik) { passportApplications { applicationNumber stage } }
      }`,
      { nik: fixtures.otherNik },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.passportApplicationsByNik.map((a) => a.applicationNumber)).toEqual(expected);
    expect(body.data?.citizen.passportApplications.map((a) => a.applicationNumber)).toEqual(
      expected,
    );
    expect(expected.length).toBeGreaterThan(1);
    // The same NIK twice in one request: one search.
    expect(t.calls().imigrasi).toEqual({ [IMIGRASI_ENDPOINTS.search]: 1 });
  });

  it('gives a whole family its applications with one search, and an empty list to those without', async () => {
    const { body } = await t.gql<{
      family: { members: Array<{ nik: string; passportApplications: Array<{ stage: string }> }> };
    }>(
      `query ($kk: String!) {
        family(kkNumber: $kk) { members { nik passportApplications { stage } } }
      }`,
      { kk: dataset.fixtures.everyServiceFamilyKk },
    );
    expect(body.errors).toBeUndefined();
    const members = body.data!.family.members;
    expect(members.find((m) => m.nik === fixtures.nik)?.passportApplications).toEqual([
      { stage: 'READY_FOR_PICKUP' },
    ]);
    expect(members.filter((m) => m.passportApplications.length === 0).length).toBeGreaterThan(0);
    expect(t.calls().imigrasi).toEqual({ [IMIGRASI_ENDPOINTS.search]: 1 });
  });

  it('keeps the rest of a citizen when the office is down', async () => {
    const office = t.mocks.agencies.imigrasi;
    await office.stop();
    try {
      const { body } = await t.gql<{ citizen: { fullName: string; passportApplications: null } }>(
        'query ($nik: String!) { citizen(nik: $nik) { fullName passportApplications { stage } } }',
        { nik: dataset.fixtures.arrearsNik },
      );
      expect(body.data?.citizen.fullName).toBeTruthy();
      expect(body.data?.citizen.passportApplications).toBeNull();
      expect(body.errors?.[0]).toMatchObject({
        path: ['citizen', 'passportApplications'],
        extensions: { code: 'UPSTREAM_UNAVAILABLE', connector: 'imigrasi' },
      });
    } finally {
      await office.start();
    }
  });
});
