import {
  EMPLOYMENT_PROGRAMMES,
  type EmploymentInsuranceRecord,
  type EmploymentProgrammeCode,
} from './domain';
import type { Peserta } from './payloads';

const KNOWN_PROGRAMMES: ReadonlySet<string> = new Set(EMPLOYMENT_PROGRAMMES);
const isKnownProgramme = (code: string): code is EmploymentProgrammeCode =>
  KNOWN_PROGRAMMES.has(code);

/**
 * Native member → domain record. Programme codes we do not model are dropped rather than
 * failing the whole record (the client logs them so the schema can catch up); duplicates
 * collapse and the order follows EMPLOYMENT_PROGRAMMES so answers are stable.
 */
export function toEmploymentInsurance(p: Peserta): EmploymentInsuranceRecord {
  const enrolled = new Set(p.program.map((x) => x.kode_program.trim().toUpperCase()));
  return {
    kpj: p.kpj,
    nik: p.nik,
    name: p.nama.trim(),
    employer: p.perusahaan
      ? { name: p.perusahaan.nama_perusahaan.trim(), registrationNumber: p.perusahaan.npp.trim() }
      : null,
    programmes: EMPLOYMENT_PROGRAMMES.filter((code) => enrolled.has(code)),
    status: p.status_kepesertaan === 'AKTIF' ? 'ACTIVE' : 'INACTIVE',
    lastContributionMonth: p.iuran_terakhir,
    oldAgeSavingsBalance: p.saldo_jht,
    memberSince: p.tgl_kepesertaan,
  };
}

/** Programme codes in a native record that the domain does not know (safe to log: no personal data). */
export function unknownProgrammeCodes(p: Peserta): string[] {
  return p.program
    .map((x) => x.kode_program.trim().toUpperCase())
    .filter((code) => !isKnownProgramme(code));
}

/**
 * One membership per NIK. A worker who changed jobs before BPJS merged member numbers can
 * still hold several KPJ numbers; the one that matters at a service counter is the active
 * membership, else the most recent one.
 */
export function preferredMembershipByNik(
  records: readonly EmploymentInsuranceRecord[],
): Map<string, EmploymentInsuranceRecord> {
  const chosen = new Map<string, EmploymentInsuranceRecord>();
  for (const record of records) {
    const current = chosen.get(record.nik);
    if (!current || isPreferred(record, current)) chosen.set(record.nik, record);
  }
  return chosen;
}

function isPreferred(a: EmploymentInsuranceRecord, b: EmploymentInsuranceRecord): boolean {
  if (a.status !== b.status) return a.status === 'ACTIVE';
  return a.memberSince > b.memberSince;
}
