/** The outcome of checking an identifier: the normalised value, or why it is wrong. */
export type Validation = { ok: true; value: string } | { ok: false; problem: string };

export const valid = (value: string): Validation => ({ ok: true, value });
export const invalid = (problem: string): Validation => ({ ok: false, problem });

/** The separators people type inside an identifier (spaces, dots, dashes), in any number. */
export const IDENTIFIER_SEPARATORS = /[ .-]/g;
/** What an identifier may be written with: digits and those separators, nothing else. */
const IDENTIFIER_SPELLING = /^[0-9 .-]*$/;

/** The digits of an identifier spelling, the way every validator reads it. */
export const stripSeparators = (input: string): string => input.replace(IDENTIFIER_SEPARATORS, '');

/** Digit count of each identifier the validators accept (`digitsOf`'s `length`). */
export const IDENTIFIER_DIGITS = Object.freeze({
  nik: 16,
  kk: 16,
  nop: 18,
  healthCardNumber: 13,
  kpj: 11,
  waterCustomerNumber: 10,
});

/** The shortest identifier: a run of at least this many digits may be one. */
export const MIN_IDENTIFIER_DIGITS = Math.min(...Object.values(IDENTIFIER_DIGITS));

/**
 * Strips the separators people type (spaces, dots, dashes) and checks the digit count.
 * Anything else (letters, quotes, control characters) is refused rather than stripped,
 * so an injection attempt never turns into a "valid" number.
 */
export function digitsOf(input: string, label: string, length: number): Validation {
  if (typeof input !== 'string') return invalid(`${label} must be a string`);
  if (input.length > 64) return invalid(`${label} is too long`);
  if (!IDENTIFIER_SPELLING.test(input)) {
    return invalid(`${label} may contain only digits (with optional spaces, dots or dashes)`);
  }
  const digits = stripSeparators(input);
  if (digits.length !== length) {
    return invalid(`${label} must have ${length} digits, got ${digits.length}`);
  }
  return valid(digits);
}
