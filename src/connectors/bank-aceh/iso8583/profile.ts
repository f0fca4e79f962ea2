import { BJB_V17_FIELDS, type FieldTable } from './fields';
import { ASCII4_FRAMING, BINARY2_FRAMING, type Framing } from './framing';
import {
  BJB_V17_RESPONSE_CODES,
  GENERIC_SWITCH_RESPONSE_CODES,
  type ResponseCodeTable,
} from './response-codes';

/** Everything that differs between banks' dialects of the same specification. */
export interface BankProfile {
  name: string;
  framing: Framing;
  fields: FieldTable;
  responseCodes: ResponseCodeTable;
}

/** Bank Aceh: BJB v1.7, 4-digit ASCII length header. */
export const BJB_V17_PROFILE: BankProfile = {
  name: 'bjb-v1.7',
  framing: ASCII4_FRAMING,
  fields: BJB_V17_FIELDS,
  responseCodes: BJB_V17_RESPONSE_CODES,
};

/** The generic biller-switch dialect: same fields, its own codes, 2-byte binary length (U). */
export const GENERIC_SWITCH_PROFILE: BankProfile = {
  name: 'generic-switch',
  framing: BINARY2_FRAMING,
  fields: BJB_V17_FIELDS,
  responseCodes: GENERIC_SWITCH_RESPONSE_CODES,
};

/** A profile with another framing (e.g. BJB fields over a 2-byte binary length). */
export const withFraming = (profile: BankProfile, framing: Framing): BankProfile => ({
  ...profile,
  framing,
});
