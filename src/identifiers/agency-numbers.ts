import { IDENTIFIER_DIGITS, digitsOf, invalid, type Validation } from './validation';

/** BPJS Kesehatan card number (noKartu): 13 digits, never all zeros. */
export function validateHealthCardNumber(input: string): Validation {
  const d = digitsOf(input, 'BPJS Kesehatan card number', IDENTIFIER_DIGITS.healthCardNumber);
  if (d.ok && /^0+$/.test(d.value))
    return invalid('BPJS Kesehatan card number cannot be all zeros');
  return d;
}

/** BPJS Ketenagakerjaan member number (KPJ): 11 digits, never all zeros. */
export function validateKpj(input: string): Validation {
  const d = digitsOf(input, 'KPJ number', IDENTIFIER_DIGITS.kpj);
  if (d.ok && /^0+$/.test(d.value)) return invalid('KPJ number cannot be all zeros');
  return d;
}

/** PDAM customer number (nomor sambungan): 10 digits. */
export function validateWaterCustomerNumber(input: string): Validation {
  const d = digitsOf(input, 'PDAM customer number', IDENTIFIER_DIGITS.waterCustomerNumber);
  if (d.ok && /^0+$/.test(d.value)) return invalid('PDAM customer number cannot be all zeros');
  return d;
}
