import type { District } from './langsa';

/**
 * Kota Lhokseumawe (Aceh), Kemendagri region 11.74: the second MPP of the tenancy data set.
 * District (kecamatan) codes are Kemendagri's; the villages (gampong) listed are real ones of
 * each district, with the district's postcode.
 */
export const REGION = {
  province: '11',
  provinceName: 'ACEH',
  regency: '74',
  regencyName: 'KOTA LHOKSEUMAWE',
} as const;

export const DISTRICTS: readonly District[] = [
  {
    code: '01',
    name: 'BANDA SAKTI',
    postcode: '24351',
    villages: [
      'SIMPANG EMPAT',
      'MON GEUDONG',
      'UJONG BLANG',
      'HAGU SELATAN',
      'KUTA BLANG',
      'PUSONG BARU',
    ],
  },
  {
    code: '02',
    name: 'MUARA DUA',
    postcode: '24352',
    villages: ['CUNDA', 'MEUNASAH MESJID', 'PALOH LADA', 'UTEUN KOT', 'BLANG CRUM', 'KEUDE CUNDA'],
  },
  {
    code: '03',
    name: 'BLANG MANGAT',
    postcode: '24375',
    villages: [
      'KUALA MEURAKSA',
      'BLANG PUNTEUT',
      'MANE KAREUNG',
      'JAMBO TIMU',
      'ALUE LIM',
      'RAYEUK KAREUNG',
    ],
  },
  {
    code: '04',
    name: 'MUARA SATU',
    postcode: '24353',
    villages: [
      'BATUPHAT TIMUR',
      'BATUPHAT BARAT',
      'PADANG SAKTI',
      'MEURIA PALOH',
      'COT TRIENG',
      'BLANG NALEUNG MAMEH',
    ],
  },
];

export const EMPLOYERS = [
  'PT PUPUK ISKANDAR MUDA',
  'RSUD CUT MEUTIA',
  'PT BANK ACEH SYARIAH',
  'PT PERTAMINA HULU ENERGI NSB',
  'PELINDO LHOKSEUMAWE',
  'UNIVERSITAS MALIKUSSALEH',
  'CV PASE JAYA',
  'KOPERASI NELAYAN PUSONG',
] as const;

export const CLINICS = [
  'PUSKESMAS BANDA SAKTI',
  'PUSKESMAS MUARA DUA',
  'PUSKESMAS BLANG MANGAT',
  'PUSKESMAS MUARA SATU',
] as const;
