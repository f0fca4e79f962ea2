import { isCalendarDate, regionProblem } from './region';
import { IDENTIFIER_DIGITS, digitsOf, invalid, valid, type Validation } from './validation';

/**
 * NIK (Nomor Induk Kependudukan), 16 digits: region (6) + birth date DDMMYY, with 40 added
 * to DD for women, + serial (4). We check structure, region and that the date exists;
 * whether the person exists is Dukcapil's answer.
 */
export function validateNik(input: string): Validation {
  const d = digitsOf(input, 'NIK', IDENTIFIER_DIGITS.nik);
  if (!d.ok) return d;
  const nik = d.value;
  const region = regionProblem(nik.slice(0, 6));
  if (region) return invalid(`NIK region: ${region}`);
  let day = Number(nik.slice(6, 8));
  if (day > 40) day -= 40;
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  // Any two-digit year is plausible for someone alive; leap years are checked on 19yy and 20yy.
  if (!isCalendarDate(2000 + yy, month, day) && !isCalendarDate(1900 + yy, month, day)) {
    return invalid(`NIK birth date ${nik.slice(6, 12)} is not a valid DDMMYY date`);
  }
  if (nik.slice(12) === '0000') return invalid('NIK serial 0000 does not exist');
  return valid(nik);
}

/** Sex and birth date as a NIK encodes them (century is resolved against `today`). */
export function decodeNik(nik: string, today = new Date()): { sex: 'L' | 'P'; birthDate: string } {
  let day = Number(nik.slice(6, 8));
  const sex = day > 40 ? 'P' : 'L';
  if (day > 40) day -= 40;
  const month = nik.slice(8, 10);
  const yy = Number(nik.slice(10, 12));
  const century = 2000 + yy > today.getUTCFullYear() ? 1900 : 2000;
  return { sex, birthDate: `${century + yy}-${month}-${String(day).padStart(2, '0')}` };
}
