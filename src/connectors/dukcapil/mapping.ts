import type {
  AddressRecord,
  CitizenRecord,
  FamilyRecord,
  FamilyRelationship,
  MaritalStatus,
  Sex,
} from './domain';
import type { DukcapilPerson } from './payloads';

/**
 * Native Dukcapil records → domain records, in one place. Identity fields (NIK, NO_KK, name)
 * were validated strictly by the payload schema; descriptive fields are registry data entry
 * and are mapped leniently: a value we do not recognise becomes null rather than failing the
 * whole record, because a citizen's service must not stop on one odd field.
 */

const SEX: Readonly<Record<string, Sex>> = {
  'LAKI-LAKI': 'MALE',
  PEREMPUAN: 'FEMALE',
};

const MARITAL_STATUS: Readonly<Record<string, MaritalStatus>> = {
  'BELUM KAWIN': 'SINGLE',
  KAWIN: 'MARRIED',
  // Since 2021 the registry distinguishes marriages with and without a marriage certificate.
  'KAWIN TERCATAT': 'MARRIED',
  'KAWIN BELUM TERCATAT': 'MARRIED',
  'CERAI HIDUP': 'DIVORCED',
  'CERAI MATI': 'WIDOWED',
};

/** SHDK in code order: index + 1 is the numeric code. */
const RELATIONSHIPS: ReadonlyArray<readonly [string, FamilyRelationship]> = [
  ['KEPALA KELUARGA', 'HEAD'],
  ['SUAMI', 'HUSBAND'],
  ['ISTRI', 'WIFE'],
  ['ANAK', 'CHILD'],
  ['MENANTU', 'CHILD_IN_LAW'],
  ['CUCU', 'GRANDCHILD'],
  ['ORANG TUA', 'PARENT'],
  ['MERTUA', 'PARENT_IN_LAW'],
  ['FAMILI LAIN', 'OTHER_RELATIVE'],
  ['PEMBANTU', 'HOUSEHOLD_HELPER'],
  ['LAINNYA', 'OTHER'],
];
const RELATIONSHIP_BY_TEXT = new Map(RELATIONSHIPS);

const EKTP_STATUS: Readonly<Record<string, boolean>> = {
  'SUDAH REKAM': true,
  'BELUM REKAM': false,
};

type Scalar = string | number | null | undefined;

/** Trimmed text, or null for missing, empty and the registry's "-" placeholder. */
function text(value: Scalar): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s === '' || s === '-' ? null : s;
}

/** The key used to look a registry term up: upper case, single spaces. */
function term(value: Scalar): string | null {
  return text(value)?.toUpperCase().replace(/\s+/g, ' ') ?? null;
}

/** A numeric code zero-padded to `width` digits; null when absent, not digits, too long or all zeros (no such unit). */
function code(value: Scalar, width: number): string | null {
  const s = text(value);
  if (s === null || !/^\d+$/.test(s) || s.length > width || /^0+$/.test(s)) return null;
  return s.padStart(width, '0');
}

/** Dukcapil's DD-MM-YYYY → ISO YYYY-MM-DD; null unless it is a real calendar date. */
export function parseDukcapilDate(value: Scalar): string | null {
  const match = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text(value) ?? '');
  if (!match) return null;
  const [, dd = '', mm = '', yyyy = ''] = match;
  const day = Number(dd);
  const month = Number(mm);
  const year = Number(yyyy);
  if (month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${yyyy}-${mm}-${dd}`;
}

export function toSex(value: Scalar): Sex | null {
  return SEX[term(value) ?? ''] ?? null;
}

export function toMaritalStatus(value: Scalar): MaritalStatus | null {
  return MARITAL_STATUS[term(value) ?? ''] ?? null;
}

/** STAT_HBKEL as text ("KEPALA KELUARGA") or as its SHDK code (1..11). */
export function toRelationship(value: Scalar): FamilyRelationship | null {
  const key = term(value);
  if (key === null) return null;
  if (/^\d{1,2}$/.test(key)) return RELATIONSHIPS[Number(key) - 1]?.[1] ?? null;
  return RELATIONSHIP_BY_TEXT.get(key) ?? null;
}

export function toEktpRecorded(value: Scalar): boolean | null {
  return EKTP_STATUS[term(value) ?? ''] ?? null;
}

/** Blood group, or null for the registry's "TIDAK TAHU" (unknown). */
function toBloodType(value: Scalar): string | null {
  const group = term(value);
  return group === null || group === 'TIDAK TAHU' ? null : group;
}

export function toAddress(p: DukcapilPerson): AddressRecord {
  const province = code(p.NO_PROP, 2);
  const regency = code(p.NO_KAB, 2);
  const district = code(p.NO_KEC, 2);
  const village = code(p.NO_KEL, 4);
  // Each level's code is only meaningful under its parent's: build the dotted Kemendagri codes top-down.
  const regencyCode = province && regency ? `${province}.${regency}` : null;
  const districtCode = regencyCode && district ? `${regencyCode}.${district}` : null;
  const villageCode = districtCode && village ? `${districtCode}.${village}` : null;
  const postcode = text(p.KODE_POS);
  return {
    street: text(p.ALAMAT),
    rt: code(p.NO_RT, 3),
    rw: code(p.NO_RW, 3),
    hamlet: text(p.DUSUN),
    village: text(p.KEL_NAME),
    district: text(p.KEC_NAME),
    regency: text(p.KAB_NAME),
    province: text(p.PROP_NAME),
    postcode: postcode !== null && /^\d{5}$/.test(postcode) ? postcode : null,
    provinceCode: province,
    regencyCode,
    districtCode,
    villageCode,
  };
}

export function toCitizen(p: DukcapilPerson): CitizenRecord {
  return {
    nik: p.NIK,
    kkNumber: p.NO_KK,
    fullName: p.NAMA_LGKP.trim(),
    birthPlace: text(p.TMPT_LHR),
    birthDate: parseDukcapilDate(p.TGL_LHR),
    sex: toSex(p.JENIS_KLMIN),
    religion: text(p.AGAMA),
    maritalStatus: toMaritalStatus(p.STATUS_KAWIN),
    occupation: text(p.JENIS_PKRJN),
    education: text(p.PDDK_AKH),
    bloodType: toBloodType(p.GOL_DARAH),
    motherName: text(p.NAMA_LGKP_IBU),
    fatherName: text(p.NAMA_LGKP_AYAH),
    relationship: toRelationship(p.STAT_HBKEL),
    eKtpRecorded: toEktpRecorded(p.EKTP_STATUS),
    address: toAddress(p),
  };
}

/** A family card from its CALL_KK members; null when the card has none (unknown card). */
export function toFamily(
  kkNumber: string,
  members: readonly DukcapilPerson[],
): FamilyRecord | null {
  if (members.length === 0) return null;
  const citizens = members.map(toCitizen);
  // Members share the card's address; the head's copy is the card's own.
  const head = citizens.find((c) => c.relationship === 'HEAD') ?? citizens[0]!;
  return { kkNumber, address: head.address, members: citizens };
}
