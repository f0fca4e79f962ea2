const rupiah = new Intl.NumberFormat('id-ID', {
  style: 'currency',
  currency: 'IDR',
  maximumFractionDigits: 0,
});
const date = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: 'Asia/Jakarta' });

export const formatRupiah = (amount: number): string => rupiah.format(amount);
/** `YYYY-MM-DD` from the gateway, as an Indonesian date. */
export const formatDate = (iso: string | null | undefined): string =>
  iso ? date.format(new Date(`${iso}T00:00:00+07:00`)) : '—';

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
