import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  timingSafeEqual,
} from 'node:crypto';
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';

/**
 * The VClaim v2 request signature and response encryption, shared by the connector and the
 * mock so that both sides of the protocol are one implementation (the published test vector
 * in test/fixtures keeps that implementation honest against the real system).
 *
 * - Signature: base64(HMAC-SHA256(key = secretKey, message = `${consId}&${timestamp}`)).
 * - Response: base64(AES-256-CBC(PKCS7)) of LZ-string `compressToEncodedURIComponent(json)`,
 *   with key = SHA-256(consId + secretKey + timestamp) and IV = the first 16 bytes of that
 *   digest. The timestamp is the `X-timestamp` the client sent, so only that client can read it.
 */

export interface VClaimKeyMaterial {
  consId: string;
  secretKey: string;
  /** Unix seconds as sent in `X-timestamp`. */
  timestamp: string;
}

/** Raised when a response cannot be decrypted or decompressed (wrong key, corrupt body). */
export class VClaimDecryptError extends Error {
  constructor(reason: string) {
    super(`VClaim response could not be decrypted: ${reason}`);
    this.name = 'VClaimDecryptError';
  }
}

/** The `X-signature` header value for a request sent at `timestamp`. */
export function vclaimSignature(consId: string, secretKey: string, timestamp: string): string {
  return createHmac('sha256', secretKey).update(`${consId}&${timestamp}`, 'utf8').digest('base64');
}

/** Constant-time comparison of a received signature with the expected one. */
export function signatureMatches(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function keyAndIv(decryptKey: string): { key: Buffer; iv: Buffer } {
  const key = createHash('sha256').update(decryptKey, 'utf8').digest();
  return { key, iv: key.subarray(0, 16) };
}

/** consId + secretKey + timestamp: the string VClaim documents as the decryption key. */
export const decryptKeyOf = (m: VClaimKeyMaterial): string =>
  `${m.consId}${m.secretKey}${m.timestamp}`;

/**
 * Decrypts and decompresses a `response` string to the JSON text the agency encoded.
 * Throws VClaimDecryptError for anything that is not a well-formed ciphertext under this key:
 * a wrong key almost always fails the PKCS7 padding check, and in the rare case it does not,
 * the LZ-string layer yields nothing usable, which we also refuse rather than return garbage.
 */
export function decryptVClaimResponse(ciphertext: string, decryptKey: string): string {
  if (ciphertext.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(ciphertext)) {
    throw new VClaimDecryptError('not base64');
  }
  const bytes = Buffer.from(ciphertext, 'base64');
  if (bytes.length === 0 || bytes.length % 16 !== 0) {
    throw new VClaimDecryptError('ciphertext length is not a whole number of AES blocks');
  }
  const { key, iv } = keyAndIv(decryptKey);
  let compressed: string;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    compressed = Buffer.concat([decipher.update(bytes), decipher.final()]).toString('utf8');
  } catch {
    throw new VClaimDecryptError('bad padding (wrong key or corrupt body)');
  }
  // compressToEncodedURIComponent only emits this alphabet; anything else is a wrong key.
  if (!/^[A-Za-z0-9+\-$]*$/.test(compressed)) {
    throw new VClaimDecryptError('plaintext is not LZ-string data');
  }
  let json: string | null;
  try {
    json = decompressFromEncodedURIComponent(compressed);
  } catch {
    json = null;
  }
  if (!json) throw new VClaimDecryptError('LZ-string data did not decompress');
  return json;
}

/** The inverse of decryptVClaimResponse, for the mock agency and round-trip tests. */
export function encryptVClaimResponse(json: string, decryptKey: string): string {
  return encryptCompressed(compressToEncodedURIComponent(json), decryptKey);
}

/**
 * Encrypts text that is already LZ-compressed. Compression depends only on the payload, so a
 * busy server can compress once and encrypt per request (the key changes with every timestamp).
 */
export function encryptCompressed(compressed: string, decryptKey: string): string {
  const { key, iv } = keyAndIv(decryptKey);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([cipher.update(compressed, 'utf8'), cipher.final()]).toString('base64');
}

export { compressToEncodedURIComponent as compressVClaimPayload };
