import { RELATIONSHIPS, type Household, type Resident } from '../data/dataset';
import { REGION } from '../data/langsa';

/**
 * A resident as Dukcapil's data-access service serialises them: upper-case column names,
 * DD-MM-YYYY dates, and the Oracle NUMBER columns (region codes, RT/RW, postcode) as JSON
 * numbers, so "003" arrives as 3 and clients must pad it back.
 */
export interface NativePerson {
  NIK: string;
  NO_KK: string;
  NAMA_LGKP: string;
  TMPT_LHR: string;
  TGL_LHR: string;
  JENIS_KLMIN: 'LAKI-LAKI' | 'PEREMPUAN';
  AGAMA: string;
  STATUS_KAWIN: string;
  JENIS_PKRJN: string;
  PDDK_AKH: string;
  GOL_DARAH: string;
  NAMA_LGKP_IBU: string;
  NAMA_LGKP_AYAH: string;
  ALAMAT: string;
  NO_RT: number;
  NO_RW: number;
  DUSUN: string;
  KODE_POS: number;
  NO_PROP: number;
  PROP_NAME: string;
  NO_KAB: number;
  KAB_NAME: string;
  NO_KEC: number;
  KEC_NAME: string;
  NO_KEL: number;
  KEL_NAME: string;
  EKTP_STATUS: 'SUDAH REKAM' | 'BELUM REKAM';
  /** CALL_KK only. */
  STAT_HBKEL?: string;
}

const toDdMmYyyy = (iso: string) => iso.split('-').reverse().join('-');

export function nativePerson(
  resident: Resident,
  household: Household,
  withRelationship: boolean,
): NativePerson {
  const { address } = household;
  const record: NativePerson = {
    NIK: resident.nik,
    NO_KK: resident.kk,
    NAMA_LGKP: resident.name,
    TMPT_LHR: resident.birthPlace,
    TGL_LHR: toDdMmYyyy(resident.birthDate),
    JENIS_KLMIN: resident.sex === 'L' ? 'LAKI-LAKI' : 'PEREMPUAN',
    AGAMA: resident.religion,
    STATUS_KAWIN: resident.maritalStatus,
    JENIS_PKRJN: resident.occupation,
    PDDK_AKH: resident.education,
    GOL_DARAH: resident.bloodType,
    NAMA_LGKP_IBU: resident.motherName,
    NAMA_LGKP_AYAH: resident.fatherName,
    ALAMAT: address.street,
    NO_RT: Number(address.rt),
    NO_RW: Number(address.rw),
    DUSUN: address.dusun,
    KODE_POS: Number(address.district.postcode),
    NO_PROP: Number(REGION.province),
    PROP_NAME: REGION.provinceName,
    NO_KAB: Number(REGION.regency),
    KAB_NAME: REGION.regencyName,
    NO_KEC: Number(address.district.code),
    KEC_NAME: address.district.name,
    NO_KEL: Number(address.villageCode),
    KEL_NAME: address.village,
    EKTP_STATUS: resident.ektpRecorded ? 'SUDAH REKAM' : 'BELUM REKAM',
  };
  if (withRelationship) record.STAT_HBKEL = RELATIONSHIPS[resident.relationship];
  return record;
}

/** Dukcapil's paging envelope around `content` (the service never pages: one page holds all). */
export function envelope(content: readonly object[]): object {
  const n = content.length;
  return {
    content,
    lastPage: true,
    numberOfElements: n,
    sort: null,
    totalElements: n,
    firstPage: true,
    totalPages: 1,
    size: n,
    number: 0,
  };
}

/** An error answer: HTTP 200 with the message in the single record's RESPON. */
export const respon = (message: string) => envelope([{ RESPON: message }]);
