import { z } from 'zod';
import {
  preferredMembershipByNik,
  toEmploymentInsurance,
  unknownProgrammeCodes,
} from '../../../src/connectors/bpjs-ketenagakerjaan/mapping';
import { peserta, type Peserta } from '../../../src/connectors/bpjs-ketenagakerjaan/payloads';
import { tokenResponse } from '../../../src/connectors/core/oauth';
import type { EmploymentInsuranceRecord } from '../../../src/connectors/bpjs-ketenagakerjaan/domain';

const native = (overrides: Partial<z.input<typeof peserta>> = {}): Peserta =>
  peserta.parse({
    kpj: '12000000037',
    nik: '1173030101900001',
    nama: ' TEUKU RIZAL ',
    perusahaan: { npp: 'LS123456', nama_perusahaan: 'RSUD KOTA LANGSA' },
    program: [
      { kode_program: 'JKM', nama_program: 'JAMINAN KEMATIAN' },
      { kode_program: 'jht', nama_program: 'JAMINAN HARI TUA' },
    ],
    status_kepesertaan: 'AKTIF',
    iuran_terakhir: '2026-10',
    saldo_jht: 12_500_000,
    tgl_kepesertaan: '2015-03-01',
    ...overrides,
  });

describe('BPJS Ketenagakerjaan mapping', () => {
  it('maps a native member to the domain record', () => {
    expect(toEmploymentInsurance(native())).toEqual({
      kpj: '12000000037',
      nik: '1173030101900001',
      name: 'TEUKU RIZAL',
      employer: { name: 'RSUD KOTA LANGSA', registrationNumber: 'LS123456' },
      programmes: ['JHT', 'JKM'],
      status: 'ACTIVE',
      lastContributionMonth: '2026-10',
      oldAgeSavingsBalance: 12_500_000,
      memberSince: '2015-03-01',
    });
  });

  it('maps NON AKTIF to INACTIVE and a member without employer to a null employer', () => {
    const record = toEmploymentInsurance(
      native({ status_kepesertaan: 'NON AKTIF', perusahaan: null }),
    );
    expect(record).toMatchObject({ status: 'INACTIVE', employer: null });
  });

  it('drops programme codes it does not model and names them for the log', () => {
    const p = native({
      program: [
        { kode_program: 'JKP', nama_program: '' },
        { kode_program: 'JKN-X', nama_program: 'PROGRAM BARU' },
        { kode_program: 'JKP', nama_program: '' },
      ],
    });
    expect(toEmploymentInsurance(p).programmes).toEqual(['JKP']);
    expect(unknownProgrammeCodes(p)).toEqual(['JKN-X']);
  });
});

describe('BPJS Ketenagakerjaan payload validation', () => {
  it('accepts amounts and lifetimes sent as digit strings', () => {
    expect(native({ saldo_jht: '7500000' }).saldo_jht).toBe(7_500_000);
    expect(
      tokenResponse.parse({ access_token: 'x', token_type: 'bearer', expires_in: '3600' })
        .expires_in,
    ).toBe(3600);
  });

  it('rejects a malformed month, a negative balance and an unknown status', () => {
    expect(peserta.safeParse({ ...native(), iuran_terakhir: '2026-13' }).success).toBe(false);
    expect(peserta.safeParse({ ...native(), saldo_jht: -1 }).success).toBe(false);
    expect(peserta.safeParse({ ...native(), status_kepesertaan: 'DIBEKUKAN' }).success).toBe(false);
  });

  it('rejects a token that is not a Bearer token or has no lifetime', () => {
    expect(
      tokenResponse.safeParse({ access_token: 'x', token_type: 'mac', expires_in: 60 }).success,
    ).toBe(false);
    expect(
      tokenResponse.safeParse({ access_token: 'x', token_type: 'Bearer', expires_in: 0 }).success,
    ).toBe(false);
  });
});

describe('preferredMembershipByNik', () => {
  const record = (
    kpj: string,
    status: 'ACTIVE' | 'INACTIVE',
    memberSince: string,
  ): EmploymentInsuranceRecord => ({
    ...toEmploymentInsurance(native()),
    kpj,
    status,
    memberSince,
  });

  it('prefers the active membership over a newer inactive one', () => {
    const chosen = preferredMembershipByNik([
      record('11111111111', 'INACTIVE', '2024-01-01'),
      record('22222222222', 'ACTIVE', '2010-01-01'),
    ]);
    expect(chosen.get('1173030101900001')?.kpj).toBe('22222222222');
  });

  it('prefers the most recent membership among equals', () => {
    const chosen = preferredMembershipByNik([
      record('11111111111', 'INACTIVE', '2012-05-01'),
      record('22222222222', 'INACTIVE', '2019-05-01'),
      record('33333333333', 'INACTIVE', '2016-05-01'),
    ]);
    expect(chosen.get('1173030101900001')?.kpj).toBe('22222222222');
  });
});
