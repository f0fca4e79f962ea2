import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';

/**
 * The `id` of an entity: its type and natural key (`Citizen` + NIK), sealed so that it is
 * stable (the same entity gets the same id on every instance and after every restart with the
 * same secret), opaque (it reveals neither the type nor any identifier) and resolvable (the
 * gateway, and only it, gets the type and key back; a changed character is refused).
 *
 * Construction: AES-256-GCM with a synthetic nonce, the first 12 bytes of an HMAC-SHA256 of the
 * plaintext (SIV-style: deterministic, so equal plaintexts give equal ids, which caches need;
 * a nonce is only ever reused with the same plaintext). Both keys are derived from the one
 * secret with HKDF. Decoding also checks the nonce against the decrypted plaintext.
 *
 * Encoded with an alphabet of 32 letters and no digits, so that an id never looks like an
 * identifier to the gateway's own identifier-like checks (persisted queries, GET requests).
 */

/** What an id stands for. */
export interface EntityRef {
  /** The GraphQL type name, e.g. `Citizen`. */
  type: string;
  /** The natural key the type is looked up by, e.g. the NIK. */
  key: string;
}

/** Seals and opens entity ids. Process-wide: create one and inject it. */
export interface OpaqueIds {
  encode(type: string, key: string): string;
  /** The entity an id stands for; undefined for anything this gateway's secret did not seal. */
  decode(id: string): EntityRef | undefined;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEF';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** First byte of every id: lets a later construction coexist with this one. */
const VERSION = 1;
/** Longer ids are refused before any work (a natural key is short). */
const MAX_ID_CHARS = 512;

/** The minimum secret length accepted (ID_SECRET). */
export const MIN_ID_SECRET_CHARS = 32;

function toLetters(bytes: Buffer): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

function fromLetters(text: string): Buffer | undefined {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return undefined;
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
    acc &= (1 << bits) - 1;
  }
  // Leftover bits must be zero padding of less than one character, or two spellings would
  // open to the same bytes.
  if (acc !== 0 || bits >= 5) return undefined;
  return Buffer.from(bytes);
}

/** Creates the codec from `ID_SECRET` (at least `MIN_ID_SECRET_CHARS` characters). */
export function createOpaqueIds(secret: string): OpaqueIds {
  if (secret.length < MIN_ID_SECRET_CHARS)
    throw new Error(`ID_SECRET: must be at least ${MIN_ID_SECRET_CHARS} characters`);
  const derive = (info: string) =>
    Buffer.from(hkdfSync('sha256', secret, 'mpp-gateway opaque ids', info, 32));
  const encKey = derive('aes-256-gcm');
  const nonceKey = derive('synthetic nonce');
  const nonceOf = (plain: Buffer) =>
    createHmac('sha256', nonceKey).update(plain).digest().subarray(0, NONCE_BYTES);

  return {
    encode(type, key) {
      const plain = Buffer.from(`${type}:${key}`, 'utf8');
      const nonce = nonceOf(plain);
      const cipher = createCipheriv('aes-256-gcm', encKey, nonce);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return toLetters(Buffer.concat([Buffer.of(VERSION), nonce, body, cipher.getAuthTag()]));
    },
    decode(id) {
      if (id.length > MAX_ID_CHARS) return undefined;
      const raw = fromLetters(id);
      if (!raw || raw.length < 1 + NONCE_BYTES + TAG_BYTES + 2 || raw[0] !== VERSION)
        return undefined;
      const nonce = raw.subarray(1, 1 + NONCE_BYTES);
      const body = raw.subarray(1 + NONCE_BYTES, raw.length - TAG_BYTES);
      const tag = raw.subarray(raw.length - TAG_BYTES);
      let plain: Buffer;
      try {
        const decipher = createDecipheriv('aes-256-gcm', encKey, nonce);
        decipher.setAuthTag(tag);
        plain = Buffer.concat([decipher.update(body), decipher.final()]);
      } catch {
        return undefined;
      }
      if (!nonceOf(plain).equals(nonce)) return undefined;
      const text = plain.toString('utf8');
      const colon = text.indexOf(':');
      if (colon <= 0) return undefined;
      return { type: text.slice(0, colon), key: text.slice(colon + 1) };
    },
  };
}
