import { startTestGateway, type TestGateway } from '../support/gateway';

const FULL_VIEW = /* GraphQL */ `
  query CitizenFullView($nik: String!) {
    citizen(nik: $nik) {
      nik
      fullName
      family {
        kkNumber
        members {
          nik
          fullName
          relationship
          healthInsurance {
            cardNumber
            status
            careClass
          }
          employmentInsurance {
            kpj
            status
            programmes
          }
          taxObjects {
            nop
            bills {
              year
              amount
              dueDate
              penalty
              status
            }
          }
          waterAccounts {
            customerNumber
            unpaidPeriods {
              period
              usageM3
              total
            }
            totalOutstanding
          }
        }
      }
      taxObjects {
        nop
        outstandingTotal
      }
      waterAccounts {
        customerNumber
        periodsInArrears
      }
    }
  }
`;

const FAMILY_VIEW = /* GraphQL */ `
  query FamilyView($kk: String!) {
    family(kkNumber: $kk) {
      members {
        nik
        healthInsurance {
          status
        }
        employmentInsurance {
          kpj
        }
        taxObjects {
          nop
          bills {
            year
            amount
            penalty
            status
          }
        }
        waterAccounts {
          customerNumber
          unpaidPeriods {
            period
            total
          }
        }
      }
    }
  }
`;

let gw: TestGateway;
let fixtures: TestGateway['mocks']['dataset']['fixtures'];

beforeAll(async () => {
  // No shared cache: every count below is what one cold request costs.
  gw = await startTestGateway({ cache: null });
  fixtures = gw.mocks.dataset.fixtures;
});
afterAll(() => gw.stop());
beforeEach(() => gw.resetCalls());

describe('the citizen full view of a family of five', () => {
  it('answers every agency section in one query', async () => {
    const { status, body } = await gw.gql(FULL_VIEW, { nik: fixtures.everyServiceHeadNik });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const citizen = (body.data as { citizen: Record<string, unknown> }).citizen as {
      nik: string;
      family: { kkNumber: string; members: Array<Record<string, unknown>> };
      taxObjects: unknown[];
      waterAccounts: unknown[];
    };
    expect(citizen.nik).toBe(fixtures.everyServiceHeadNik);
    expect(citizen.family.kkNumber).toBe(fixtures.everyServiceFamilyKk);
    expect(citizen.family.members).toHaveLength(5);
    for (const m of citizen.family.members) expect(m.healthInsurance).not.toBeNull();
    expect(citizen.taxObjects).toHaveLength(2);
    expect(citizen.waterAccounts).toHaveLength(1);
  });

  it('makes one Dukcapil family call, one call per batch endpoint and at most one per member elsewhere', async () => {
    const { body } = await gw.gql(FAMILY_VIEW, { kk: fixtures.everyServiceFamilyKk });
    expect(body.errors).toBeUndefined();
    const calls = gw.calls();
    expect(calls.dukcapil).toEqual({ CALL_KK: 1 });
    // BPJS Kesehatan has no batch endpoint: one call per member, none repeated.
    expect(calls['bpjs-kesehatan']).toEqual({ 'peserta-nik': 5 });
    // BPJS Ketenagakerjaan: one token, one batch search for the five NIKs.
    expect(calls['bpjs-ketenagakerjaan']?.['peserta-search']).toBe(1);
    expect(calls['bpjs-ketenagakerjaan']?.['token'] ?? 0).toBeLessThanOrEqual(1);
    // BPKD: at most one call per SOAP operation for the whole family.
    expect(calls.bpkd).toMatchObject({ GetObjekPajakBySubjek: 1, GetTagihanSppt: 1 });
    // PDAM: one owner lookup for all NIKs, one inquiry for the one account.
    expect(calls.pdam).toEqual({ pelanggan: 1, inquiry: 1 });
  });

  it('costs one CALL_NIK more when entered by a member NIK, and never repeats a call for the same record', async () => {
    await gw.gql(FULL_VIEW, { nik: fixtures.everyServiceHeadNik });
    const calls = gw.calls();
    expect(calls.dukcapil).toEqual({ CALL_NIK: 1, CALL_KK: 1 });
    // The head's records are asked for at two depths of the query but fetched once.
    expect(calls['bpjs-kesehatan']).toEqual({ 'peserta-nik': 5 });
    expect(calls.pdam?.inquiry).toBe(1);
  });
});

