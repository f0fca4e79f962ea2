/**
 * Response codes (bit 39) per bank dialect. What a code means differs between banks, so the
 * connector asks the profile instead of comparing literals.
 */

/** What the payment service may conclude from a code. */
export type RcOutcome =
  | 'approved'
  | 'invalid-invoice'
  | 'amount-mismatch'
  | 'already-paid'
  | 'not-available'
  | 'no-inquiry'
  | 'late-response'
  | 'duplicate'
  | 'system-error';

export interface ResponseCodeTable {
  name: string;
  codes: ReadonlyMap<string, { outcome: RcOutcome; meaning: string }>;
  /** Outcome of a code the table does not list. */
  unknown: RcOutcome;
}

const table = (
  name: string,
  rows: ReadonlyArray<[string, RcOutcome, string]>,
): ResponseCodeTable => ({
  name,
  codes: new Map(rows.map(([rc, outcome, meaning]) => [rc, { outcome, meaning }])),
  unknown: 'system-error',
});

/** BJB v1.7 (the profile the Bank Aceh link speaks). */
export const BJB_V17_RESPONSE_CODES = table('bjb-v1.7', [
  ['00', 'approved', 'approved'],
  ['33', 'invalid-invoice', 'invalid invoice id or bank not allowed'],
  ['51', 'amount-mismatch', 'amount differs from the bill'],
  ['54', 'already-paid', 'already paid; on a reversal: the bill is not paid'],
  ['55', 'not-available', 'bill or payment not available'],
  ['76', 'no-inquiry', 'other error, including payment without a prior inquiry'],
]);

/** The generic biller-switch dialect (second profile of the facts sheet). */
export const GENERIC_SWITCH_RESPONSE_CODES = table('generic-switch', [
  ['00', 'approved', 'approved'],
  ['54', 'already-paid', 'already paid'],
  ['88', 'not-available', 'bill not available'],
  ['68', 'late-response', 'response received too late'],
  ['91', 'no-inquiry', 'payment without successful inquiry'],
  ['94', 'duplicate', 'duplicate transmission'],
  ['96', 'system-error', 'system malfunction'],
]);

export function rcOutcome(codes: ResponseCodeTable, rc: string): RcOutcome {
  return codes.codes.get(rc)?.outcome ?? codes.unknown;
}
