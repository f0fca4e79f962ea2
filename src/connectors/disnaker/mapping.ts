import type {
  EducationLevel,
  EducationRecord,
  EmploymentStatus,
  JobSeekerApplicationRecord,
  JobSeekerApplicationStatus,
  JobSeekerCardRecord,
  JobSeekerReportReceipt,
} from './domain';
import type {
  Jenjang,
  Kartu,
  LaporanResponse,
  Pendidikan,
  Permohonan,
  StatusPermohonan,
} from './payloads';

const LEVEL: Record<Jenjang, EducationLevel> = {
  SD: 'PRIMARY',
  SMP: 'JUNIOR_SECONDARY',
  SMA: 'SENIOR_SECONDARY',
  SMK: 'VOCATIONAL_SECONDARY',
  D3: 'DIPLOMA',
  S1: 'BACHELOR',
};
const JENJANG = Object.fromEntries(Object.entries(LEVEL).map(([k, v]) => [v, k])) as Record<
  EducationLevel,
  Jenjang
>;

const STATUS: Record<StatusPermohonan, JobSeekerApplicationStatus> = {
  DIAJUKAN: 'SUBMITTED',
  DIVERIFIKASI: 'VERIFIED',
  DITERBITKAN: 'ISSUED',
  DITOLAK: 'REJECTED',
};

const WORK: Record<'BELUM_BEKERJA' | 'SUDAH_BEKERJA', EmploymentStatus> = {
  BELUM_BEKERJA: 'STILL_SEEKING',
  SUDAH_BEKERJA: 'EMPLOYED',
};
export const nativeWork = (s: EmploymentStatus) =>
  s === 'EMPLOYED' ? 'SUDAH_BEKERJA' : 'BELUM_BEKERJA';

/** A card is valid two years; the holder reports every six months: four reports. */
export const REPORTS_PER_CARD = 4;

export function addMonths(iso: string, months: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

const education = (p: Pendidikan[]): EducationRecord[] =>
  p
    .map((e) => ({
      level: LEVEL[e.jenjang],
      major: e.jurusan?.trim() || null,
      graduationYear: e.tahunLulus,
    }))
    .sort((a, b) => a.graduationYear - b.graduationYear);

export const toNativeEducation = (e: EducationRecord[]): Pendidikan[] =>
  e.map((x) => ({ jenjang: JENJANG[x.level], jurusan: x.major, tahunLulus: x.graduationYear }));

export function toJobSeekerCard(k: Kartu): JobSeekerCardRecord {
  const made = new Map(k.laporan.map((l) => [l.laporanKe, l]));
  return {
    cardNumber: k.nomorAk1,
    nik: k.nik,
    issuedOn: k.tanggalTerbit,
    validUntil: k.berlakuSampai,
    education: education(k.pendidikan),
    skills: [...new Set(k.keterampilan.map((s) => s.trim()))].sort(),
    reports: Array.from({ length: REPORTS_PER_CARD }, (_, i) => {
      const report = made.get(i + 1);
      return {
        period: i + 1,
        dueOn: addMonths(k.tanggalTerbit, 6 * (i + 1)),
        reportedOn: report?.tanggalLapor ?? null,
        employmentStatus: report ? WORK[report.statusKerja] : null,
      };
    }),
  };
}

export function toJobSeekerApplication(p: Permohonan): JobSeekerApplicationRecord {
  const status = STATUS[p.status];
  return {
    applicationNumber: p.nomorPermohonan,
    nik: p.nik,
    status,
    submittedOn: p.tanggalPengajuan,
    statusSince: p.tanggalStatus,
    cardNumber: status === 'ISSUED' ? p.nomorAk1 : null,
    rejectionReason: status === 'REJECTED' ? (p.alasanPenolakan?.trim() ?? null) : null,
    education: education(p.pendidikan),
    skills: [...p.keterampilan],
  };
}

export function toReportReceipt(r: LaporanResponse): JobSeekerReportReceipt {
  return {
    cardNumber: r.nomorAk1,
    period: r.laporan.laporanKe,
    reportedOn: r.laporan.tanggalLapor,
    employmentStatus: WORK[r.laporan.statusKerja],
  };
}
