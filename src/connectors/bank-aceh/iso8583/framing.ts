import { Iso8583Error } from './errors';

/**
 * Length-prefixed framing on a TCP stream. BJB v1.7 sends 4 ASCII decimal digits
 * (`str(len(msg)).zfill(4) + msg`); other banks a 2-byte big-endian binary length (U).
 */
export interface Framing {
  name: 'ascii4' | 'binary2';
  headerLength: number;
  /** Largest body the header can state. */
  maxBody: number;
  header(bodyLength: number): Buffer;
  /** The body length stated by a complete header, or an `Iso8583Error` when it is not one. */
  bodyLength(header: Buffer): number;
}

export const ASCII4_FRAMING: Framing = {
  name: 'ascii4',
  headerLength: 4,
  maxBody: 9999,
  header: (n) => Buffer.from(String(n).padStart(4, '0'), 'latin1'),
  bodyLength: (header) => {
    const text = header.toString('latin1');
    if (!/^[0-9]{4}$/.test(text)) {
      throw new Iso8583Error('BAD_LENGTH_HEADER', 'length header is not 4 ASCII digits');
    }
    return Number(text);
  },
};

export const BINARY2_FRAMING: Framing = {
  name: 'binary2',
  headerLength: 2,
  maxBody: 0xffff,
  header: (n) => {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(n);
    return b;
  },
  bodyLength: (header) => header.readUInt16BE(0),
};

/** A whole frame (header + body) for a message body. */
export function frame(body: string, framing: Framing): Buffer {
  const bytes = Buffer.from(body, 'latin1');
  if (bytes.length > framing.maxBody) {
    throw new Iso8583Error(
      'FRAME_TOO_LARGE',
      `message of ${bytes.length} bytes exceeds the ${framing.name} header`,
    );
  }
  return Buffer.concat([framing.header(bytes.length), bytes]);
}

/**
 * Reassembles frames from TCP chunks: a chunk may hold part of a frame, several frames, or
 * both. A bad header or an empty frame throws an `Iso8583Error`; the stream is then out of
 * sync and the connection must be dropped (the reader is not usable afterwards).
 */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);
  private broken = false;

  constructor(private readonly framing: Framing) {}

  /** The complete frame bodies (as text) that `chunk` completes, in order. */
  push(chunk: Buffer): string[] {
    if (this.broken) throw new Iso8583Error('BAD_LENGTH_HEADER', 'stream already out of sync');
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const bodies: string[] = [];
    const h = this.framing.headerLength;
    while (this.buffered.length >= h) {
      let length: number;
      try {
        length = this.framing.bodyLength(this.buffered.subarray(0, h));
        if (length === 0) throw new Iso8583Error('BAD_LENGTH_HEADER', 'empty frame');
      } catch (err) {
        this.broken = true;
        throw err;
      }
      if (this.buffered.length < h + length) break;
      bodies.push(this.buffered.subarray(h, h + length).toString('latin1'));
      this.buffered = this.buffered.subarray(h + length);
    }
    return bodies;
  }

  /** Bytes received that do not yet make a whole frame. */
  get pending(): number {
    return this.buffered.length;
  }
}
