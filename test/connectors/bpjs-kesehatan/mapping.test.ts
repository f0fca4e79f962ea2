import vector from '../../fixtures/bpjs-vclaim-vector.json';
import { jakartaDate } from '../../../src/connectors/bpjs-kesehatan/client';
import {
  isoDate,
  membershipStatus,
  toHealthInsurance,
} from '../../../src/connectors/bpjs-kesehatan/mapping';
import { participantResponseSchema } from '../../../src/connectors/bpjs-kesehatan/payloads';
import { ageText } from '../../../mocks/bpjs-kesehatan/participant';

interface RawVector {
  peserta: Record<string, unknown> & {
    statusPeserta: { kode: unknown };
    umur: { umurSaatPelayanan: string };
  };
}
const rawVector = () => JSON.parse(vector.expectedJson) as RawVector;
const realParticipant = () => participantResponseSchema.parse(rawVector()).peserta;

describe('BPJS Kesehatan mapping', () => {
  it('maps the real VClaim participant of the published vector', () => {
    expect(toHealthInsurance(realParticipant())).toEqual({
      cardNumber: '0001425139852',
      nik: '5171047012580007',
      name: 'ni wayan leciani',
      sex: 'FEMALE',
      birthDate: '1958-12-30',
      status: 'PREMIUM_ARREARS',
      statusDescription: 'NON AKTIF KARNA PREMI',
      active: false,
      membershipType: { code: '14', description: 'PEKERJA MANDIRI' },
      careClass: 'CLASS_1',
      // VClaim sends provUmum with both parts null for this member: no provider, not an empty one.
      primaryCareProvider: null,
      coverageStart: '2014-08-20',
      coverageEnd: '2050-01-01',
    });
  });

  it.each([
    ['0', 'ACTIVE'],
    ['1', 'DECEASED'],
    ['2', 'RESIGNED'],
    ['3', 'SUSPENDED'],
    ['4', 'LEFT_VOLUNTARILY'],
    ['6', 'NOT_COVERED'],
    ['7', 'PAYMENT_SUSPENDED'],
    ['9', 'PREMIUM_ARREARS'],
    ['5', 'UNKNOWN'],
    ['99', 'UNKNOWN'],
    ['', 'UNKNOWN'],
  ])('maps statusPeserta.kode %j to %s', (code, status) => {
    expect(membershipStatus(code)).toBe(status);
  });

  it('is active only for status code 0, and never fails on an unknown code', () => {
    const p = realParticipant();
    const active = toHealthInsurance({ ...p, statusPeserta: { kode: '0', keterangan: 'AKTIF' } });
    const novel = toHealthInsurance({
      ...p,
      statusPeserta: { kode: '12', keterangan: 'STATUS BARU' },
    });
    expect(active).toMatchObject({ status: 'ACTIVE', active: true });
    expect(novel).toMatchObject({
      status: 'UNKNOWN',
      active: false,
      statusDescription: 'STATUS BARU',
    });
  });

  it('accepts a numeric status code, as older VClaim deployments send', () => {
    const raw = rawVector();
    raw.peserta.statusPeserta.kode = 0;
    const p = participantResponseSchema.parse(raw).peserta;
    expect(toHealthInsurance(p).status).toBe('ACTIVE');
  });

  it('turns empty strings, unknown sex and class codes, and impossible dates into null', () => {
    const p = realParticipant();
    const record = toHealthInsurance({
      ...p,
      nik: null,
      sex: 'X',
      tglLahir: '1990-02-30',
      tglTMT: '20/08/2014',
      hakKelas: { kode: '0', keterangan: 'TIDAK ADA' },
      jenisPeserta: null,
    });
    expect(record).toMatchObject({
      nik: null,
      sex: null,
      birthDate: null,
      coverageStart: null,
      careClass: null,
      membershipType: null,
    });
    expect(
      participantResponseSchema.parse({
        peserta: { ...rawVector().peserta, nik: '' },
      }).peserta.nik,
    ).toBeNull();
  });

  it.each([
    ['2024-02-29', '2024-02-29'],
    ['2023-02-29', null],
    ['2024-13-01', null],
    ['', null],
    [null, null],
  ])('reads VClaim date %j as %j', (input, expected) => {
    expect(isoDate(input)).toBe(expected);
  });
});

describe('tglSEP', () => {
  it('is the calendar date in Jakarta (UTC+7), not in UTC', () => {
    expect(jakartaDate(Date.parse('2026-11-25T16:59:59Z'))).toBe('2026-11-25');
    expect(jakartaDate(Date.parse('2026-11-25T17:00:00Z'))).toBe('2026-11-26');
  });
});

describe('mock participant age wording', () => {
  it('matches VClaim for the published vector (born 1958-12-30, served 2021-10-08)', () => {
    const served = jakartaDate(Number(vector.timestamp) * 1000);
    expect(ageText('1958-12-30', served)).toBe('62 tahun, 9 bulan, 8 hari');
    expect(rawVector().peserta.umur.umurSaatPelayanan).toBe(ageText('1958-12-30', served));
  });
});
