import type { Keyring, OpenFailure } from './crypto';

/**
 * The serialized form of a cache entry. A one-letter mode and a format version lead every
 * value, so a future format (or a foreign writer) is recognised and read as a miss:
 *
 *   `p1:<json>`    plain     (public data, or personal data when no key is configured)
 *   `e1:<sealed>`  encrypted (AES-256-GCM via the Keyring, bound to the cache key)
 *
 * where json = `{"t": storedAt epoch ms, "v": value | null}`.
 */
export const CODEC_VERSION = 1;
const PLAIN = `p${CODEC_VERSION}:`;
const SEALED = `e${CODEC_VERSION}:`;

export interface Envelope {
  /** Epoch ms when the value was fetched from the agency. */
  storedAt: number;
  /** The value; null = the agency said "not found". */
  value: unknown;
}

export type DecodeFailure = 'bad-format' | 'plain-not-allowed' | 'no-key' | OpenFailure;
export type DecodeResult = { ok: true; entry: Envelope } | { ok: false; reason: DecodeFailure };

/** Serializes an entry, encrypting it when a keyring is given. Throws if the value is not JSON. */
export function encodeEntry(
  entry: Envelope,
  cacheKey: string,
  keyring: Keyring | undefined,
): string {
  const json = JSON.stringify({ t: entry.storedAt, v: entry.value ?? null });
  return keyring ? SEALED + keyring.seal(json, cacheKey) : PLAIN + json;
}

/**
 * Parses a stored value. Never throws. `requireSealed`: plain values are refused, so data
 * that must be encrypted is never read from a plain entry (written, say, before encryption
 * was turned on).
 */
export function decodeEntry(
  raw: string,
  cacheKey: string,
  keyring: Keyring | undefined,
  requireSealed: boolean,
): DecodeResult {
  let json: string;
  if (raw.startsWith(SEALED)) {
    if (!keyring) return { ok: false, reason: 'no-key' };
    const opened = keyring.open(raw.slice(SEALED.length), cacheKey);
    if (!opened.ok) return opened;
    json = opened.plaintext;
  } else if (raw.startsWith(PLAIN)) {
    if (requireSealed) return { ok: false, reason: 'plain-not-allowed' };
    json = raw.slice(PLAIN.length);
  } else {
    return { ok: false, reason: 'bad-format' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'bad-format' };
  }
  if (typeof parsed !== 'object' || parsed === null || !('v' in parsed) || !('t' in parsed)) {
    return { ok: false, reason: 'bad-format' };
  }
  const { t, v } = parsed as { t: unknown; v: unknown };
  if (typeof t !== 'number' || !Number.isFinite(t)) return { ok: false, reason: 'bad-format' };
  return { ok: true, entry: { storedAt: t, value: v } };
}
