import { Iso8583Error } from './errors';

/**
 * Hex-ASCII bitmaps: 16 characters for bits 1..64; when any bit above 64 is present, bit 1 is
 * set and a secondary bitmap (16 more characters) follows for bits 65..128.
 */

/** The bitmap text for a set of field bits (2..128). Upper-case hex. */
export function encodeBitmap(bits: Iterable<number>): string {
  const bytes = Buffer.alloc(16);
  let secondary = false;
  for (const bit of bits) {
    if (!Number.isInteger(bit) || bit < 2 || bit > 128 || bit === 65) {
      throw new Iso8583Error('BAD_BITMAP', `bit ${bit} cannot be set in a bitmap`);
    }
    if (bit > 64) secondary = true;
    setBit(bytes, bit);
  }
  if (secondary) setBit(bytes, 1);
  return bytes
    .subarray(0, secondary ? 16 : 8)
    .toString('hex')
    .toUpperCase();
}

/** Reads the bitmap at `offset`; returns the present field bits (ascending) and its length. */
export function decodeBitmap(text: string, offset: number): { bits: number[]; length: number } {
  const primary = readHex(text, offset);
  const hasSecondary = (primary[0]! & 0x80) !== 0;
  const bytes = hasSecondary ? Buffer.concat([primary, readHex(text, offset + 16)]) : primary;
  const bits: number[] = [];
  for (let bit = 2; bit <= bytes.length * 8; bit++) {
    if (isSet(bytes, bit)) bits.push(bit);
  }
  if (bits.includes(65))
    throw new Iso8583Error('BAD_BITMAP', 'bit 65 (tertiary bitmap) is not supported');
  return { bits, length: hasSecondary ? 32 : 16 };
}

function readHex(text: string, offset: number): Buffer {
  const hex = text.slice(offset, offset + 16);
  if (hex.length < 16)
    throw new Iso8583Error('TRUNCATED', `bitmap at offset ${offset} is cut short`);
  if (!/^[0-9A-Fa-f]{16}$/.test(hex)) {
    throw new Iso8583Error('BAD_BITMAP', `bitmap at offset ${offset} is not hexadecimal`);
  }
  return Buffer.from(hex, 'hex');
}

const setBit = (bytes: Buffer, bit: number) => {
  bytes[(bit - 1) >> 3]! |= 0x80 >> ((bit - 1) & 7);
};
const isSet = (bytes: Buffer, bit: number) =>
  (bytes[(bit - 1) >> 3]! & (0x80 >> ((bit - 1) & 7))) !== 0;
