import { groupCustomerNumbers, toWaterAccount } from '../../../src/connectors/pdam/mapping';
import {
  inquiryDataSchema,
  wholeNumber,
  type Tagihan,
} from '../../../src/connectors/pdam/payloads';

const bill = (overrides: Partial<Tagihan> = {}): Tagihan => ({
  periode: '202609',
  stanlalu: 100,
  stanskrg: 120,
  pakai: 20,
  biaya_air: 67_000,
  biaya_admin: 5_000,
  denda: 0,
  total: 72_000,
  ...overrides,
});

const customer = (tagihan: Tagihan[]) => ({
  nosamb: '0101000007',
  nama: 'USMAN WAHYUNI   ',
  alamat: ' JL. SYIAH KUALA NO. 107, CINTA RAJA',
  golongan: 'R2 ',
  nama_golongan: 'RUMAH TANGGA B',
  tagihan,
});

describe('wholeNumber (numbers PDAM may send as strings)', () => {
  it.each([
    [125_000, 125_000],
    ['125000', 125_000],
    [' 125000 ', 125_000],
    ['125000.00', 125_000],
    ['0', 0],
  ])('accepts %p as %p', (input, expected) => {
    expect(wholeNumber.parse(input)).toBe(expected);
  });

  it.each([
    ['1.250.000'],
    ['-5'],
    [-5],
    [12.5],
    ['12.5'],
    ['abc'],
    [''],
    [null],
    [Number.MAX_SAFE_INTEGER + 2],
  ])('refuses %p', (input) => {
    expect(wholeNumber.safeParse(input).success).toBe(false);
  });
});

describe('toWaterAccount', () => {
  it('orders unpaid periods oldest first and sums what is outstanding', () => {
    const record = toWaterAccount(
      customer([
        bill({ periode: '202610', total: 40_800 }),
        bill({ periode: '202512', total: 50_800 }),
      ]),
    );
    expect(record.unpaidPeriods.map((b) => b.period)).toEqual(['2025-12', '2026-10']);
    expect(record.periodsInArrears).toBe(2);
    expect(record.totalOutstanding).toBe(91_600);
  });

  it("keeps the agency's total when it is more than charge + admin + penalty", () => {
    // e.g. a waste-collection levy billed with water but not itemised by the API.
    const record = toWaterAccount(customer([bill({ total: 82_000 })]));
    expect(record.unpaidPeriods[0]?.total).toBe(82_000);
    expect(record.totalOutstanding).toBe(82_000);
  });

  it('accepts a current reading below the previous one after a meter replacement', () => {
    const record = toWaterAccount(customer([bill({ stanlalu: 2_250, stanskrg: 14, pakai: 14 })]));
    expect(record.unpaidPeriods[0]).toMatchObject({
      previousReading: 2_250,
      currentReading: 14,
      usageM3: 14,
    });
  });

  it('trims the space padding of legacy CHAR columns', () => {
    const record = toWaterAccount(customer([]));
    expect(record).toMatchObject({
      name: 'USMAN WAHYUNI',
      address: 'JL. SYIAH KUALA NO. 107, CINTA RAJA',
      tariffGroup: 'R2',
      unpaidPeriods: [],
      totalOutstanding: 0,
    });
  });
});

describe('inquiryDataSchema', () => {
  it('refuses a month that does not exist', () => {
    expect(inquiryDataSchema.safeParse(customer([bill({ periode: '202613' })])).success).toBe(
      false,
    );
  });

  it('refuses a negative amount', () => {
    expect(inquiryDataSchema.safeParse(customer([bill({ denda: -1 })])).success).toBe(false);
  });
});

describe('groupCustomerNumbers', () => {
  it('gives every requested NIK a list, drops repeats and ignores NIKs not asked for', () => {
    const grouped = groupCustomerNumbers(
      ['1173010106830001', '1173032302710001'],
      [
        { nik: '1173010106830001', nosamb: '0101000021' },
        { nik: '1173010106830001', nosamb: '0101000028' },
        { nik: '1173010106830001', nosamb: '0101000021' },
        { nik: '1173050806970001', nosamb: '0105000007' },
      ],
    );
    expect([...grouped]).toEqual([
      ['1173010106830001', ['0101000021', '0101000028']],
      ['1173032302710001', []],
    ]);
  });
});
