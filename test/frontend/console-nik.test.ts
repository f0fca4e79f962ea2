import { validateNik } from '../../src/identifiers/nik';
import { checkNik } from '../../examples/counter-console/src/nik';

// The counter console copies the gateway's NIK rule (to stay a standalone example): both
// must accept and refuse the same inputs, and give the same normalised NIK.
const INPUTS = [
  '1173055208900002',
  '1173 0552 0890 0002',
  '11.7305.520890.0002',
  '1173050101000001',
  '1173052902000001', // 29 Feb 2000: a leap day
  '1173052902010001', // 29 Feb 2001 and 1901: no such day
  '1173057102000001', // a woman born 31 Feb: no such day
  '1173054101900001', // a woman born 1 Jan 1990
  '1173053201900001', // day 32
  '1173050113900001', // month 13
  '1173050101900000', // serial 0000
  '9973050101900001', // no such province
  '1100050101900001', // regency 00
  '1173000101900001', // district 00
  '117305010190000', // 15 digits
  '11730501019000011', // 17 digits
  '1173O50101900001', // a letter O
  "1173050101900001' OR 1=1",
  '',
  '1'.repeat(65),
];

describe('the counter console NIK check', () => {
  it.each(INPUTS)('agrees with the gateway on %p', (input) => {
    const gateway = validateNik(input);
    const console = checkNik(input);
    expect(console.ok).toBe(gateway.ok);
    if (console.ok && gateway.ok) expect(console.nik).toBe(gateway.value);
    if (!console.ok) expect(console.problem.length).toBeGreaterThan(5);
  });

  it('accepts valid NIKs at all (the list is not all refusals)', () => {
    expect(INPUTS.filter((i) => checkNik(i).ok).length).toBeGreaterThanOrEqual(5);
  });
});
