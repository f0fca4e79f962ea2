export { validateNik, decodeNik } from './nik';
export { validateKk } from './kk';
export { validateNop, formatNop } from './nop';
export {
  validateHealthCardNumber,
  validateKpj,
  validateWaterCustomerNumber,
} from './agency-numbers';
export type { Validation } from './validation';
export { containsIdentifierLike } from './identifier-like';
export {
  IDENTIFIER_DIGITS,
  IDENTIFIER_SEPARATORS,
  MIN_IDENTIFIER_DIGITS,
  stripSeparators,
} from './validation';
