// The gateway's NIK rule (src/identifiers/nik.ts), copied so this console stays standalone:
// refusing a mistyped NIK at the counter saves a round trip and an audit record.
// test/frontend/console-nik.test.ts keeps both in step.

// Kemendagri province codes: the first two digits of every NIK.
const PROVINCES = new Set(
  '11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 71 72 73 74 75 76 81 82 91 92 93 94 95 96 97'.split(
    ' ',
  ),
);

export type NikCheck = { ok: true; nik: string } | { ok: false; problem: string };

const isDate = (year: number, month: number, day: number): boolean =>
  month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Checks a NIK as the gateway does; the problem is in Indonesian, for the officer. */
export function checkNik(input: string): NikCheck {
  if (input.length > 64) return { ok: false, problem: 'NIK terlalu panjang' };
  if (!/^[0-9 .-]*$/.test(input))
    return {
      ok: false,
      problem: 'NIK hanya boleh berisi angka (spasi, titik, atau tanda hubung boleh)',
    };
  const nik = input.replace(/[ .-]/g, '');
  if (nik.length !== 16)
    return { ok: false, problem: `NIK harus 16 angka (tertulis ${nik.length})` };
  if (!PROVINCES.has(nik.slice(0, 2)))
    return { ok: false, problem: `kode provinsi ${nik.slice(0, 2)} tidak ada` };
  if (nik.slice(2, 4) === '00') return { ok: false, problem: 'kode kabupaten/kota 00 tidak ada' };
  if (nik.slice(4, 6) === '00') return { ok: false, problem: 'kode kecamatan 00 tidak ada' };
  let day = Number(nik.slice(6, 8));
  if (day > 40) day -= 40; // women: day of birth + 40
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  if (!isDate(2000 + yy, month, day) && !isDate(1900 + yy, month, day))
    return { ok: false, problem: `tanggal lahir ${nik.slice(6, 12)} pada NIK tidak valid` };
  if (nik.slice(12) === '0000') return { ok: false, problem: 'nomor urut 0000 tidak ada' };
  return { ok: true, nik };
}
