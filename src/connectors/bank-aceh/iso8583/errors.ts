/** Why a frame or message could not be encoded or decoded. Stable codes for logs and tests. */
export type Iso8583ErrorCode =
  | 'BAD_LENGTH_HEADER'
  | 'FRAME_TOO_LARGE'
  | 'BAD_MTI'
  | 'BAD_BITMAP'
  | 'UNKNOWN_FIELD'
  | 'BAD_FIELD'
  | 'TRUNCATED'
  | 'TRAILING_DATA'
  | 'BAD_PROFILE_RECORD';

/**
 * A garbled frame or a message that breaks the profile. Messages never carry field values
 * (they may be personal data: NOP, names); only bit numbers, offsets and lengths.
 */
export class Iso8583Error extends Error {
  constructor(
    readonly code: Iso8583ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'Iso8583Error';
  }
}
