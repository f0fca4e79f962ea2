import { XMLParser } from 'fast-xml-parser';
import { UpstreamError } from '../../../src/errors';
import {
  getObjekPajakBySubjekBodySchema,
  getTagihanSpptBodySchema,
} from '../../../src/connectors/bpkd/payloads';
import {
  buildEnvelope,
  escapeXml,
  readSoapBody,
  soapAction,
} from '../../../src/connectors/bpkd/soap';
import { createTestUpstream } from '../../support/upstream';

const ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="${ENV}"><S:Body>${body}</S:Body></S:Envelope>`;

const sppt = (year: number, status: '0' | '1', paidOn = '') =>
  `<Sppt><THN_PAJAK_SPPT>${year}</THN_PAJAK_SPPT><NM_WP_SPPT>CUT MEUTIA &amp; ANAK</NM_WP_SPPT>` +
  '<JLN_WP_SPPT>JL. A. YANI NO. 3</JLN_WP_SPPT><KELURAHAN_WP_SPPT>MEUTIA</KELURAHAN_WP_SPPT>' +
  '<LUAS_BUMI_SPPT>120</LUAS_BUMI_SPPT><LUAS_BNG_SPPT>45.00</LUAS_BNG_SPPT>' +
  '<NJOP_BUMI_SPPT>24000000</NJOP_BUMI_SPPT><NJOP_BNG_SPPT>43560000</NJOP_BNG_SPPT>' +
  '<NJOP_SPPT>67560000</NJOP_SPPT><NJOPTKP_SPPT>12000000</NJOPTKP_SPPT>' +
  '<PBB_TERHUTANG_SPPT>55600</PBB_TERHUTANG_SPPT><PBB_YG_HARUS_DIBAYAR_SPPT>55600</PBB_YG_HARUS_DIBAYAR_SPPT>' +
  `<TGL_JATUH_TEMPO_SPPT>${year}-08-31T00:00:00+07:00</TGL_JATUH_TEMPO_SPPT>` +
  `<STATUS_PEMBAYARAN_SPPT>${status}</STATUS_PEMBAYARAN_SPPT>` +
  (paidOn
    ? `<TGL_PEMBAYARAN_SPPT>${paidOn}</TGL_PEMBAYARAN_SPPT>`
    : '<TGL_PEMBAYARAN_SPPT xsi:nil="true"/>') +
  '</Sppt>';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof UpstreamError) return err.code;
    throw err;
  }
  throw new Error('expected an UpstreamError');
}

describe('BPKD SOAP envelopes', () => {
  const { upstream, close } = createTestUpstream('bpkd', 'http://127.0.0.1:9');
  afterAll(() => close());

  it('escapes credentials and ids so that they cannot change the envelope', () => {
    const xml = buildEnvelope({ username: 'a<b', password: `p&"'>` }, 'GetTagihanSppt', 'Nop', [
      '1</pbb:Nop>',
    ]);
    const parsed = new XMLParser({
      removeNSPrefix: true,
      parseTagValue: false,
      ignoreAttributes: true,
    }).parse(xml);
    expect(parsed.Envelope.Header.Security.UsernameToken).toEqual({
      Username: 'a<b',
      Password: `p&"'>`,
    });
    expect(parsed.Envelope.Body.GetTagihanSppt.Nop).toBe('1</pbb:Nop>');
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });

  it('sends the SOAPAction as a quoted URI naming the operation', () => {
    expect(soapAction('GetObjekPajakBySubjek')).toBe(
      '"http://pbb.bpkd.langsakota.go.id/ws/GetObjekPajakBySubjek"',
    );
  });

  it('reads the Body whatever namespace prefixes the server chose, with repeated and single rows alike', () => {
    const xml = envelope(
      '<ns2:GetTagihanSpptResponse xmlns:ns2="urn:x" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        '<Hasil><Nop>117303000301200010</Nop><KodeRespon>00</KodeRespon><PesanRespon>OK</PesanRespon>' +
        '<ObjekPajak><JALAN_OP>JL. A. YANI NO. 3</JALAN_OP><KELURAHAN_OP>MEUTIA</KELURAHAN_OP><KECAMATAN_OP>LANGSA KOTA</KECAMATAN_OP></ObjekPajak>' +
        `<DaftarSppt>${sppt(2025, '1', '2025-05-02')}${sppt(2026, '0')}</DaftarSppt></Hasil>` +
        '<Hasil><Nop>117303000301200029</Nop><KodeRespon>54</KodeRespon><PesanRespon>LUNAS</PesanRespon>' +
        '<ObjekPajak><JALAN_OP>X</JALAN_OP><KELURAHAN_OP>Y</KELURAHAN_OP><KECAMATAN_OP>Z</KECAMATAN_OP></ObjekPajak>' +
        `<DaftarSppt>${sppt(2026, '1', '2026-03-01')}</DaftarSppt></Hasil>` +
        '</ns2:GetTagihanSpptResponse>',
    );
    const body = upstream.parse(
      getTagihanSpptBodySchema,
      readSoapBody(xml, 'bpkd', 'test'),
      'test',
    );
    const [first, second] = body.GetTagihanSpptResponse.Hasil;
    expect(first?.DaftarSppt.Sppt).toHaveLength(2);
    expect(first?.DaftarSppt.Sppt[0]).toMatchObject({
      THN_PAJAK_SPPT: 2025,
      NM_WP_SPPT: 'CUT MEUTIA & ANAK',
      LUAS_BNG_SPPT: 45,
      TGL_JATUH_TEMPO_SPPT: '2025-08-31',
      TGL_PEMBAYARAN_SPPT: '2025-05-02',
    });
    expect(first?.DaftarSppt.Sppt[1]?.TGL_PEMBAYARAN_SPPT).toBeNull();
    expect(second?.DaftarSppt.Sppt).toHaveLength(1);
  });

  it('reads a not-found result without object or bills', () => {
    const xml = envelope(
      '<GetObjekPajakBySubjekResponse><Hasil><SubjekPajakId>1173030101909999</SubjekPajakId>' +
        '<KodeRespon>55</KodeRespon><PesanRespon>TIDAK ADA</PesanRespon></Hasil></GetObjekPajakBySubjekResponse>',
    );
    const body = upstream.parse(
      getObjekPajakBySubjekBodySchema,
      readSoapBody(xml, 'bpkd', 'test'),
      'test',
    );
    expect(body.GetObjekPajakBySubjekResponse.Hasil).toEqual([
      { SubjekPajakId: '1173030101909999', KodeRespon: '55', DaftarObjekPajak: { ObjekPajak: [] } },
    ]);
  });

  it('turns a SOAP Fault into UPSTREAM_UNAVAILABLE without its fault string', () => {
    const xml = envelope(
      '<S:Fault><faultcode>wsse:FailedAuthentication</faultcode><faultstring>user mpp_langsa rejected</faultstring></S:Fault>',
    );
    let error: unknown;
    try {
      readSoapBody(xml, 'bpkd', 'GetTagihanSppt');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      retryable: false,
      connector: 'bpkd',
    });
    expect((error as UpstreamError).detail).toBe(
      'GetTagihanSppt: SOAP Fault wsse:FailedAuthentication',
    );
    expect(JSON.stringify(error)).not.toContain('mpp_langsa');
  });

  it('marks a Server fault retryable and a Client fault not', () => {
    const faultOf = (code: string) => {
      try {
        readSoapBody(
          envelope(`<S:Fault><faultcode>${code}</faultcode><faultstring>x</faultstring></S:Fault>`),
          'bpkd',
          't',
        );
      } catch (err) {
        return err as UpstreamError;
      }
      throw new Error('expected a fault');
    };
    expect(faultOf('S:Server').retryable).toBe(true);
    expect(faultOf('soap:Client').retryable).toBe(false);
  });

  it.each([
    ['truncated XML', '<S:Envelope xmlns:S="x"><S:Body><Hasil><Nop>1173'],
    ['not XML at all', '<html><body>Service Temporarily Unavailable</body></html'],
    ['an empty body', ''],
    ['XML without an Envelope', '<GetTagihanSpptResponse><Hasil/></GetTagihanSpptResponse>'],
    ['an Envelope without a Body', `<S:Envelope xmlns:S="${ENV}"><S:Header/></S:Envelope>`],
    ['a DTD', `<!DOCTYPE x [<!ENTITY a "aaaa">]>${envelope('<R>&a;</R>')}`],
  ])('rejects %s as UPSTREAM_BAD_RESPONSE', (_label, xml) => {
    expect(codeOf(() => readSoapBody(xml, 'bpkd', 'test'))).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it.each([
    [
      'a result without KodeRespon',
      '<GetTagihanSpptResponse><Hasil><Nop>117303000301200010</Nop></Hasil></GetTagihanSpptResponse>',
    ],
    [
      'a different operation response',
      '<GetObjekPajakBySubjekResponse><Hasil/></GetObjekPajakBySubjekResponse>',
    ],
    [
      'a status flag outside 0/1',
      `<GetTagihanSpptResponse><Hasil><Nop>117303000301200010</Nop><KodeRespon>00</KodeRespon><DaftarSppt>${sppt(2026, '0').replace('<STATUS_PEMBAYARAN_SPPT>0', '<STATUS_PEMBAYARAN_SPPT>L')}</DaftarSppt></Hasil></GetTagihanSpptResponse>`,
    ],
    [
      'an amount that is not a whole number',
      `<GetTagihanSpptResponse><Hasil><Nop>117303000301200010</Nop><KodeRespon>00</KodeRespon><DaftarSppt>${sppt(2026, '0').replace('<NJOP_SPPT>67560000', '<NJOP_SPPT>6,756')}</DaftarSppt></Hasil></GetTagihanSpptResponse>`,
    ],
  ])(
    'rejects well-formed XML of unexpected structure (%s) as UPSTREAM_BAD_RESPONSE',
    (_label, body) => {
      const code = codeOf(() =>
        upstream.parse(
          getTagihanSpptBodySchema,
          readSoapBody(envelope(body), 'bpkd', 'test'),
          'test',
        ),
      );
      expect(code).toBe('UPSTREAM_BAD_RESPONSE');
    },
  );
});
