/**
 * Check digits of the consignment numbers a personal shipment travels under. Kept in the mock
 * (it must not import gateway code); the connector has its own validator with the same rules.
 */

/** IATA air waybill serial: the 8th digit is the first seven taken as a number, modulo 7. */
export function iataCheckDigit(first7: string): number {
  return Number(first7) % 7;
}

/** UPU S10 (postal items, e.g. `RR123456785ID`): weights 8 6 4 2 3 5 9 7, modulo 11. */
export function s10CheckDigit(serial8: string): number {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(serial8[i]) * weights[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 0 : c === 11 ? 5 : c;
}

export const iataAwb = (airline: string, first7: string) =>
  `${airline}${first7}${iataCheckDigit(first7)}`;
export const s10 = (service: string, serial8: string, country = 'ID') =>
  `${service}${serial8}${s10CheckDigit(serial8)}${country}`;