describe('identifiers', () => {
  it.each([
    ['too short', '117305080697'],
    ['letters', '11730508069700AB'],
    ['unknown province', '9973050806970001'],
    ['impossible birth date', '1173053102970001'],
    ['an injection attempt', "1173050806970001' OR '1'='1"],
  ])('rejects a NIK that is %s with BAD_USER_INPUT and calls no agency', async (_what, nik) => {
    const { status, body } = await gw.gql(FULL_VIEW, { nik });
    expect(status).toBe(200);
    expect(body.data?.citizen ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // The message is localized (Indonesian by default); the specific English text is in `detail`.
    expect(body.errors?.[0]?.extensions?.['detail']).toMatch(/NIK/);
    const total = Object.values(gw.calls()).reduce(
      (n, c) => n + Object.values(c).reduce((a, b) => a + b, 0),
      0,
    );
    expect(total).toBe(0);
  });

  it('answers null without an error for a well-formed NIK nobody knows', async () => {
    const { body } = await gw.gql(FULL_VIEW, { nik: fixtures.unknownNik });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ citizen: null });
  });

  it('gives a citizen known only to Dukcapil empty links, not errors', async () => {
    const { body } = await gw.gql(
      `query($nik: String!) { citizen(nik: $nik) { fullName healthInsurance { cardNumber } employmentInsurance { kpj } taxObjects { nop } waterAccounts { customerNumber } } }`,
      { nik: fixtures.dukcapilOnlyNik },
    );
    expect(body.errors).toBeUndefined();
    const c = (body.data as { citizen: Record<string, unknown> }).citizen;
    expect(c.fullName).toEqual(expect.any(String));
    expect(c.healthInsurance).toBeNull();
    expect(c.employmentInsurance).toBeNull();
    // Known to the agency as owning nothing: an empty list, not a null (null means "failed").
    expect(c.taxObjects).toEqual([]);
    expect(c.waterAccounts).toEqual([]);
  });
});

describe('entry points by each agency identifier', () => {
  it('finds the same family records from each agency number', async () => {
    const ds = gw.mocks.dataset;
    const head = fixtures.everyServiceHeadNik;
    const card = ds.healthByNik.get(head)!.cardNumber;
    const kpj = ds.employmentByNik.get(head)!.kpj;
    const nop = ds.taxObjectsByOwner.get(head)![0]!.nop;
    const customer = ds.waterByOwner.get(head)![0]!.customerNumber;
    const { body } = await gw.gql(
      `query($nik: String!, $kk: String!, $card: String!, $kpj: String!, $nop: String!, $customer: String!) {
        family(kkNumber: $kk) { members { nik } }
        healthInsurance(cardNumber: $card) { nik }
        healthInsuranceByNik(nik: $nik) { cardNumber }
        employmentInsurance(kpj: $kpj) { nik }
        employmentInsuranceByNik(nik: $nik) { kpj }
        taxObject(nop: $nop) { nop bills { year } }
        waterAccount(customerNumber: $customer) { customerNumber }
      }`,
      { nik: head, kk: fixtures.everyServiceFamilyKk, card, kpj, nop, customer },
    );
    expect(body.errors).toBeUndefined();
    const d = body.data as Record<string, Record<string, unknown>>;
    expect((d.family!.members as unknown[]).length).toBe(5);
    expect(d.healthInsurance).toEqual({ nik: head });
    expect(d.healthInsuranceByNik).toEqual({ cardNumber: card });
    expect(d.employmentInsurance).toEqual({ nik: head });
    expect(d.employmentInsuranceByNik).toEqual({ kpj });
    expect(d.taxObject!.nop).toBe(nop);
    expect(d.waterAccount).toEqual({ customerNumber: customer });
  });
});
