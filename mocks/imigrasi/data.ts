import type { Dataset, Resident } from '../data/dataset';
import { DATA_AS_OF } from '../data/dataset';
import { Random } from '../data/random';

/**
 * Passport applications (permohonan paspor) at Kantor Imigrasi Langsa, derived
 * deterministically from the shared data set: about 3% of adult residents have one, some
 * an older, finished one too. The same seed gives the same applications on every machine,
 * and every applicant is a real resident in Dukcapil.
 */

/** Workflow stages as SIMKIM names them, in order; DITOLAK can end any stage before printing. */
export const TAHAPAN = [
  'DIAJUKAN',
  'WAWANCARA',
  'BIOMETRIK',
  'PENCETAKAN',
  'SIAP_DIAMBIL',
  'DISERAHKAN',
  'DITOLAK',
] as const;
export type Tahapan = (typeof TAHAPAN)[number];

export const OFFICE = { kode: 'LGS', nama: 'KANTOR IMIGRASI KELAS II TPI LANGSA' } as const;

export const REJECTION_REASONS = [
  'DOKUMEN PERSYARATAN TIDAK LENGKAP',
  'DATA PEMOHON TIDAK SESUAI',
  'TIDAK HADIR WAWANCARA',
] as const;

export interface MockApplication {
  nomorPermohonan: string;
  nik: string;
  namaPemohon: string;
  jenisPaspor: 'PASPOR BIASA 48H' | 'E-PASPOR 48H';
  tahapan: Tahapan;
  tanggalPengajuan: string;
  tanggalTahapan: string;
  alasanPenolakan: string | null;
}

export interface ImigrasiData {
  byNumber: Map<string, MockApplication>;
  byNik: Map<string, MockApplication[]>;
  fixtures: {
    /** An application that exists (of `nik`), waiting for pickup. */
    number: string;
    /** Another application (of `otherNik`). */
    otherNumber: string;
    /** The head of the documented "every service" family: one application, ready for pickup. */
    nik: string;
    /** An applicant with two applications (an older, collected one and a current one). */
    otherNik: string;
    /** A resident who never applied. */
    nikWithout: string;
    /** Well-formed (valid check digit) but never issued. */
    unknownNumber: string;
  };
}

/** Share of adult residents with an application. */
const SHARE = 0.03;
/** Share of applicants who also have an older, finished application. */
const REPEAT_SHARE = 0.15;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const ageOf = (r: Resident) => 2026 - Number(r.birthDate.slice(0, 4));

/**
 * Luhn check digit over the digits of an application number (date and serial). Also used
 * by the connector's validator; kept here so the mock does not import gateway code.
 */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** `LGS` + YYMMDD of submission + 5-digit serial + Luhn digit, e.g. `LGS260914000127`. */
export function applicationNumber(submitted: string, serial: number): string {
  const digits = `${submitted.slice(2, 4)}${submitted.slice(5, 7)}${submitted.slice(8, 10)}${pad(serial, 5)}`;
  return `${OFFICE.kode}${digits}${luhnDigit(digits)}`;
}

/** The mock's own random stream, seeded from its key, independent of the shared data set's. */
function seedOf(key: string): number {
  let h = 2166136261;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export function buildImigrasiData(dataset: Dataset): ImigrasiData {
  const rnd = new Random(seedOf('imigrasi'));
  const byNumber = new Map<string, MockApplication>();
  const byNik = new Map<string, MockApplication[]>();
  let serial = 0;

  const add = (resident: Resident, submitted: string, tahapan: Tahapan) => {
    serial += 1;
    // Each stage takes a few days; a finished application's stage date is its last step.
    const step = TAHAPAN.indexOf(tahapan === 'DITOLAK' ? 'WAWANCARA' : tahapan);
    const app: MockApplication = {
      nomorPermohonan: applicationNumber(submitted, serial),
      nik: resident.nik,
      namaPemohon: resident.name,
      jenisPaspor: rnd.chance(0.6) ? 'E-PASPOR 48H' : 'PASPOR BIASA 48H',
      tahapan,
      tanggalPengajuan: submitted,
      tanggalTahapan: addDays(submitted, step * 3 + (tahapan === 'DITOLAK' ? 1 : 0)),
      alasanPenolakan: tahapan === 'DITOLAK' ? rnd.pick(REJECTION_REASONS) : null,
    };
    byNumber.set(app.nomorPermohonan, app);
    byNik.set(resident.nik, [...(byNik.get(resident.nik) ?? []), app]);
    return app;
  };
  const recentDate = () => addDays(DATA_AS_OF, -rnd.int(1, 40));
  const currentStage = (): Tahapan =>
    rnd.pick(['DIAJUKAN', 'WAWANCARA', 'BIOMETRIK', 'PENCETAKAN', 'SIAP_DIAMBIL', 'DITOLAK']);

  const f = dataset.fixtures;
  // The documented family head: one application, ready for pickup (README fixture).
  const head = dataset.byNik.get(f.everyServiceHeadNik);
  if (!head) throw new Error('imigrasi mock: the every-service fixture is missing');
  const fixtureApp = add(head, addDays(DATA_AS_OF, -12), 'SIAP_DIAMBIL');
  const never = new Set([f.everyServiceHeadNik, f.dukcapilOnlyNik, f.unknownNik]);

  for (const resident of dataset.residents) {
    // One draw per resident whatever the outcome, so changing a share never reshuffles others.
    const roll = rnd.next();
    if (never.has(resident.nik) || roll >= SHARE || ageOf(resident) < 17) continue;
    if (rnd.chance(REPEAT_SHARE)) {
      const year = rnd.int(2019, 2024);
      add(resident, `${year}-${pad(rnd.int(1, 12), 2)}-${pad(rnd.int(1, 28), 2)}`, 'DISERAHKAN');
    }
    add(resident, recentDate(), currentStage());
  }

  const repeat = [...byNik.entries()].find(([, apps]) => apps.length > 1);
  const without = dataset.residents.find((r) => ageOf(r) >= 17 && !byNik.has(r.nik));
  if (!repeat || !without) throw new Error('imigrasi mock: the data set is too small');
  return {
    byNumber,
    byNik,
    fixtures: {
      number: fixtureApp.nomorPermohonan,
      otherNumber: repeat[1][repeat[1].length - 1]!.nomorPermohonan,
      nik: head.nik,
      otherNik: repeat[0],
      nikWithout: without.nik,
      unknownNumber: applicationNumber('2026-01-02', 99_999),
    },
  };
}
