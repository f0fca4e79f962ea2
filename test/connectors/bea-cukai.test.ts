import { getDataset } from '../../mocks/data/dataset';
import { BEA_CUKAI_ENDPOINTS, buildBeaCukaiData, dutiesOf } from '../../mocks/bea-cukai';
import { validateAirWaybill, validateNib, validateNpwp } from '../../src/connectors/bea-cukai';
import { startTestGateway, type TestGateway } from '../support/gateway';

/** Bea Cukai through the real gateway and its mock (the CEISA session has its own file). */
const data = buildBeaCukaiData(getDataset());
const { fixtures } = data;

const SHIPMENT = `query ($awb: String!) {
  customsShipment(airWaybill: $awb) {
    airWaybill kind status statusText description customsValue
    history { status statusText at }
    duties { importDuty vat incomeTax total billingCode }
  }
}`;

describe('bea-cukai identifiers', () => {
  it('accepts IATA air waybills with their mod-7 check digit, in the ways people type them', () => {
    expect(validateAirWaybill('618-12345675')).toEqual({ ok: true, value: '61812345675' });
    expect(validateAirWaybill('618 1234 5675')).toEqual({ ok: true, value: '61812345675' });
    expect(validateAirWaybill('618-12345676').ok).toBe(false);
  });
  it('accepts UPU S10 postal item numbers with their mod-11 check digit', () => {
    expect(validateAirWaybill('rr 123456785 id')).toEqual({ ok: true, value: 'RR123456785ID' });
    expect(validateAirWaybill('RR123456784ID').ok).toBe(false);
  });
  it('refuses anything else', () => {
    for (const bad of ['', '12345', 'JX1234567890', "618-1234567'5", 'RR12345678ID'])
      expect(validateAirWaybill(bad).ok).toBe(false);
  });
  it('NIB has 13 digits; NPWP 15 (old form, read with a leading 0) or 16', () => {
    expect(validateNib('9120 5000 07331')).toEqual({ ok: true, value: '9120500007331' });
    expect(validateNib('912050000733').ok).toBe(false);
    expect(validateNpwp('01.234.567.8-901.000')).toEqual({ ok: true, value: '0012345678901000' });
    expect(validateNpwp('0012345678901000')).toEqual({ ok: true, value: '0012345678901000' });
    expect(validateNpwp('12345678901234').ok).toBe(false);
    expect(validateNpwp('0012345678901000X').ok).toBe(false);
  });
});

