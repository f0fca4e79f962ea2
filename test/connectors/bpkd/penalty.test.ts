import { LEGACY_PENALTY_RULE, latePenalty, monthsLate } from '../../../src/connectors/bpkd/penalty';

// Instants are given in WIB (+07:00), the agency's calendar.
const at = (wib: string) => new Date(`${wib}+07:00`);
const bill = { amount: 1_000_000, dueDate: '2026-08-31', paid: false };

describe('PBB late penalty', () => {
  it('is 0 before the due date', () => {
    expect(latePenalty(bill, at('2026-08-01T10:00:00'), LEGACY_PENALTY_RULE)).toBe(0);
  });

  it('is 0 on the due date itself, up to its last minute in WIB', () => {
    expect(latePenalty(bill, at('2026-08-31T23:59:59'), LEGACY_PENALTY_RULE)).toBe(0);
  });

  it('counts one day late as a whole month (2%)', () => {
    expect(latePenalty(bill, at('2026-09-01T00:00:00'), LEGACY_PENALTY_RULE)).toBe(20_000);
  });

  it('uses the WIB date, not the UTC date, of now', () => {
    // 2026-08-31T18:00Z is already 1 September in Langsa.
    expect(latePenalty(bill, new Date('2026-08-31T18:00:00Z'), LEGACY_PENALTY_RULE)).toBe(20_000);
  });

  it('starts a new month the day after the same day of the next month', () => {
    expect(monthsLate('2026-08-31', at('2026-09-30T12:00:00'))).toBe(1);
    expect(monthsLate('2026-08-31', at('2026-10-01T12:00:00'))).toBe(2);
    expect(monthsLate('2026-01-15', at('2026-03-15T12:00:00'))).toBe(2);
    expect(monthsLate('2026-01-15', at('2026-03-16T12:00:00'))).toBe(3);
  });

  it('clamps month ends (31 January + 1 month ends on 28 February)', () => {
    expect(monthsLate('2026-01-31', at('2026-02-28T12:00:00'))).toBe(1);
    expect(monthsLate('2026-01-31', at('2026-03-01T12:00:00'))).toBe(2);
  });

  it('stops at 24 months under the legacy rule (48%)', () => {
    expect(latePenalty(bill, at('2028-08-31T12:00:00'), LEGACY_PENALTY_RULE)).toBe(480_000);
    expect(latePenalty(bill, at('2028-09-01T12:00:00'), LEGACY_PENALTY_RULE)).toBe(480_000);
    expect(latePenalty(bill, at('2035-01-01T12:00:00'), LEGACY_PENALTY_RULE)).toBe(480_000);
  });

  it('is 0 on a paid bill however late', () => {
    expect(
      latePenalty({ ...bill, paid: true }, at('2030-01-01T00:00:00'), LEGACY_PENALTY_RULE),
    ).toBe(0);
  });

  it('follows a configured rule of 1% a month for at most 15 months', () => {
    const rule = { ratePercent: 1, maxMonths: 15 };
    expect(latePenalty(bill, at('2026-11-01T08:00:00'), rule)).toBe(30_000);
    expect(latePenalty(bill, at('2029-08-31T08:00:00'), rule)).toBe(150_000);
  });

  it('rounds the total once, half up, to whole rupiah', () => {
    // 12,345 × 2% = 246.9 → 247; 125 × 2% = 2.5 → 3; 125 × 2% × 3 = 7.5 → 8 (not 3 × 3).
    expect(
      latePenalty({ ...bill, amount: 12_345 }, at('2026-09-10T00:00:00'), LEGACY_PENALTY_RULE),
    ).toBe(247);
    expect(
      latePenalty({ ...bill, amount: 125 }, at('2026-09-10T00:00:00'), LEGACY_PENALTY_RULE),
    ).toBe(3);
    expect(
      latePenalty({ ...bill, amount: 125 }, at('2026-11-10T00:00:00'), LEGACY_PENALTY_RULE),
    ).toBe(8);
  });

  it('keeps fractional rates exact (1.5% of 1,000,000 for 3 months)', () => {
    const rule = { ratePercent: 1.5, maxMonths: 24 };
    expect(latePenalty(bill, at('2026-11-15T00:00:00'), rule)).toBe(45_000);
  });

  it('refuses a due date that is not an ISO date', () => {
    expect(() => monthsLate('31-08-2026', at('2026-09-01T00:00:00'))).toThrow(RangeError);
  });
});
