import type { Dataset, Resident } from '../data/dataset';
import { DATA_AS_OF } from '../data/dataset';
import { Random } from '../data/random';

/**
 * AK/1 job-seeker cards (Kartu Tanda Pencari Kerja) issued by Disnaker Kota Langsa, derived
 * deterministically from the shared data set: about 8% of working-age residents (18-55) hold
 * one; cards issued more than two years before the data set's "today" have expired. Every
 * holder is a real resident in Dukcapil.
 */

export const JENJANG = ['SD', 'SMP', 'SMA', 'SMK', 'D3', 'S1'] as const;
export type Jenjang = (typeof JENJANG)[number];

export const SKILLS = [
  'OPERATOR KOMPUTER',
  'MENJAHIT',
  'MENGEMUDI (SIM B1)',
  'LAS LISTRIK',
  'TATA BOGA',
  'BAHASA INGGRIS',
  'AKUNTANSI DASAR',
  'TEKNISI LISTRIK',
] as const;

export interface MockEducation {
  jenjang: Jenjang;
  jurusan: string | null;
  tahunLulus: number;
}

export interface MockReport {
  laporanKe: number;
  tanggalLapor: string;
  statusKerja: 'BELUM_BEKERJA' | 'SUDAH_BEKERJA';
}

export interface MockCard {
  nomorAk1: string;
  nik: string;
  nama: string;
  tanggalTerbit: string;
  berlakuSampai: string;
  pendidikan: MockEducation[];
  keterampilan: string[];
  laporan: MockReport[];
}

export interface DisnakerData {
  cardsByNik: Map<string, MockCard>;
  cardsByNumber: Map<string, MockCard>;
  fixtures: {
    /** The every-service head's wife (or another working-age member): a valid card with one report made. */
    holderNik: string;
    holderCardNumber: string;
    /** A resident whose card expired. */
    expiredNik: string;
    /** A working-age resident without a card (applies in the AK/1 flow). */
    applicantNik: string;
  };
}

const SHARE = 0.08;
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const ageOf = (r: Resident) => 2026 - Number(r.birthDate.slice(0, 4));

export const addMonths = (iso: string, months: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};
export const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** `AK1-1173-YYMMDD-NNNNNN`: region of the issuing office, issue date, serial. */
export const cardNumber = (issued: string, serial: number) =>
  `AK1-1173-${issued.slice(2, 4)}${issued.slice(5, 7)}${issued.slice(8, 10)}-${pad(serial, 6)}`;

function seedOf(key: string): number {
  let h = 2166136261;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

/** What the dataset's education text says, as the AK/1 form's level. */
function jenjangOf(education: string, rnd: Random): Jenjang | undefined {
  if (education.includes('SD')) return 'SD';
  if (education.includes('SLTP')) return 'SMP';
  if (education.includes('SLTA')) return rnd.chance(0.4) ? 'SMK' : 'SMA';
  if (education.includes('DIPLOMA III')) return 'D3';
  if (education.includes('STRATA')) return 'S1';
  return undefined;
}

const MAJORS: Partial<Record<Jenjang, readonly string[]>> = {
  SMK: ['TEKNIK KENDARAAN RINGAN', 'AKUNTANSI', 'TATA BUSANA'],
  D3: ['MANAJEMEN INFORMATIKA', 'KEBIDANAN', 'AKUNTANSI'],
  S1: ['MANAJEMEN', 'PENDIDIKAN BAHASA INGGRIS', 'TEKNIK SIPIL', 'HUKUM'],
};

export function buildDisnakerData(dataset: Dataset): DisnakerData {
  const rnd = new Random(seedOf('disnaker'));
  const cardsByNik = new Map<string, MockCard>();
  const cardsByNumber = new Map<string, MockCard>();
  let serial = 0;

  const add = (r: Resident, issued: string, reportsMade: number) => {
    serial += 1;
    const jenjang = jenjangOf(r.education, rnd) ?? 'SMA';
    const majors = MAJORS[jenjang];
    const card: MockCard = {
      nomorAk1: cardNumber(issued, serial),
      nik: r.nik,
      nama: r.name,
      tanggalTerbit: issued,
      berlakuSampai: addMonths(issued, 24),
      pendidikan: [
        {
          jenjang,
          jurusan: majors ? rnd.pick(majors) : null,
          tahunLulus: Math.min(2026, Number(r.birthDate.slice(0, 4)) + 18 + rnd.int(0, 4)),
        },
      ],
      keterampilan: [...new Set([rnd.pick(SKILLS), rnd.pick(SKILLS)])].sort(),
      laporan: Array.from({ length: reportsMade }, (_, i) => ({
        laporanKe: i + 1,
        tanggalLapor: addDays(addMonths(issued, 6 * (i + 1)), -rnd.int(0, 10)),
        statusKerja: 'BELUM_BEKERJA' as const,
      })),
    };
    cardsByNik.set(r.nik, card);
    cardsByNumber.set(card.nomorAk1, card);
    return card;
  };
  /** Reports due (every 6 months) that fell before today, some skipped. */
  const reportsFor = (issued: string) => {
    let due = 0;
    while (due < 4 && addMonths(issued, 6 * (due + 1)) <= DATA_AS_OF) due++;
    return Math.max(0, due - (rnd.chance(0.3) ? 1 : 0));
  };

  const f = dataset.fixtures;
  const family = dataset.byKk.get(f.everyServiceFamilyKk);
  const holder = family?.members.find(
    (m) => m.nik !== f.everyServiceHeadNik && ageOf(m) >= 18 && ageOf(m) <= 55,
  );
  if (!holder) throw new Error('disnaker mock: the every-service family has no working-age member');
  const holderCard = add(holder, '2025-09-15', 1);
  const never = new Set([holder.nik, f.everyServiceHeadNik, f.dukcapilOnlyNik, f.unknownNik]);

  for (const r of dataset.residents) {
    // One draw per resident whatever the outcome, so changing a share never reshuffles others.
    const roll = rnd.next();
    if (never.has(r.nik) || roll >= SHARE || ageOf(r) < 18 || ageOf(r) > 55) continue;
    // Issued over the last three years: those older than two have expired.
    const issued = addDays(DATA_AS_OF, -rnd.int(10, 3 * 365));
    add(r, issued, reportsFor(issued));
  }

  const expired = [...cardsByNik.values()].find((c) => c.berlakuSampai < DATA_AS_OF);
  const applicant = dataset.residents.find(
    (r) => ageOf(r) >= 20 && ageOf(r) <= 40 && !cardsByNik.has(r.nik) && !never.has(r.nik),
  );
  if (!expired || !applicant) throw new Error('disnaker mock: the data set is too small');
  return {
    cardsByNik,
    cardsByNumber,
    fixtures: {
      holderNik: holder.nik,
      holderCardNumber: holderCard.nomorAk1,
      expiredNik: expired.nik,
      applicantNik: applicant.nik,
    },
  };
}
