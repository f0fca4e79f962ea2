import { Iso8583Error } from './errors';

/**
 * Bit 62, PBB-P2 invoice profile: one fixed-width record of 265 characters. `N` columns are
 * right-aligned and zero-padded, `A` columns left-aligned and space-padded.
 */

export interface PbbProfileRecord {
  province: string;
  regency: string;
  district: string;
  village: string;
  block: string;
  serial: string;
  objectType: string;
  taxYear: number;
  taxpayerName: string;
  objectLocation: string;
  villageName: string;
  districtName: string;
  provinceName: string;
  landArea: number;
  buildingArea: number;
  /** YYYYMMDD */
  dueDate: string;
  principal: number;
  penalty: number;
  total: number;
}

type Column = readonly [key: keyof PbbProfileRecord, kind: 'N' | 'A', width: number];

const COLUMNS: readonly Column[] = [
  ['province', 'N', 2],
  ['regency', 'N', 2],
  ['district', 'N', 3],
  ['village', 'N', 3],
  ['block', 'N', 3],
  ['serial', 'N', 4],
  ['objectType', 'N', 1],
  ['taxYear', 'N', 4],
  ['taxpayerName', 'A', 35],
  ['objectLocation', 'A', 35],
  ['villageName', 'A', 35],
  ['districtName', 'A', 35],
  ['provinceName', 'A', 35],
  ['landArea', 'N', 12],
  ['buildingArea', 'N', 12],
  ['dueDate', 'N', 8],
  ['principal', 'N', 12],
  ['penalty', 'N', 12],
  ['total', 'N', 12],
];

export const PBB_PROFILE_LENGTH = COLUMNS.reduce((sum, [, , width]) => sum + width, 0);

/**
 * The 265-character record. Text longer than its column is cut (the bank prints what fits);
 * a number or code that does not fit is an error, never silently changed.
 */
export function encodePbbProfile(record: PbbProfileRecord): string {
  let out = '';
  for (const [key, kind, width] of COLUMNS) {
    const raw = String(record[key]);
    if (kind === 'A') {
      out += raw
        .replace(/[^\x20-\x7e]/g, '?')
        .slice(0, width)
        .padEnd(width, ' ');
      continue;
    }
    if (!/^[0-9]+$/.test(raw) || raw.length > width) {
      throw new Iso8583Error(
        'BAD_PROFILE_RECORD',
        `profile column ${key} must be at most ${width} digits`,
      );
    }
    out += raw.padStart(width, '0');
  }
  return out;
}

/** Parses the record; `A` columns are trimmed of their padding. */
export function decodePbbProfile(text: string): PbbProfileRecord {
  if (text.length !== PBB_PROFILE_LENGTH) {
    throw new Iso8583Error(
      'BAD_PROFILE_RECORD',
      `PBB profile must be ${PBB_PROFILE_LENGTH} characters, got ${text.length}`,
    );
  }
  const values = new Map<keyof PbbProfileRecord, string>();
  let offset = 0;
  for (const [key, kind, width] of COLUMNS) {
    const value = text.slice(offset, offset + width);
    if (kind === 'N' && !/^[0-9]+$/.test(value)) {
      throw new Iso8583Error(
        'BAD_PROFILE_RECORD',
        `profile column ${key} at ${offset} is not numeric`,
      );
    }
    values.set(key, kind === 'A' ? value.trimEnd() : value);
    offset += width;
  }
  const text_ = (k: keyof PbbProfileRecord) => values.get(k) ?? '';
  const num = (k: keyof PbbProfileRecord) => Number(text_(k));
  return {
    province: text_('province'),
    regency: text_('regency'),
    district: text_('district'),
    village: text_('village'),
    block: text_('block'),
    serial: text_('serial'),
    objectType: text_('objectType'),
    taxYear: num('taxYear'),
    taxpayerName: text_('taxpayerName'),
    objectLocation: text_('objectLocation'),
    villageName: text_('villageName'),
    districtName: text_('districtName'),
    provinceName: text_('provinceName'),
    landArea: num('landArea'),
    buildingArea: num('buildingArea'),
    dueDate: text_('dueDate'),
    principal: num('principal'),
    penalty: num('penalty'),
    total: num('total'),
  };
}

/** The NOP's seven key columns from an 18-digit NOP. */
export function nopColumns(
  nop: string,
): Pick<
  PbbProfileRecord,
  'province' | 'regency' | 'district' | 'village' | 'block' | 'serial' | 'objectType'
> {
  return {
    province: nop.slice(0, 2),
    regency: nop.slice(2, 4),
    district: nop.slice(4, 7),
    village: nop.slice(7, 10),
    block: nop.slice(10, 13),
    serial: nop.slice(13, 17),
    objectType: nop.slice(17, 18),
  };
}
