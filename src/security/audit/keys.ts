import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditKeys, VerifyKeys } from './spool-record';

/**
 * Key ids are derived from the keys, so nothing else has to be configured or kept in step:
 * an Ed25519 key's id is the first 16 hex digits of SHA-256 over its public key (SPKI DER);
 * a MAC key's id is a keyed digest of a fixed label (it reveals nothing of the key).
 */
const publicOf = (key: KeyObject): KeyObject =>
  key.type === 'public' ? key : createPublicKey(key);

export const publicKeyId = (key: KeyObject): string =>
  createHash('sha256')
    .update(publicOf(key).export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

export const macKeyId = (key: Buffer): string =>
  `m-${createHmac('sha256', key).update('mpp-audit-mac-key-id').digest('hex').slice(0, 12)}`;

/**
 * An Ed25519 private key from PEM (`\n` escapes allowed, as in env files) or base64 of its
 * PKCS#8 DER. Throws a message naming the problem, never the key.
 */
export function parseSigningKey(text: string): KeyObject {
  const pem = text.includes('-----BEGIN') ? text.replace(/\\n/g, '\n') : undefined;
  let key: KeyObject;
  try {
    key = pem
      ? createPrivateKey(pem)
      : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new Error('not an Ed25519 private key (PEM or base64 PKCS#8 DER)');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('expected an Ed25519 private key');
  return key;
}

/** Every public key in a text of concatenated PEM blocks, by key id. */
export function parsePublicKeys(text: string): Map<string, KeyObject> {
  const out = new Map<string, KeyObject>();
  const blocks = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
  for (const block of blocks) {
    const key = createPublicKey(block);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('expected Ed25519 public keys');
    out.set(publicKeyId(key), key);
  }
  return out;
}

export const publicKeyPem = (key: KeyObject): string =>
  publicOf(key).export({ type: 'spki', format: 'pem' }).toString();

/** The writer's keys from their configured forms. */
export function auditKeys(signingKey: KeyObject, macKey: Buffer): AuditKeys {
  return {
    macKey,
    macKeyId: macKeyId(macKey),
    signingKey,
    signingKeyId: publicKeyId(signingKey),
  };
}

/** A fresh Ed25519 private key, PEM (development and tests; production configures its own). */
export function generateSigningKeyPem(): string {
  return generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
}

/** What a verifier holding these writer keys (tests, the writer itself) checks with. */
export function verifyKeysOf(keys: AuditKeys, withMac = true): VerifyKeys {
  return {
    publicKeys: new Map([[keys.signingKeyId, publicOf(keys.signingKey)]]),
    macKeys: withMac ? new Map([[keys.macKeyId, keys.macKey]]) : undefined,
  };
}

/** Where a development spool keeps its generated signing key (never used in production). */
export const DEV_SIGNING_KEY_FILE = 'dev-signing-key.pem';

/**
 * The development signing key of a spool folder: read, or generated once and kept there
 * (0600). Production configures AUDIT_SIGNING_KEY instead and keeps the private key off the
 * gateway's disk image.
 */
export async function devSigningKey(dir: string): Promise<KeyObject> {
  const file = path.join(dir, DEV_SIGNING_KEY_FILE);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing) return parseSigningKey(existing);
  const pem = generateSigningKeyPem();
  await writeFile(file, pem, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
  return parseSigningKey(await readFile(file, 'utf8'));
}
