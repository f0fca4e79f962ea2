import { digitsOf, invalid, valid, type Validation } from '../../identifiers/validation';

/**
 * Identifiers Bea Cukai is asked about, checked before any call.
 *
 * A personal shipment travels under one of two consignment numbers:
 * - an IATA air waybill (courier and air cargo): 3-digit airline prefix + 8-digit serial whose
 *   last digit is the first seven modulo 7, typed as `618-12345675`, `618 1234 5675` or
 *   `61812345675` (11 digits);
 * - a UPU S10 postal item number (Pos Indonesia, EMS): 2 letters, 8 digits, a check digit
 *   (weights 8 6 4 2 3 5 9 7, modulo 11) and the ISO country code, e.g. `RR123456785ID`.
 * Express couriers' own tracking numbers are not accepted: customs files a shipment under the
 * master or house air waybill, not under the courier's label.
 */

export function validateAirWaybill(input: string): Validation {
  if (typeof input !== 'string' || input.length > 32) return invalid('air waybill is too long');
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{11}$/.test(compact)) {
    const serial = compact.slice(3);
    if (Number(serial.slice(0, 7)) % 7 !== Number(serial[7]))
      return invalid('air waybill check digit does not match (IATA: serial modulo 7)');
    return valid(compact);
  }
  const s10 = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/.exec(compact);
  if (s10) {
    if (s10CheckDigit(s10[2]!) !== Number(s10[3]))
      return invalid('postal item number check digit does not match (UPU S10)');
    return valid(compact);
  }
  return invalid(
    'air waybill must be an IATA air waybill (11 digits, e.g. 618-12345675) or a postal item number (e.g. RR123456785ID)',
  );
}

function s10CheckDigit(serial8: string): number {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(serial8[i]) * weights[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 0 : c === 11 ? 5 : c;
}

/** NIB (Nomor Induk Berusaha, OSS): 13 digits. */
export function validateNib(input: string): Validation {
  const d = digitsOf(input, 'NIB', 13);
  if (!d.ok) return d;
  if (/^0+$/.test(d.value)) return invalid('NIB 0000000000000 does not exist');
  return d;
}

/**
 * NPWP: the 16-digit form (since 2024), or the older 15-digit one (often typed
 * `01.234.567.8-901.000`), which is the 16-digit form without its leading 0. Normalised to 16.
 */
export function validateNpwp(input: string): Validation {
  if (typeof input !== 'string' || input.length > 32) return invalid('NPWP is too long');
  if (!/^[0-9 .-]*$/.test(input))
    return invalid('NPWP may contain only digits (with optional spaces, dots or dashes)');
  const digits = input.replace(/[ .-]/g, '');
  if (digits.length === 15) return valid(`0${digits}`);
  if (digits.length === 16) return valid(digits);
  return invalid(`NPWP must have 15 or 16 digits, got ${digits.length}`);
}
