/** The outcome of checking an identifier: the normalised value, or why it is wrong. */
export type Validation = { ok: true; value: string } | { ok: false; problem: string };

export const valid = (value: string): Validation => ({ ok: true, value });
export const invalid = (problem: string): Validation => ({ ok: false, problem });

/**
 * Strips the separators people type (spaces, dots, dashes) and checks the digit count.
 * Anything else (letters, quotes, control characters) is refused rather than stripped,
 * so an injection attempt never turns into a "valid" number.
 */
export function digitsOf(input: string, label: string, length: number): Validation {
  if (typeof input !== 'string') return invalid(`${label} must be a string`);
  if (input.length > 64) return invalid(`${label} is too long`);
  if (!/^[0-9 .-]*$/.test(input)) {
    return invalid(`${label} may contain only digits (with optional spaces, dots or dashes)`);
  }
  const digits = input.replace(/[ .-]/g, '');
  if (digits.length !== length) {
    return invalid(`${label} must have ${length} digits, got ${digits.length}`);
  }
  return valid(digits);
}
