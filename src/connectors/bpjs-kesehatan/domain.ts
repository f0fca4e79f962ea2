/**
 * What the BPJS Kesehatan connector hands to the rest of the gateway. `HealthInsuranceRecord`
 * is the GraphQL mapper type of `HealthInsurance` (codegen.yml), so its property names and enum
 * values are the schema's.
 */

export type Sex = 'MALE' | 'FEMALE';

/** `statusPeserta.kode` in our vocabulary; codes VClaim adds later become UNKNOWN. */
export type HealthMembershipStatus =
  | 'ACTIVE'
  | 'DECEASED'
  | 'RESIGNED'
  | 'SUSPENDED'
  | 'LEFT_VOLUNTARILY'
  | 'NOT_COVERED'
  | 'PAYMENT_SUSPENDED'
  | 'PREMIUM_ARREARS'
  | 'UNKNOWN';

export type HealthCareClass = 'CLASS_1' | 'CLASS_2' | 'CLASS_3';

export interface HealthMembershipTypeRecord {
  /** `jenisPeserta.kode`, e.g. "14". */
  code: string;
  /** `jenisPeserta.keterangan`, e.g. "PEKERJA MANDIRI". */
  description: string | null;
}

export interface HealthCareProviderRecord {
  code: string | null;
  name: string | null;
}

export interface HealthInsuranceRecord {
  /** 13 digits. */
  cardNumber: string;
  nik: string | null;
  name: string;
  sex: Sex | null;
  /** ISO dates (YYYY-MM-DD) or null when VClaim holds none or an invalid one. */
  birthDate: string | null;
  status: HealthMembershipStatus;
  statusDescription: string | null;
  active: boolean;
  membershipType: HealthMembershipTypeRecord | null;
  careClass: HealthCareClass | null;
  primaryCareProvider: HealthCareProviderRecord | null;
  coverageStart: string | null;
  coverageEnd: string | null;
}
