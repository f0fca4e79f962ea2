import type { Dataset, EmploymentMembership } from '../data/dataset';

/**
 * The member record as the BPJS Ketenagakerjaan API serves it (`data` of
 * `GET /api/v1/peserta/{kpj}` and the items of `POST /api/v1/peserta/search`).
 */
export interface NativePeserta {
  kpj: string;
  nik: string;
  nama: string;
  perusahaan: { npp: string; nama_perusahaan: string } | null;
  program: Array<{ kode_program: string; nama_program: string }>;
  status_kepesertaan: 'AKTIF' | 'NON AKTIF';
  /** Last month a contribution was booked, YYYY-MM; null before the first one. */
  iuran_terakhir: string | null;
  /** JHT balance in whole rupiah; null when the member has no JHT account. */
  saldo_jht: number | null;
  tgl_kepesertaan: string;
}

const PROGRAMME_NAMES: Record<string, string> = {
  JHT: 'JAMINAN HARI TUA',
  JKK: 'JAMINAN KECELAKAAN KERJA',
  JKM: 'JAMINAN KEMATIAN',
  JP: 'JAMINAN PENSIUN',
  JKP: 'JAMINAN KEHILANGAN PEKERJAAN',
};

/**
 * NPP (Nomor Pendaftaran Perusahaan), the employer's registration number: the branch office
 * code ("LS" for Langsa in this mock) and six digits. The data set names employers only, so the
 * number is derived from the name (FNV-1a) and is therefore stable across runs.
 */
export function nppOf(employerName: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < employerName.length; i++) {
    hash ^= employerName.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `LS${String(hash % 1_000_000).padStart(6, '0')}`;
}

export function toNativePeserta(m: EmploymentMembership): NativePeserta {
  return {
    kpj: m.kpj,
    nik: m.nik,
    nama: m.name,
    perusahaan: { npp: nppOf(m.employer), nama_perusahaan: m.employer },
    program: m.programmes.map((kode) => ({
      kode_program: kode,
      nama_program: PROGRAMME_NAMES[kode] ?? kode,
    })),
    status_kepesertaan: m.active ? 'AKTIF' : 'NON AKTIF',
    iuran_terakhir: m.lastContributionMonth,
    saldo_jht: m.programmes.includes('JHT') ? m.jhtBalance : null,
    tgl_kepesertaan: m.registeredDate,
  };
}

/** Native records indexed once at start-up, so each request is a map lookup. */
export interface PesertaIndex {
  byKpj: ReadonlyMap<string, NativePeserta>;
  byNik: ReadonlyMap<string, NativePeserta>;
}

export function indexPeserta(dataset: Dataset): PesertaIndex {
  const byKpj = new Map<string, NativePeserta>();
  const byNik = new Map<string, NativePeserta>();
  for (const membership of dataset.employment.values()) {
    const record = toNativePeserta(membership);
    byKpj.set(record.kpj, record);
    byNik.set(record.nik, record);
  }
  return { byKpj, byNik };
}
