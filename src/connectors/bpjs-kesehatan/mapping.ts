import type { VClaimParticipant } from './payloads';
import type {
  HealthCareClass,
  HealthCareProviderRecord,
  HealthInsuranceRecord,
  HealthMembershipStatus,
  Sex,
} from './domain';

/**
 * VClaim `statusPeserta.kode` values. Only 0 means covered; the others say why not. Codes
 * not listed (VClaim has added some over the years) map to UNKNOWN rather than failing the
 * lookup: the description still travels in `statusDescription`.
 */
const STATUS_BY_CODE: Readonly<Record<string, HealthMembershipStatus>> = {
  '0': 'ACTIVE', // AKTIF
  '1': 'DECEASED', // MENINGGAL
  '2': 'RESIGNED', // MENGUNDURKAN DIRI
  '3': 'SUSPENDED', // PENANGGUHAN PESERTA
  '4': 'LEFT_VOLUNTARILY', // KELUAR KEMAUAN SENDIRI
  '6': 'NOT_COVERED', // TIDAK DITANGGUNG
  '7': 'PAYMENT_SUSPENDED', // PENANGGUHAN PEMBAYARAN
  '9': 'PREMIUM_ARREARS', // NON AKTIF KARNA PREMI
};

const CLASS_BY_CODE: Readonly<Record<string, HealthCareClass>> = {
  '1': 'CLASS_1',
  '2': 'CLASS_2',
  '3': 'CLASS_3',
};

export function membershipStatus(code: string): HealthMembershipStatus {
  return STATUS_BY_CODE[code.trim()] ?? 'UNKNOWN';
}

function sexOf(value: string | null): Sex | null {
  if (value === 'L') return 'MALE';
  if (value === 'P') return 'FEMALE';
  return null;
}

/** VClaim dates are yyyy-MM-dd; anything else (or an impossible date) becomes null. */
export function isoDate(value: string | null): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value) ? value : null;
}

function provider(p: VClaimParticipant['provUmum']): HealthCareProviderRecord | null {
  if (!p || (p.kdProvider === null && p.nmProvider === null)) return null;
  return { code: p.kdProvider, name: p.nmProvider };
}

/** One VClaim participant in the gateway's vocabulary. */
export function toHealthInsurance(p: VClaimParticipant): HealthInsuranceRecord {
  const status = membershipStatus(p.statusPeserta.kode);
  return {
    cardNumber: p.noKartu,
    nik: p.nik,
    name: p.nama.trim(),
    sex: sexOf(p.sex),
    birthDate: isoDate(p.tglLahir),
    status,
    statusDescription: p.statusPeserta.keterangan,
    active: status === 'ACTIVE',
    membershipType: p.jenisPeserta?.kode
      ? { code: p.jenisPeserta.kode, description: p.jenisPeserta.keterangan }
      : null,
    careClass: p.hakKelas?.kode ? (CLASS_BY_CODE[p.hakKelas.kode] ?? null) : null,
    primaryCareProvider: provider(p.provUmum),
    coverageStart: isoDate(p.tglTMT),
    coverageEnd: isoDate(p.tglTAT),
  };
}
