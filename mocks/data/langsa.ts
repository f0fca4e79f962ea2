/**
 * Kota Langsa (Aceh), Kemendagri region 11.73. District (kecamatan) codes are Kemendagri's;
 * the villages (gampong) listed are real ones of each district, with the district's postcode.
 */
export interface District {
  code: string; // 2 digits, the 5th-6th digits of a NIK
  name: string;
  postcode: string;
  villages: readonly string[];
}

export const REGION = {
  province: '11',
  provinceName: 'ACEH',
  regency: '73',
  regencyName: 'KOTA LANGSA',
} as const;

export const DISTRICTS: readonly District[] = [
  {
    code: '01',
    name: 'LANGSA TIMUR',
    postcode: '24411',
    villages: [
      'ALUE MERBAU',
      'CINTA RAJA',
      'MATANG PANYANG',
      'SUKAREJO',
      'BUKIT MEUTUAH',
      'ALUE PINEUNG',
    ],
  },
  {
    code: '02',
    name: 'LANGSA BARAT',
    postcode: '24412',
    villages: [
      'KUALA LANGSA',
      'TELAGA TUJUH',
      'MATANG SEULIMENG',
      'SIMPANG LHEE',
      'LHOK BANIE',
      'SERAMBI INDAH',
    ],
  },
  {
    code: '03',
    name: 'LANGSA KOTA',
    postcode: '24415',
    villages: ['GAMPONG JAWA', 'MEUTIA', 'PEUKAN LANGSA', 'TEUNGOH', 'DAULAT', 'BLANG SEUNIBONG'],
  },
  {
    code: '04',
    name: 'LANGSA LAMA',
    postcode: '24416',
    villages: [
      'ASAM PEUTIK',
      'PAYA BUJOK BLANG PASE',
      'PONDOK KEMUNING',
      'TOWER',
      'SIDOREJO',
      'MEURANDEH',
    ],
  },
  {
    code: '05',
    name: 'LANGSA BARO',
    postcode: '24418',
    villages: [
      'ALUE DUA',
      'GEUDUBANG JAWA',
      'KARANG ANYAR',
      'LENGKONG',
      'PONDOK KELAPA',
      'TIMBANG LANGSA',
    ],
  },
];

export const MALE_NAMES = [
  'MUHAMMAD',
  'ZULKIFLI',
  'FAUZAN',
  'RIZKI',
  'KHAIRUL',
  'AZHARI',
  'MUKHLIS',
  'ISKANDAR',
  'SYAHRUL',
  'FADLI',
  'MUNAWAR',
  'RIDWAN',
  'SAIFUL',
  'HENDRA',
  'IRWANSYAH',
  'BUKHARI',
  'NASRULLAH',
  'MAHDI',
  'YUSRI',
  'TEUKU',
  'ANDI',
  'IQBAL',
  'FAJRI',
  'HASBI',
  'JAMALUDDIN',
  'RAHMAT',
  'SULAIMAN',
  'ZAINAL',
  'ARIF',
  'FIRDAUS',
  'HUSAINI',
  'MARZUKI',
  'NAZARUDDIN',
  'SYAHPUTRA',
  'TAUFIK',
  'USMAN',
] as const;

export const FEMALE_NAMES = [
  'NURUL',
  'SITI',
  'CUT',
  'RAHMAH',
  'AISYAH',
  'FITRI',
  'NURHAYATI',
  'YULIANA',
  'SAFRIDA',
  'ROSMAWATI',
  'MEUTIA',
  'DARA',
  'INTAN',
  'ZAHRA',
  'KHAIRUNNISA',
  'MAULIDA',
  'RAHMAWATI',
  'SURYANI',
  'FATIMAH',
  'NADIA',
  'HUSNA',
  'JULIANA',
  'MARLINA',
  'NURMALA',
  'RATNA',
  'SALMA',
  'WARDAH',
  'ZUBAIDAH',
] as const;

export const SECOND_NAMES = [
  'ABDULLAH',
  'HASAN',
  'IBRAHIM',
  'ISMAIL',
  'YUSUF',
  'RAMADHAN',
  'SAPUTRA',
  'SAFITRI',
  'AMALIA',
  'MAULANA',
  'HIDAYAT',
  'AKBAR',
  'FITRIANI',
  'RAHMAN',
  'HAKIM',
  'AZIZ',
  'WAHYUNI',
  'LESTARI',
  'ALAMSYAH',
  'SYAHRIAL',
  'UMAR',
  'ZAKARIA',
  'KURNIAWAN',
  'PERMATA',
] as const;

export const OCCUPATIONS = [
  'PEGAWAI NEGERI SIPIL',
  'KARYAWAN SWASTA',
  'WIRASWASTA',
  'PETANI/PEKEBUN',
  'NELAYAN/PERIKANAN',
  'PEDAGANG',
  'GURU',
  'MENGURUS RUMAH TANGGA',
  'BURUH HARIAN LEPAS',
  'KARYAWAN BUMN',
] as const;

export const EDUCATION = [
  'TIDAK/BELUM SEKOLAH',
  'TAMAT SD/SEDERAJAT',
  'SLTP/SEDERAJAT',
  'SLTA/SEDERAJAT',
  'DIPLOMA IV/STRATA I',
  'AKADEMI/DIPLOMA III/S. MUDA',
] as const;

export const STREETS = [
  'JL. A. YANI',
  'JL. TEUKU UMAR',
  'JL. CUT NYAK DHIEN',
  'JL. SUDIRMAN',
  'JL. IR. H. JUANDA',
  'JL. MEDAN-BANDA ACEH',
  'JL. T. CHIK DI TIRO',
  'JL. LILAWANGSA',
  'JL. PANGLIMA POLEM',
  'JL. SYIAH KUALA',
] as const;

export const EMPLOYERS = [
  'PT PERKEBUNAN NUSANTARA I',
  'RSUD KOTA LANGSA',
  'PT BANK ACEH SYARIAH',
  'CV LANGSA JAYA',
  'PT PELABUHAN KUALA LANGSA',
  'UD SINAR TIMUR',
  'PT TELKOM INDONESIA',
  'KOPERASI NELAYAN LANGSA',
] as const;

export const CLINICS = [
  'PUSKESMAS LANGSA TIMUR',
  'PUSKESMAS LANGSA BARAT',
  'PUSKESMAS LANGSA KOTA',
  'PUSKESMAS LANGSA LAMA',
  'PUSKESMAS LANGSA BARO',
] as const;