describe('bea-cukai connector', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(() => {
    t.resetCalls();
    for (const a of Object.values(t.mocks.agencies)) a.faults.clear();
  });

  it("answers a postal parcel's status history in DJBC's words and its duties", async () => {
    const parcel = data.shipments.get(fixtures.postalParcel)!;
    const { body } = await t.gql<{ customsShipment: Record<string, unknown> }>(SHIPMENT, {
      awb: fixtures.postalParcel,
    });
    expect(body.errors).toBeUndefined();
    const duties = dutiesOf(120);
    expect(body.data?.customsShipment).toMatchObject({
      airWaybill: fixtures.postalParcel,
      kind: 'POSTAL',
      status: 'RELEASED',
      statusText: 'Penetapan SPPBMCP',
      duties: {
        importDuty: duties.beaMasuk,
        vat: duties.ppn,
        incomeTax: duties.pph,
        total: duties.beaMasuk + duties.ppn + duties.pph,
        billingCode: parcel.kodeBilling,
      },
    });
    const history = body.data?.customsShipment['history'] as Array<{ statusText: string }>;
    expect(history.map((h) => h.statusText)).toEqual(parcel.riwayat.map((r) => r.uraianStatus));
    expect(history[0]!.statusText).toBe('Dokumen diterima untuk diproses Bea Cukai');
    const calls = t.calls()['bea-cukai']!;
    expect(calls[BEA_CUKAI_ENDPOINTS.shipment]).toBe(1);
  });

  it('an air waybill waiting for documents says so', async () => {
    const { body } = await t.gql<{ customsShipment: { status: string; kind: string } }>(SHIPMENT, {
      awb: `${fixtures.airWaybill.slice(0, 3)}-${fixtures.airWaybill.slice(3)}`,
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?.customsShipment).toMatchObject({
      kind: 'AIR_WAYBILL',
      status: 'DOCUMENTS_REQUESTED',
    });
  });

  it('"Data Tidak Ditemukan" is null without an error', async () => {
    const { body } = await t.gql(SHIPMENT, { awb: fixtures.unknownAirWaybill });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ customsShipment: null });
  });

  it('refuses a malformed air waybill before calling customs (no login either)', async () => {
    const { body } = await t.gql(SHIPMENT, { awb: '618-12345676' });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'airWaybill',
    });
    expect(t.calls()['bea-cukai']).toEqual({});
  });

  it('tells a REC CEISA business from one without customs access, by NIB and by NPWP', async () => {
    const q = `query ($a: String!, $b: String!, $n: String!, $u: String!) {
      a: customsRegistration(nib: $a) { nib category registered }
      b: customsRegistration(nib: $b) { nib category registered }
      n: customsRegistrationByNpwp(npwp: $n) { nib registered }
      u: customsRegistration(nib: $u) { nib }
    }`;
    const { body } = await t.gql(q, {
      a: fixtures.registeredNib,
      b: fixtures.unregisteredNib,
      n: fixtures.registeredNpwp.slice(1), // the old 15-digit form
      u: fixtures.unknownNib,
    });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      a: { nib: fixtures.registeredNib, category: 'REC CEISA', registered: true },
      b: { nib: fixtures.unregisteredNib, category: 'NON REC', registered: false },
      n: { nib: fixtures.registeredNib, registered: true },
      u: null,
    });
    // One login for the whole request, one call per lookup.
    expect(t.calls()['bea-cukai']).toMatchObject({ [BEA_CUKAI_ENDPOINTS.registration]: 4 });
  });

  it('a family view with parcels and AK/1 cards costs one call to each agency', async () => {
    const kk = getDataset().fixtures.everyServiceFamilyKk;
    const q = `query ($kk: String!) {
      family(kkNumber: $kk) { members { nik customsShipments { airWaybill status } jobSeekerCard { cardNumber } } }
    }`;
    const { body } = await t.gql<{
      family: { members: Array<{ nik: string; customsShipments: Array<{ airWaybill: string }> }> };
    }>(q, { kk });
    expect(body.errors).toBeUndefined();
    const head = body.data!.family.members.find(
      (m) => m.nik === getDataset().fixtures.everyServiceHeadNik,
    );
    expect(head?.customsShipments.map((s) => s.airWaybill)).toContain(fixtures.postalParcel);
    expect(t.calls()['bea-cukai']?.[BEA_CUKAI_ENDPOINTS.shipmentsByRecipient]).toBe(1);
    expect(t.calls()['bea-cukai']?.[BEA_CUKAI_ENDPOINTS.shipment]).toBeUndefined();
    expect(t.calls()['disnaker']?.['ak1-search']).toBe(1);
  });

  it('a failing customs office fails only its field', async () => {
    t.mocks.agencies['bea-cukai'].faults.set(BEA_CUKAI_ENDPOINTS.shipment, { status: 503 });
    const q = `query ($awb: String!, $nib: String!) {
      customsShipment(airWaybill: $awb) { status }
      customsRegistration(nib: $nib) { registered }
    }`;
    // A shipment no earlier test loaded: nothing cached to fall back on.
    const uncached = [...data.shipments.keys()].find(
      (k) => k !== fixtures.postalParcel && k !== fixtures.airWaybill,
    )!;
    const { body } = await t.gql<{
      customsShipment: null;
      customsRegistration: { registered: boolean };
    }>(q, {
      awb: uncached,
      nib: fixtures.registeredNib,
    });
    expect(body.data?.customsShipment).toBeNull();
    expect(body.data?.customsRegistration).toEqual({ registered: true });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      connector: 'bea-cukai',
      code: 'UPSTREAM_UNAVAILABLE',
    });
  });
});
