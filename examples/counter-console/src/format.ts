const rupiah = new Intl.NumberFormat('id-ID', {
  style: 'currency',
  currency: 'IDR',
  maximumFractionDigits: 0,
});
const date = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: 'Asia/Jakarta' });
const dateTime = new Intl.DateTimeFormat('id-ID', {
  dateStyle: 'long',
  timeStyle: 'medium',
  timeZone: 'Asia/Jakarta',
});

export const formatRupiah = (amount: number): string => rupiah.format(amount);
/** `YYYY-MM-DD` from the gateway, as an Indonesian date. */
export const formatDate = (iso: string | null | undefined): string =>
  iso ? date.format(new Date(`${iso}T00:00:00+07:00`)) : '—';

/** An ISO instant from the gateway, in Langsa's time (WIB). */
export const formatDateTime = (iso: string): string => `${dateTime.format(new Date(iso))} WIB`;

/** Agency names as officers know them, by the gateway's connector key. */
export const AGENCIES: Readonly<Record<string, string>> = {
  dukcapil: 'Dukcapil',
  'bpjs-kesehatan': 'BPJS Kesehatan',
  'bpjs-ketenagakerjaan': 'BPJS Ketenagakerjaan',
  bpkd: 'BPKD (PBB)',
  pdam: 'PDAM Tirta Keumuning',
  imigrasi: 'Imigrasi',
};
export const agencyName = (key: string): string => AGENCIES[key] ?? key;

/** Family relationships as printed on a Kartu Keluarga. */
export const RELATIONSHIPS: Readonly<Record<string, string>> = {
  HEAD: 'Kepala Keluarga',
  HUSBAND: 'Suami',
  WIFE: 'Istri',
  CHILD: 'Anak',
  CHILD_IN_LAW: 'Menantu',
  GRANDCHILD: 'Cucu',
  PARENT: 'Orang Tua',
  PARENT_IN_LAW: 'Mertua',
  HOUSEHOLD_HELPER: 'Pembantu',
  OTHER_RELATIVE: 'Famili Lain',
  OTHER: 'Lainnya',
};

/** How old stale data is, for the badge. */
export const formatAge = (seconds: number): string =>
  seconds < 60
    ? 'baru saja'
    : seconds < 3600
      ? `${Math.round(seconds / 60)} menit lalu`
      : `${Math.round(seconds / 3600)} jam lalu`;
