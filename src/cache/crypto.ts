import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
/** 96-bit random nonces: the GCM standard size; safe for far more writes than a key sees between rotations. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Why a sealed value could not be opened (for metrics; the caller treats all as a miss). */
export type OpenFailure = 'malformed' | 'unknown-key' | 'auth-failed';

export type OpenResult = { ok: true; plaintext: string } | { ok: false; reason: OpenFailure };

/**
 * AES-256-GCM keys for values at rest. One key is active (used to seal); the others only
 * open values sealed before a rotation, until they expire. A sealed value names its key id:
 * `<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
export class Keyring {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(
    keys: ReadonlyMap<string, Buffer> | Record<string, Buffer>,
    readonly activeKeyId: string,
  ) {
    const entries = keys instanceof Map ? [...keys] : Object.entries(keys);
    for (const [id, key] of entries) {
      if (!KEY_ID.test(id))
        throw new TypeError(`Keyring: key id ${JSON.stringify(id)} must match ${KEY_ID}`);
      // Never print the key itself, only which one is wrong.
      if (key.length !== KEY_BYTES)
        throw new TypeError(`Keyring: key "${id}" must be ${KEY_BYTES} bytes, got ${key.length}`);
    }
    this.keys = new Map(entries.map(([id, key]) => [id, Buffer.from(key)]));
    if (!this.keys.has(activeKeyId)) {
      throw new TypeError(`Keyring: the active key id "${activeKeyId}" is not in the ring`);
    }
  }

  /**
   * Parses `"k1:<base64 key>,k0:<base64 old key>"`: comma-separated `id:key` pairs, keys of
   * 32 bytes in base64 or base64url. The FIRST pair is the active key.
   */
  static parse(spec: string): Keyring {
    const pairs = spec
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (pairs.length === 0)
      throw new TypeError('Keyring: no key given (expected "id:base64key,...")');
    const keys = new Map<string, Buffer>();
    let active = '';
    for (const pair of pairs) {
      const colon = pair.indexOf(':');
      const id = colon > 0 ? pair.slice(0, colon) : '';
      const encoded = pair.slice(colon + 1);
      if (!id || !BASE64.test(encoded)) {
        throw new TypeError(
          'Keyring: each entry must be "id:base64key" (entry ' + (keys.size + 1) + ')',
        );
      }
      if (keys.has(id)) throw new TypeError(`Keyring: key id "${id}" appears twice`);
      keys.set(id, Buffer.from(encoded, 'base64'));
      active ||= id;
    }
    return new Keyring(keys, active);
  }

  /** A fresh random key in the format `parse` reads, for operators (`id:base64`). */
  static generateKeySpec(id: string): string {
    return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
  }

  /** Encrypts `plaintext` with the active key, bound to `aad` (the cache key). */
  seal(plaintext: string, aad: string): string {
    const keyId = this.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const key = this.keys.get(keyId) as Buffer; // checked in the constructor
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(this.aad(keyId, aad));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [keyId, iv, cipher.getAuthTag(), ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /**
   * Opens a sealed value. Never throws: an unknown key id (rotated away), a value copied
   * under another cache key, or any tampering gives a failure, never garbage.
   */
  open(sealed: string, aad: string): OpenResult {
    const parts = sealed.split('.');
    if (parts.length !== 4) return { ok: false, reason: 'malformed' };
    const [keyId, ivText, tagText, ciphertextText] = parts as [string, string, string, string];
    const key = this.keys.get(keyId);
    if (!key) return { ok: false, reason: 'unknown-key' };
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
      return { ok: false, reason: 'malformed' };
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(this.aad(keyId, aad));
      decipher.setAuthTag(tag);
      const plaintext = Buffer.concat([
        decipher.update(Buffer.from(ciphertextText, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
      return { ok: true, plaintext };
    } catch {
      return { ok: false, reason: 'auth-failed' };
    }
  }

  /** The key id is authenticated too, so a value cannot be relabelled to another key. */
  private aad(keyId: string, cacheKey: string): Buffer {
    return Buffer.from(`${keyId}|${cacheKey}`, 'utf8');
  }
}
