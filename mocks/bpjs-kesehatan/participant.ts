import type { HealthMembership, Resident } from '../data/dataset';

/**
 * A data-set membership as VClaim's `peserta` object, with the fields (and nulls) of the
 * real service: see test/fixtures/bpjs-vclaim-vector.json for a real one.
 */

const CLASS_NAMES = { '1': 'KELAS I', '2': 'KELAS II', '3': 'KELAS III' } as const;

/** PISA: the member's place in the insured family (1 member, 2 husband, 3 wife, 4 child). */
function pisa(resident: Resident | undefined): string {
  if (!resident) return '1';
  if (resident.relationship === 3) return '3';
  if (resident.relationship === 2) return '2';
  if (resident.relationship === 4) return '4';
  return '1';
}

/** VClaim's age wording, e.g. "62 tahun, 9 bulan, 8 hari", from an ISO birth date to an ISO date. */
export function ageText(birthDate: string, on: string): string {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  let years = y - by;
  let months = m - bm;
  let days = d - bd;
  if (days < 0) {
    months -= 1;
    // Borrow the length of the month before `on`.
    days += new Date(Date.UTC(y, m - 1, 0)).getUTCDate();
  }
  if (months < 0) {
    years -= 1;
    months += 12;
  }
  return `${years} tahun, ${months} bulan, ${days} hari`;
}

export function toPeserta(
  card: HealthMembership,
  resident: Resident | undefined,
  tglSep: string,
  today: string,
): object {
  return {
    peserta: {
      noKartu: card.cardNumber,
      nik: card.nik,
      nama: card.name,
      pisa: pisa(resident),
      sex: card.sex,
      mr: { noMR: null, noTelepon: null },
      tglLahir: card.birthDate,
      tglCetakKartu: card.tmt,
      tglTAT: card.tat,
      tglTMT: card.tmt,
      statusPeserta: card.status,
      provUmum: card.provider,
      jenisPeserta: card.type,
      hakKelas: { kode: card.classCode, keterangan: CLASS_NAMES[card.classCode] },
      umur: {
        umurSekarang: ageText(card.birthDate, today),
        umurSaatPelayanan: ageText(card.birthDate, tglSep),
      },
      informasi: { dinsos: null, prolanisPRB: null, noSKTM: null },
      cob: { noAsuransi: null, nmAsuransi: null, tglTMT: null, tglTAT: null },
    },
  };
}

/** `/referensi/propinsi`: a sample of VClaim's province reference list. */
export const PROVINCES = [
  { kode: '11', nama: 'ACEH' },
  { kode: '12', nama: 'SUMATERA UTARA' },
  { kode: '13', nama: 'SUMATERA BARAT' },
  { kode: '14', nama: 'RIAU' },
  { kode: '31', nama: 'DKI JAKARTA' },
];
