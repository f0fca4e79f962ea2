import {
  BJB_V17_FIELDS,
  decodeBitmap,
  decodeMessage,
  decodePbbProfile,
  encodeBitmap,
  encodeMessage,
  encodePbbProfile,
  Iso8583Error,
  message,
  PBB_PROFILE_LENGTH,
  type FieldDef,
  type PbbProfileRecord,
} from '../../../src/connectors/bank-aceh/iso8583';
import {
  inquiryRequest,
  networkRequest,
  paymentRequest,
  reversalRequest,
} from '../../../src/connectors/bank-aceh/messages';
import { Random } from '../../../mocks/data/random';

const identity = { acquirerId: '116', terminalId: 'MPPLSA01', terminalUserId: 'OFFICER01' };
const bill = { nop: '117303000300100010', year: 2025 };
// 2026-12-01 10:20:30 WIB
const ref = {
  stan: '000123',
  rrn: '000000000123',
  transmittedAt: new Date('2026-12-01T03:20:30Z'),
};
const payment = { amount: 125_000, ntb: 'NTB0000000001', channel: '6010' as const };

describe('bitmap', () => {
  // Worked by hand from the field lists in docs/bank-aceh-wire.md:
  // inquiry bits 2 3 4 7 | 11 12 13 | 18 22 | 32 | 37 | 41 42 | 49 | 61
  //   byte 1: 0x40+0x20+0x10+0x02 = 72; byte 2: 0x20+0x10+0x08 = 38; byte 3: 0x40+0x04 = 44;
  //   byte 4: 01; byte 5: 08; byte 6: 0x80+0x40 = C0; byte 7: 80; byte 8: 08.
  it('of an inquiry is 7238440108C08008', () => {
    const encoded = encodeMessage(inquiryRequest(bill, ref, identity), BJB_V17_FIELDS);
    expect(encoded.slice(0, 4)).toBe('0200');
    expect(encoded.slice(4, 20)).toBe('7238440108C08008');
  });

  // Payment adds bit 48 (byte 6: 0xC0 + 0x01 = C1).
  it('of a payment is 7238440108C18008', () => {
    const encoded = encodeMessage(paymentRequest(bill, payment, ref, identity), BJB_V17_FIELDS);
    expect(encoded.slice(4, 20)).toBe('7238440108C18008');
  });

  // Reversal adds bit 90 (secondary byte 4: bit 90 = 0x40) and so bit 1 (byte 1: 0x72 + 0x80).
  it('of a reversal has a secondary bitmap for bit 90', () => {
    const encoded = encodeMessage(
      reversalRequest(bill, { ref, payment }, { ...ref, stan: '000124' }, identity, false),
      BJB_V17_FIELDS,
    );
    expect(encoded.slice(0, 4)).toBe('0400');
    expect(encoded.slice(4, 36)).toBe('F238440108C180080000004000000000');
  });

  // 0800: bits 1 (secondary), 7, 11 | secondary: 70 (0x04 in its byte 1).
  it('of a sign-on is 82200000000000000400000000000000', () => {
    const encoded = encodeMessage(
      networkRequest('signOn', '000001', ref.transmittedAt),
      BJB_V17_FIELDS,
    );
    expect(encoded).toBe(
      '0800' + '8220000000000000' + '0400000000000000' + '1201032030' + '000001' + '001',
    );
  });

  it('round-trips every settable bit', () => {
    for (let bit = 2; bit <= 128; bit++) {
      if (bit === 65) continue;
      expect(decodeBitmap(encodeBitmap([bit]), 0).bits).toEqual([bit]);
    }
  });
});

describe('a full inquiry, byte by byte', () => {
  it('lays out fixed, LL and LLL fields in bit order', () => {
    const encoded = encodeMessage(inquiryRequest(bill, ref, identity), BJB_V17_FIELDS);
    expect(encoded).toBe(
      '0200' +
        '7238440108C08008' +
        '14' +
        '20261201102030' + // 2 PAN: LL + local timestamp
        '341019' + // 3
        '000000000000' + // 4
        '1201032030' + // 7 (UTC)
        '000123' + // 11
        '102030' + // 12 (WIB)
        '1201' + // 13
        '6010' + // 18
        '021' + // 22
        '03' +
        '116' + // 32
        '000000000123' + // 37
        'MPPLSA01' + // 41
        'OFFICER01      ' + // 42
        '360' + // 49
        '022' +
        '1173030003001000102025', // 61: NOP + year
    );
  });
});

describe('garbled messages', () => {
  const good = encodeMessage(inquiryRequest(bill, ref, identity), BJB_V17_FIELDS);
  const codeOf = (body: string) => {
    try {
      decodeMessage(body, BJB_V17_FIELDS);
      return 'decoded';
    } catch (err) {
      return err instanceof Iso8583Error ? err.code : 'other';
    }
  };

  it.each([
    ['a non-numeric MTI', 'X200' + good.slice(4), 'BAD_MTI'],
    ['a non-hex bitmap', '0200' + 'G'.repeat(16) + good.slice(20), 'BAD_BITMAP'],
    ['a short bitmap', '0200723844', 'TRUNCATED'],
    ['a cut-off field', good.slice(0, good.length - 5), 'TRUNCATED'],
    ['trailing bytes', good + '99', 'TRAILING_DATA'],
    ['a letter in a numeric field', good.replace('341019', '34A019'), 'BAD_FIELD'],
    ['a bad LL prefix', good.slice(0, 20) + 'X4' + good.slice(22), 'BAD_FIELD'],
    ['an undefined bit (5)', '0200' + encodeBitmap([5]) + '000000000000', 'UNKNOWN_FIELD'],
  ])('rejects %s with a typed error', (_name, body, code) => {
    expect(codeOf(body)).toBe(code);
  });

  it('refuses to encode a fixed field of the wrong length instead of padding it', () => {
    expect(() => encodeMessage(message('0200', { 3: '34101' }), BJB_V17_FIELDS)).toThrow(
      Iso8583Error,
    );
  });

  it('error messages name the bit and offset, never the value', () => {
    const body = good.replace('1201032030', '12010320X0'); // bit 7
    expect(() => decodeMessage(body, BJB_V17_FIELDS)).toThrow(/bit 7 .*offset \d+/);
    expect(() => decodeMessage(body, BJB_V17_FIELDS)).not.toThrow(/12010320X0/);
  });
});

