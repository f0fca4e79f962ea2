import { invalid, valid, type Validation } from '../../identifiers/validation';

/**
 * Kantor Imigrasi application number (nomor permohonan), 15 characters:
 * `LGS` (issuing office, 3 letters) + `YYMMDD` (submission date) + 5-digit serial + a Luhn
 * check digit over the 11 digits, e.g. `LGS260914000127`. People type it with spaces or
 * dashes (`LGS-260914-00012-7`) and in any case; those are normalised, anything else is
 * refused before any call.
 */
export function validateApplicationNumber(input: string): Validation {
  const label = 'Passport application number';
  if (typeof input !== 'string') return invalid(`${label} must be a string`);
  if (input.length > 64) return invalid(`${label} is too long`);
  if (!/^[A-Za-z0-9 -]*$/.test(input))
    return invalid(`${label} may contain only letters and digits (with optional spaces or dashes)`);
  const compact = input.replace(/[ -]/g, '').toUpperCase();
  const m = /^([A-Z]{3})(\d{2})(\d{2})(\d{2})(\d{5})(\d)$/.exec(compact);
  if (!m) {
    return invalid(
      `${label} must be a 3-letter office code, a 6-digit date, a 5-digit serial and a check digit`,
    );
  }
  // The pattern matched, so every group is there.
  const [yy = '', mm = '', dd = '', serial = '', check = ''] = m.slice(2);
  const year = 2000 + Number(yy);
  const month = Number(mm);
  const day = Number(dd);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCDate() !== day)
    return invalid(`${label} carries an impossible submission date`);
  if (/^0+$/.test(serial)) return invalid(`${label} cannot have serial 00000`);
  if (luhnDigit(`${yy}${mm}${dd}${serial}`) !== Number(check))
    return invalid(`${label} has a wrong check digit (mistyped?)`);
  return valid(compact);
}

/** Luhn check digit of a digit string (the same rule the office's numbering uses). */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}
