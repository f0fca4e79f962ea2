/**
 * Data element definitions: how each bit is laid out on the wire. A profile is a table of
 * these; the codec knows nothing about what a bit means.
 */

/** `n` digits; `an` letters, digits and spaces; `ans` any printable ASCII. */
export type Charset = 'n' | 'an' | 'ans';

export interface FieldDef {
  bit: number;
  /** Short name for error messages and docs. */
  name: string;
  charset: Charset;
  /** `fixed`: exactly `length` characters; `LL`/`LLL`: a 2/3-digit length prefix, at most `length`. */
  layout: 'fixed' | 'LL' | 'LLL';
  length: number;
}

export type FieldTable = ReadonlyMap<number, FieldDef>;

const fixed = (bit: number, name: string, charset: Charset, length: number): FieldDef => ({
  bit,
  name,
  charset,
  layout: 'fixed',
  length,
});
const ll = (bit: number, name: string, charset: Charset, max: number): FieldDef => ({
  bit,
  name,
  charset,
  layout: 'LL',
  length: max,
});
const lll = (bit: number, name: string, charset: Charset, max: number): FieldDef => ({
  bit,
  name,
  charset,
  layout: 'LLL',
  length: max,
});

export function fieldTable(defs: readonly FieldDef[]): FieldTable {
  const table = new Map<number, FieldDef>();
  for (const def of defs) {
    if (def.bit < 2 || def.bit > 128) throw new RangeError(`bit ${def.bit} out of 2..128`);
    if (def.bit === 65) throw new RangeError('bit 65 is the tertiary bitmap flag, not a field');
    const max = def.layout === 'LL' ? 99 : def.layout === 'LLL' ? 999 : Infinity;
    if (def.length < 1 || def.length > max) throw new RangeError(`bit ${def.bit}: bad length`);
    table.set(def.bit, def);
  }
  return table;
}

/** The regional banks' local-tax ISO 8583 specification v1.7 (BJB profile), per the facts sheet. */
export const BJB_V17_FIELDS: FieldTable = fieldTable([
  ll(2, 'PAN', 'n', 97),
  fixed(3, 'processing code', 'n', 6),
  fixed(4, 'amount', 'n', 12),
  fixed(7, 'transmission date-time', 'n', 10),
  fixed(11, 'STAN', 'n', 6),
  fixed(12, 'local time', 'n', 6),
  fixed(13, 'local date', 'n', 4),
  fixed(15, 'settlement date', 'n', 4),
  fixed(18, 'merchant type', 'n', 4),
  fixed(22, 'POS entry mode', 'n', 3),
  ll(32, 'acquiring institution', 'n', 11),
  ll(33, 'forwarding institution', 'n', 11),
  ll(35, 'track 2', 'ans', 37),
  fixed(37, 'RRN', 'an', 12),
  fixed(39, 'response code', 'an', 2),
  fixed(41, 'terminal id', 'ans', 8),
  fixed(42, 'terminal user id', 'ans', 15),
  fixed(43, 'card acceptor name', 'ans', 40),
  lll(47, 'NTP', 'ans', 999),
  lll(48, 'NTB', 'ans', 999),
  fixed(49, 'currency', 'n', 3),
  lll(59, 'additional data', 'ans', 999),
  lll(60, 'regional government code', 'ans', 999),
  lll(61, 'invoice id', 'ans', 999),
  lll(62, 'invoice profile', 'ans', 999),
  lll(63, 'additional data 2', 'ans', 999),
  fixed(70, 'network function code', 'n', 3),
  // (U) Not in the v1.7 field list: original data elements on reversals, as ISO 8583:1987
  // defines them (original MTI 4, STAN 6, date-time 10, acquirer 11, forwarder 11).
  fixed(90, 'original data elements', 'n', 42),
  lll(107, 'branch and user', 'ans', 999),
]);

const PATTERNS: Record<Charset, RegExp> = {
  n: /^[0-9]*$/,
  an: /^[A-Za-z0-9 ]*$/,
  ans: /^[\x20-\x7e]*$/,
};

/** Whether `value` uses only the characters of `charset`. */
export function fitsCharset(value: string, charset: Charset): boolean {
  return PATTERNS[charset].test(value);
}