// --- property tests --------------------------------------------------------------------------

const CHARS = {
  n: '0123456789',
  an: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ',
  ans: Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)).join(''),
};

function randomValue(rnd: Random, def: FieldDef): string {
  const length = def.layout === 'fixed' ? def.length : rnd.int(0, def.length);
  let out = '';
  for (let i = 0; i < length; i++) out += rnd.pick([...CHARS[def.charset]]);
  return out;
}

describe('round trip (seeded random messages)', () => {
  const defs = [...BJB_V17_FIELDS.values()];

  it('every field type survives encode → decode, alone and together', () => {
    const rnd = new Random(20261201);
    for (let run = 0; run < 300; run++) {
      const fields: Record<number, string> = {};
      for (const def of defs)
        if (run < defs.length ? def === defs[run] : rnd.chance(0.5))
          fields[def.bit] = randomValue(rnd, def);
      const mti = rnd.pick(['0200', '0210', '0400', '0410', '0401', '0411', '0800', '0810']);
      const original = message(mti, fields);
      const decoded = decodeMessage(encodeMessage(original, BJB_V17_FIELDS), BJB_V17_FIELDS);
      expect(decoded.mti).toBe(mti);
      expect(Object.fromEntries(decoded.fields)).toEqual(Object.fromEntries(original.fields));
    }
  });

  it('variable fields at their maximum length and empty survive', () => {
    for (const def of defs.filter((d) => d.layout !== 'fixed')) {
      for (const value of ['', '9'.repeat(def.length)]) {
        const decoded = decodeMessage(
          encodeMessage(message('0200', { [def.bit]: value }), BJB_V17_FIELDS),
          BJB_V17_FIELDS,
        );
        expect(decoded.fields.get(def.bit)).toBe(value);
      }
      expect(() =>
        encodeMessage(message('0200', { [def.bit]: '9'.repeat(def.length + 1) }), BJB_V17_FIELDS),
      ).toThrow(Iso8583Error);
    }
  });
});

describe('bit 62, PBB profile', () => {
  const record: PbbProfileRecord = {
    province: '11',
    regency: '73',
    district: '030',
    village: '003',
    block: '001',
    serial: '0001',
    objectType: '0',
    taxYear: 2025,
    taxpayerName: 'TEUKU ABDULLAH',
    objectLocation: 'JL. A. YANI NO 5',
    villageName: 'GAMPONG JAWA',
    districtName: 'LANGSA KOTA',
    provinceName: 'ACEH',
    landArea: 200,
    buildingArea: 72,
    dueDate: '20250831',
    principal: 100_000,
    penalty: 8_000,
    total: 108_000,
  };

  it('is 265 characters, N zero-padded right-aligned, A space-padded left-aligned', () => {
    const text = encodePbbProfile(record);
    expect(PBB_PROFILE_LENGTH).toBe(265);
    expect(text).toHaveLength(265);
    expect(text.slice(0, 22)).toBe('1173030003001000102025');
    expect(text.slice(22, 57)).toBe('TEUKU ABDULLAH'.padEnd(35, ' '));
    expect(text.slice(197, 209)).toBe('000000000200');
    expect(text.slice(229)).toBe('000000100000' + '000000008000' + '000000108000');
    expect(decodePbbProfile(text)).toEqual(record);
  });

  it('round-trips random records', () => {
    const rnd = new Random(62);
    for (let i = 0; i < 100; i++) {
      const text = (n: number) =>
        randomValue(rnd, {
          bit: 62,
          name: 'x',
          charset: 'ans',
          layout: 'fixed',
          length: n,
        }).trimEnd();
      const r: PbbProfileRecord = {
        ...record,
        taxYear: rnd.int(1990, 2099),
        taxpayerName: text(rnd.int(0, 35)),
        objectLocation: text(rnd.int(0, 35)),
        landArea: rnd.int(0, 999_999_999),
        principal: rnd.int(0, 999_999_999_999),
        penalty: rnd.int(0, 999_999),
        total: rnd.int(0, 999_999_999_999),
      };
      expect(decodePbbProfile(encodePbbProfile(r))).toEqual(r);
    }
  });

  it('rejects a record of the wrong length or with letters in a number column', () => {
    const text = encodePbbProfile(record);
    expect(() => decodePbbProfile(text.slice(1))).toThrow(Iso8583Error);
    expect(() => decodePbbProfile(text.slice(0, 240) + 'X' + text.slice(241))).toThrow(
      Iso8583Error,
    );
    expect(() => encodePbbProfile({ ...record, principal: 10 ** 13 })).toThrow(Iso8583Error);
  });
});
