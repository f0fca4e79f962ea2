/**
 * Kemendagri province codes (the first two digits of every NIK, KK number and NOP).
 * A number whose region does not start with one of these cannot be real, so we refuse
 * it before any agency sees it.
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '21',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '51',
  '52',
  '53',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '72',
  '73',
  '74',
  '75',
  '76',
  '81',
  '82',
  '91',
  '92',
  '93',
  '94',
  '95',
  '96',
  '97',
]);

/** Checks a 6-digit Kemendagri region prefix (province, regency, district). */
export function regionProblem(region: string): string | null {
  if (!PROVINCE_CODES.has(region.slice(0, 2))) {
    return `province code ${region.slice(0, 2)} does not exist`;
  }
  if (region.slice(2, 4) === '00') return 'regency code 00 does not exist';
  if (region.slice(4, 6) === '00') return 'district code 00 does not exist';
  return null;
}

/** A calendar date check for DD, MM and a two-digit year (century resolved by the caller). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}
