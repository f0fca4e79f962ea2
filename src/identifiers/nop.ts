import { PROVINCE_CODES } from './region';
import { IDENTIFIER_DIGITS, digitsOf, invalid, valid, type Validation } from './validation';

/**
 * NOP (Nomor Objek Pajak) for PBB-P2, 18 digits, written AA.BB.CCC.DDD.EEE-XXXX.Y:
 * province, regency, district, village, block, serial, object type.
 */
export function validateNop(input: string): Validation {
  const d = digitsOf(input, 'NOP', IDENTIFIER_DIGITS.nop);
  if (!d.ok) return d;
  const nop = d.value;
  if (!PROVINCE_CODES.has(nop.slice(0, 2)))
    return invalid(`NOP province ${nop.slice(0, 2)} does not exist`);
  if (nop.slice(2, 4) === '00') return invalid('NOP regency 00 does not exist');
  if (nop.slice(4, 7) === '000') return invalid('NOP district 000 does not exist');
  if (nop.slice(7, 10) === '000') return invalid('NOP village 000 does not exist');
  if (nop.slice(13, 17) === '0000') return invalid('NOP serial 0000 does not exist');
  return valid(nop);
}

/** The conventional written form, AA.BB.CCC.DDD.EEE-XXXX.Y. */
export function formatNop(nop: string): string {
  return `${nop.slice(0, 2)}.${nop.slice(2, 4)}.${nop.slice(4, 7)}.${nop.slice(7, 10)}.${nop.slice(10, 13)}-${nop.slice(13, 17)}.${nop.slice(17)}`;
}
