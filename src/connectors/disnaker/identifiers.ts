import { invalid, valid, type Validation } from '../../identifiers/validation';

/** AK/1 card number: `AK1-1173-YYMMDD-NNNNNN` (office region, issue date, serial). */
export function validateCardNumber(input: string): Validation {
  if (typeof input !== 'string' || input.length > 40) return invalid('cardNumber is too long');
  const compact = input.trim().toUpperCase().replace(/\s+/g, '');
  const m = /^AK1-?(\d{4})-?(\d{2})(\d{2})(\d{2})-?(\d{6})$/.exec(compact);
  if (!m) return invalid('cardNumber must look like AK1-1173-260301-000123');
  const [, region, , mm, dd] = m;
  if (Number(mm) < 1 || Number(mm) > 12 || Number(dd) < 1 || Number(dd) > 31)
    return invalid('cardNumber carries an impossible issue date');
  return valid(`AK1-${region}-${m[2]}${mm}${dd}-${m[5]}`);
}

/** Application number: `PK-1173-YYMMDD-NNNNN`. */
export function validateApplicationNumber(input: string): Validation {
  if (typeof input !== 'string' || input.length > 40)
    return invalid('applicationNumber is too long');
  const compact = input.trim().toUpperCase();
  return /^PK-\d{4}-\d{6}-\d{5}$/.test(compact)
    ? valid(compact)
    : invalid('applicationNumber must look like PK-1173-261101-00001');
}

/**
 * The client's idempotency key: 16-128 characters of [A-Za-z0-9_-] (a UUID fits). The same
 * key must be sent again when an outcome was unknown; a new key means a new submission.
 */
export function validateIdempotencyKey(input: string): Validation {
  if (typeof input !== 'string' || !/^[A-Za-z0-9_-]{16,128}$/.test(input))
    return invalid(
      'idempotencyKey must be 16-128 characters of letters, digits, _ or - (e.g. a UUID)',
    );
  return valid(input);
}
