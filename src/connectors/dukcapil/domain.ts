/**
 * What the Dukcapil connector hands to the rest of the gateway: the civil registry's records
 * in our own vocabulary. `CitizenRecord` and `FamilyRecord` are the GraphQL mapper types of
 * `Citizen` and `Family` (codegen.yml), so their property names are the schema's field names.
 */

export type Sex = 'MALE' | 'FEMALE';

export type MaritalStatus = 'SINGLE' | 'MARRIED' | 'DIVORCED' | 'WIDOWED';

/** SHDK (status hubungan dalam keluarga), in code order 1..11. */
export type FamilyRelationship =
  | 'HEAD'
  | 'HUSBAND'
  | 'WIFE'
  | 'CHILD'
  | 'CHILD_IN_LAW'
  | 'GRANDCHILD'
  | 'PARENT'
  | 'PARENT_IN_LAW'
  | 'OTHER_RELATIVE'
  | 'HOUSEHOLD_HELPER'
  | 'OTHER';

export interface AddressRecord {
  street: string | null;
  /** Three digits, zero-padded. */
  rt: string | null;
  /** Three digits, zero-padded. */
  rw: string | null;
  hamlet: string | null;
  village: string | null;
  district: string | null;
  regency: string | null;
  province: string | null;
  postcode: string | null;
  /** "11" */
  provinceCode: string | null;
  /** "11.73" */
  regencyCode: string | null;
  /** "11.73.01" */
  districtCode: string | null;
  /** "11.73.01.2001" */
  villageCode: string | null;
}

export interface CitizenRecord {
  nik: string;
  kkNumber: string;
  fullName: string;
  birthPlace: string | null;
  /** ISO date, YYYY-MM-DD. */
  birthDate: string | null;
  sex: Sex | null;
  religion: string | null;
  maritalStatus: MaritalStatus | null;
  occupation: string | null;
  education: string | null;
  bloodType: string | null;
  motherName: string | null;
  fatherName: string | null;
  /**
   * Known when the record came from a family-card lookup (CALL_KK); a NIK lookup (CALL_NIK)
   * does not carry it, so it is null there and resolved through the family.
   */
  relationship: FamilyRelationship | null;
  eKtpRecorded: boolean | null;
  address: AddressRecord;
}

export interface FamilyRecord {
  kkNumber: string;
  address: AddressRecord;
  /** In the registry's order. Never empty: a card without members is "not found". */
  members: CitizenRecord[];
}
