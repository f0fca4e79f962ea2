import { decodeBitmap, encodeBitmap } from './bitmap';
import { Iso8583Error } from './errors';
import { fitsCharset, type FieldDef, type FieldTable } from './fields';

/** One ISO 8583 message: its MTI and field values by bit (ASCII text, already padded). */
export interface Iso8583Message {
  mti: string;
  fields: ReadonlyMap<number, string>;
}

/** A message from an MTI and `[bit, value]` pairs; undefined values are left out. */
export function message(mti: string, fields: Record<number, string | undefined>): Iso8583Message {
  const map = new Map<number, string>();
  for (const [bit, value] of Object.entries(fields)) {
    if (value !== undefined) map.set(Number(bit), value);
  }
  return { mti, fields: map };
}

const MTI = /^[0-9]{4}$/;

/**
 * The message body (MTI + bitmap + fields) as ASCII text. Strict: a fixed field must already
 * have its exact length (builders pad), a variable one fit its maximum; nothing is truncated
 * or padded silently.
 */
export function encodeMessage(msg: Iso8583Message, table: FieldTable): string {
  if (!MTI.test(msg.mti)) throw new Iso8583Error('BAD_MTI', 'MTI must be 4 digits');
  const bits = [...msg.fields.keys()].sort((a, b) => a - b);
  let out = msg.mti + encodeBitmap(bits);
  for (const bit of bits) {
    const def = table.get(bit);
    if (!def) throw new Iso8583Error('UNKNOWN_FIELD', `bit ${bit} is not defined in the profile`);
    out += encodeField(def, msg.fields.get(bit) ?? '');
  }
  return out;
}

function encodeField(def: FieldDef, value: string): string {
  if (!fitsCharset(value, def.charset)) {
    throw new Iso8583Error(
      'BAD_FIELD',
      `bit ${def.bit} (${def.name}) has characters outside ${def.charset}`,
    );
  }
  if (def.layout === 'fixed') {
    if (value.length !== def.length) {
      throw new Iso8583Error(
        'BAD_FIELD',
        `bit ${def.bit} (${def.name}) must be ${def.length} characters, got ${value.length}`,
      );
    }
    return value;
  }
  if (value.length > def.length) {
    throw new Iso8583Error(
      'BAD_FIELD',
      `bit ${def.bit} (${def.name}) is longer than ${def.length} characters (${value.length})`,
    );
  }
  return String(value.length).padStart(def.layout === 'LL' ? 2 : 3, '0') + value;
}

/** Parses a message body. Every inconsistency is an `Iso8583Error` naming the bit and offset. */
export function decodeMessage(body: string, table: FieldTable): Iso8583Message {
  const mti = body.slice(0, 4);
  if (!MTI.test(mti))
    throw new Iso8583Error('BAD_MTI', 'message does not start with a 4-digit MTI');
  const { bits, length } = decodeBitmap(body, 4);
  let offset = 4 + length;
  const fields = new Map<number, string>();
  for (const bit of bits) {
    const def = table.get(bit);
    if (!def) throw new Iso8583Error('UNKNOWN_FIELD', `bit ${bit} is not defined in the profile`);
    let size = def.length;
    if (def.layout !== 'fixed') {
      const digits = def.layout === 'LL' ? 2 : 3;
      const prefix = body.slice(offset, offset + digits);
      if (prefix.length < digits) throw truncated(def, offset);
      if (!/^[0-9]+$/.test(prefix)) {
        throw new Iso8583Error(
          'BAD_FIELD',
          `bit ${bit} (${def.name}): length prefix at offset ${offset} is not numeric`,
        );
      }
      size = Number(prefix);
      if (size > def.length) {
        throw new Iso8583Error(
          'BAD_FIELD',
          `bit ${bit} (${def.name}): length ${size} exceeds ${def.length}`,
        );
      }
      offset += digits;
    }
    const value = body.slice(offset, offset + size);
    if (value.length < size) throw truncated(def, offset);
    if (!fitsCharset(value, def.charset)) {
      throw new Iso8583Error(
        'BAD_FIELD',
        `bit ${bit} (${def.name}) at offset ${offset} has characters outside ${def.charset}`,
      );
    }
    fields.set(bit, value);
    offset += size;
  }
  if (offset !== body.length) {
    throw new Iso8583Error(
      'TRAILING_DATA',
      `${body.length - offset} characters after the last field`,
    );
  }
  return { mti, fields };
}

const truncated = (def: FieldDef, offset: number) =>
  new Iso8583Error('TRUNCATED', `bit ${def.bit} (${def.name}) at offset ${offset} is cut short`);
