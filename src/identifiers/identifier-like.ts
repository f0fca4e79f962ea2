import { MIN_IDENTIFIER_DIGITS, stripSeparators } from './validation';

// A stretch of digits joined by the separators the validators strip (any number of them),
// possibly inside longer text: "NIK 1173  0508.0697-0001" holds one.
const DIGIT_RUN = /[0-9](?:[ .-]*[0-9])*/g;

/**
 * Whether `text` holds a run of digits that some validator could read as an identifier once
 * separators are stripped (at least `MIN_IDENTIFIER_DIGITS` digits), in any spelling they
 * accept. Deliberately broad: a long number that is no identifier is also reported.
 */
export function containsIdentifierLike(text: string): boolean {
  for (const [run] of text.matchAll(DIGIT_RUN)) {
    if (stripSeparators(run).length >= MIN_IDENTIFIER_DIGITS) return true;
  }
  return false;
}
