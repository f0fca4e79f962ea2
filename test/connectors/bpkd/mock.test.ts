import { MOCK_CREDENTIALS } from '../../../mocks/credentials';
import { getDataset, type Dataset } from '../../../mocks/data/dataset';
import { createBpkdMock, MAX_ITEMS_PER_REQUEST, type BpkdMock } from '../../../mocks/bpkd/server';
import {
  buildEnvelope,
  soapAction,
  type PbbOperation,
  type SoapCredentials,
} from '../../../src/connectors/bpkd/soap';

/** The mock speaks the native protocol to any SOAP client, not only to our connector. */

let mock: BpkdMock;
let dataset: Dataset;

beforeAll(async () => {
  dataset = getDataset();
  mock = await createBpkdMock(dataset).start();
});
afterAll(() => mock.stop());
beforeEach(() => {
  mock.calls.reset();
  mock.faults.clear();
});

async function post(operation: PbbOperation, body: string, action: string = soapAction(operation)) {
  const response = await fetch(`${mock.url}/ws/pbb`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: action },
    body,
  });
  return { status: response.status, text: await response.text() };
}

const nops = (
  operation: PbbOperation,
  ids: string[],
  credentials: SoapCredentials = MOCK_CREDENTIALS.bpkd,
) =>
  buildEnvelope(
    credentials,
    operation,
    operation === 'GetTagihanSppt' ? 'Nop' : 'SubjekPajakId',
    ids,
  );

describe('BPKD mock service', () => {
  it('answers each requested NOP with a result code and counts the call under the operation', async () => {
    const known = [...dataset.taxObjects.keys()][0]!;

    const { status, text } = await post(
      'GetTagihanSppt',
      nops('GetTagihanSppt', [known, '117303000399990010']),
    );

    expect(status).toBe(200);
    expect(text).toContain(`<Nop>${known}</Nop><KodeRespon>`);
    expect(text).toContain('<Nop>117303000399990010</Nop><KodeRespon>55</KodeRespon>');
    expect(mock.calls.all()).toEqual({ 'ws/pbb': 1, GetTagihanSppt: 1 });
    expect(mock.calls.total()).toBe(1);
  });

  it('splits the NOP into SISMIOP key columns in the owner lookup', async () => {
    const nik = dataset.fixtures.everyServiceHeadNik;
    const nop = dataset.taxObjectsByOwner.get(nik)![0]!.nop;

    const { text } = await post('GetObjekPajakBySubjek', nops('GetObjekPajakBySubjek', [nik]));

    expect(text).toContain(
      `<KD_PROPINSI>${nop.slice(0, 2)}</KD_PROPINSI><KD_DATI2>${nop.slice(2, 4)}</KD_DATI2>`,
    );
    expect(text).toContain(
      `<NO_URUT>${nop.slice(13, 17)}</NO_URUT><KD_JNS_OP>${nop.slice(17)}</KD_JNS_OP>`,
    );
  });

  it('rejects wrong credentials with a WS-Security Fault and HTTP 500', async () => {
    const { status, text } = await post(
      'GetTagihanSppt',
      nops('GetTagihanSppt', ['117303000399990010'], { username: 'mpp_langsa', password: 'nope' }),
    );
    expect(status).toBe(500);
    expect(text).toContain('<faultcode>wsse:FailedAuthentication</faultcode>');
  });

  it('rejects a Body that does not match the SOAPAction as a Client fault', async () => {
    const { status, text } = await post(
      'GetTagihanSppt',
      nops('GetObjekPajakBySubjek', ['1173030101909999']),
    );
    expect(status).toBe(500);
    expect(text).toContain('<faultcode>soap:Client</faultcode>');
  });

  it('rejects an unknown SOAPAction without counting an operation', async () => {
    const { status } = await post(
      'GetTagihanSppt',
      nops('GetTagihanSppt', ['117303000399990010']),
      '"urn:other/Hapus"',
    );
    expect(status).toBe(500);
    expect(mock.calls.all()).toEqual({ 'ws/pbb': 1 });
  });

  it(`rejects more than ${MAX_ITEMS_PER_REQUEST} ids and malformed ids as Client faults`, async () => {
    const many = Array.from({ length: MAX_ITEMS_PER_REQUEST + 1 }, () => '117303000399990010');
    expect((await post('GetTagihanSppt', nops('GetTagihanSppt', many))).text).toContain(
      'soap:Client',
    );
    expect(await post('GetTagihanSppt', nops('GetTagihanSppt', ['11730300']))).toMatchObject({
      status: 500,
    });
  });

  it('applies a fault set on one operation to that operation only', async () => {
    mock.setFault('GetTagihanSppt', { status: 503 });

    const bills = await post('GetTagihanSppt', nops('GetTagihanSppt', ['117303000399990010']));
    const owner = await post(
      'GetObjekPajakBySubjek',
      nops('GetObjekPajakBySubjek', ['1173030101909999']),
    );

    expect([bills.status, owner.status]).toEqual([503, 200]);
  });
});
