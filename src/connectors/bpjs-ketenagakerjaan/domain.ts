/**
 * Employment insurance (BPJS Ketenagakerjaan) as the gateway models it: what mapping.ts
 * produces, the cache stores and resolvers receive as their parent (codegen mapper).
 */

/** Social-security programmes a member can be enrolled in; the codes are BPJS's own. */
export const EMPLOYMENT_PROGRAMMES = ['JHT', 'JKK', 'JKM', 'JP', 'JKP'] as const;
export type EmploymentProgrammeCode = (typeof EMPLOYMENT_PROGRAMMES)[number];

export type EmploymentInsuranceStatus = 'ACTIVE' | 'INACTIVE';

export interface EmployerRecord {
  name: string;
  /** NPP (Nomor Pendaftaran Perusahaan). */
  registrationNumber: string;
}

export interface EmploymentInsuranceRecord {
  /** Member number (KPJ), 11 digits. */
  kpj: string;
  nik: string;
  name: string;
  /** Null for members without an employer (self-employed, "Bukan Penerima Upah"). */
  employer: EmployerRecord | null;
  programmes: EmploymentProgrammeCode[];
  status: EmploymentInsuranceStatus;
  /** YYYY-MM; null before the first contribution. */
  lastContributionMonth: string | null;
  /** JHT balance in whole rupiah; null without a JHT account. */
  oldAgeSavingsBalance: number | null;
  /** YYYY-MM-DD. */
  memberSince: string;
}
