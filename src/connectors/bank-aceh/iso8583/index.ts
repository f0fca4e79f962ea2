export { encodeBitmap, decodeBitmap } from './bitmap';
export { encodeMessage, decodeMessage, message, type Iso8583Message } from './codec';
export { Iso8583Error, type Iso8583ErrorCode } from './errors';
export {
  BJB_V17_FIELDS,
  fieldTable,
  fitsCharset,
  type FieldDef,
  type FieldTable,
  type Charset,
} from './fields';
export { ASCII4_FRAMING, BINARY2_FRAMING, FrameReader, frame, type Framing } from './framing';
export {
  decodePbbProfile,
  encodePbbProfile,
  nopColumns,
  PBB_PROFILE_LENGTH,
  type PbbProfileRecord,
} from './pbb-profile';
export { BJB_V17_PROFILE, GENERIC_SWITCH_PROFILE, withFraming, type BankProfile } from './profile';
export {
  BJB_V17_RESPONSE_CODES,
  GENERIC_SWITCH_RESPONSE_CODES,
  rcOutcome,
  type RcOutcome,
  type ResponseCodeTable,
} from './response-codes';
