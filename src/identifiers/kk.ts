import { isCalendarDate, regionProblem } from './region';
import { IDENTIFIER_DIGITS, digitsOf, invalid, valid, type Validation } from './validation';

/** KK (Kartu Keluarga) number, 16 digits: region (6) + issue date DDMMYY + serial (4). */
export function validateKk(input: string, today = new Date()): Validation {
  const d = digitsOf(input, 'KK number', IDENTIFIER_DIGITS.kk);
  if (!d.ok) return d;
  const kk = d.value;
  const region = regionProblem(kk.slice(0, 6));
  if (region) return invalid(`KK number region: ${region}`);
  const day = Number(kk.slice(6, 8));
  const month = Number(kk.slice(8, 10));
  const year = 2000 + Number(kk.slice(10, 12));
  // Family cards with this numbering exist from the 1970s; a year after today means 19yy.
  const fullYear = year > today.getUTCFullYear() ? year - 100 : year;
  if (!isCalendarDate(fullYear, month, day)) {
    return invalid(`KK number issue date ${kk.slice(6, 12)} is not a valid DDMMYY date`);
  }
  if (kk.slice(12) === '0000') return invalid('KK number serial 0000 does not exist');
  return valid(kk);
}
