import { applicationNumber, luhnDigit as mockLuhn } from '../../../mocks/imigrasi/data';
import {
  luhnDigit,
  validateApplicationNumber,
} from '../../../src/connectors/imigrasi/application-number';

describe('passport application number', () => {
  const good = applicationNumber('2026-09-14', 12);

  it('accepts the office format and normalises case, spaces and dashes', () => {
    expect(good).toMatch(/^LGS26091400012\d$/);
    expect(validateApplicationNumber(good)).toEqual({ ok: true, value: good });
    const typed = ` ${good.slice(0, 3).toLowerCase()} ${good.slice(3, 9)}-${good.slice(9)} `;
    expect(validateApplicationNumber(typed)).toEqual({ ok: true, value: good });
  });

  it.each([
    ['wrong check digit', `${good.slice(0, 14)}${(Number(good[14]) + 1) % 10}`, /check digit/],
    ['month 13', 'LGS261314000120', /impossible submission date/],
    ['30 February', 'LGS260230000125', /impossible submission date/],
    ['serial 00000', `LGS260914000000`, /serial 00000/],
    ['too short', 'LGS2609140001', /3-letter office code/],
    ['digits for letters', '123260914000127', /3-letter office code/],
    ['quote', "LGS26'0914000127", /only letters and digits/],
  ])('refuses %s', (_what, input, problem) => {
    const result = validateApplicationNumber(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });

  it('uses the same check digit rule as the office (the mock)', () => {
    for (const digits of ['26091400012', '00010100000', '99123199999', '24022912345'])
      expect(luhnDigit(digits)).toBe(mockLuhn(digits));
    // A textbook Luhn vector: 7992739871 has check digit 3.
    expect(luhnDigit('7992739871')).toBe(3);
  });
});
