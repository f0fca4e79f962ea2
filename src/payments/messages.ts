/**
 * What the ledger records about a message: the processing codes we send and the short detail
 * written when no answer came. Shared by the pay flow and reversal so both log the same words.
 */
import { BankNoAnswerError, BankUnavailableError } from './bank-port';

export const PC_INQUIRY = '341019';
export const PC_PAYMENT = '541019';

/** `unavailable` means certainly not sent; `no-answer` and `error` leave the outcome unknown. */
export function failureDetail(err: unknown): string {
  if (err instanceof BankUnavailableError) return 'unavailable';
  if (err instanceof BankNoAnswerError) return 'no-answer';
  return 'error';
}
