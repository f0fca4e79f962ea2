import { createHash, createHmac, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, GENESIS, type AuditEntry, type AuditRecord } from './record';

/**
 * What a spool record is:
 * - `access`: a personal-data request (the plugin's entry);
 * - `admin`: an operator action (breaker, purge) with the admin identity;
 * - `checkpoint`: a signed statement pinning the hash of the record before it;
 * - `repair`: start-up cut a torn tail (what was cut, where);
 * - `retention`: whole segments up to a sequence were deleted by retention.
 */
export type SpoolKind = 'access' | 'admin' | 'checkpoint' | 'repair' | 'retention';

/** The signed statement of a checkpoint record: "record `seq` of `instance` hashes to `chainHash`". */
export interface Checkpoint {
  instance: string;
  seq: number;
  chainHash: string;
  time: string;
  /** Id of the Ed25519 key that signed; the verifier looks its public key up by it. */
  keyId: string;
  /** Base64 Ed25519 signature over `checkpointMessage(...)`. */
  signature: string;
}

/** An operator action, as `auditAdminAction` records it. */
export interface AdminAction {
  action: string;
  connector: string;
  entity?: string;
  result?: string;
}

/**
 * A spool record: the audit entry (system records fill it with `clientId: 'system'`), its
 * place in the instance's chain, and the keyed MAC. `hash` is a plain SHA-256 chain (anyone
 * can recompute it); checkpoints sign it; `mac` binds each record to the MAC key, so a holder
 * of that key also detects rewrites after the last checkpoint.
 */
export interface SpoolRecord extends Omit<AuditRecord, 'v'> {
  v: 2;
  kind: SpoolKind;
  instance: string;
  admin?: AdminAction;
  checkpoint?: Checkpoint;
  repair?: { segment: string; offset: number; cutBytes: number; cutSha256: string };
  retention?: { deletedThrough: number; hash: string };
  /** Id of the MAC key. */
  macKeyId: string;
  /** HMAC-SHA256(MAC key, hash), hex. */
  mac: string;
}

/** The keys of one writer: MAC key and Ed25519 private key, each with its id. */
export interface AuditKeys {
  macKeyId: string;
  macKey: Buffer;
  signingKeyId: string;
  signingKey: KeyObject;
}

/** What verification needs: public keys by id; MAC keys by id only if MACs are to be checked. */
export interface VerifyKeys {
  publicKeys: ReadonlyMap<string, KeyObject>;
  macKeys?: ReadonlyMap<string, Buffer>;
}

export type SpoolBody = Omit<SpoolRecord, 'hash' | 'mac' | 'macKeyId'>;

/** SHA-256 over the previous hash and the canonical JSON of the body (no key: anyone can check). */
export function spoolHash(body: SpoolBody): string {
  // Whatever seal() adds is not part of what it hashes.
  const rest: Partial<SpoolRecord> = { ...body };
  delete rest.hash;
  delete rest.mac;
  delete rest.macKeyId;
  return createHash('sha256')
    .update(body.prev)
    .update('\n')
    .update(canonicalJson(rest))
    .digest('hex');
}

export const recordMac = (hash: string, key: Buffer): string =>
  createHmac('sha256', key).update(hash).digest('hex');

/** Seals a body: its hash and MAC. */
export function seal(body: SpoolBody, keys: AuditKeys): SpoolRecord {
  const hash = spoolHash(body);
  return { ...body, hash, macKeyId: keys.macKeyId, mac: recordMac(hash, keys.macKey) };
}

const CHECKPOINT_DOMAIN = 'mpp-audit-checkpoint-v1\n';
/** The bytes a checkpoint signature covers (domain-separated, canonical). */
export const checkpointMessage = (c: Omit<Checkpoint, 'signature' | 'keyId'>): Buffer =>
  Buffer.from(
    CHECKPOINT_DOMAIN +
      canonicalJson({ instance: c.instance, seq: c.seq, chainHash: c.chainHash, time: c.time }),
  );

export function signCheckpoint(
  c: Omit<Checkpoint, 'signature' | 'keyId'>,
  keys: AuditKeys,
): Checkpoint {
  const signature = sign(null, checkpointMessage(c), keys.signingKey).toString('base64');
  return { ...c, keyId: keys.signingKeyId, signature };
}

export function checkpointValid(
  c: Checkpoint,
  publicKeys: ReadonlyMap<string, KeyObject>,
): boolean {
  const key = publicKeys.get(c.keyId);
  if (!key) return false;
  try {
    return verify(null, checkpointMessage(c), key, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

export function macValid(r: SpoolRecord, macKeys: ReadonlyMap<string, Buffer>): boolean {
  const key = macKeys.get(r.macKeyId);
  if (!key) return false;
  const expected = Buffer.from(recordMac(r.hash, key), 'hex');
  const given = Buffer.from(r.mac, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The entry part of a system record (checkpoint, repair, retention). */
export const systemEntry = (time: string, operation: string): AuditEntry => ({
  time,
  requestId: 'system',
  clientId: 'system',
  officerId: null,
  purpose: null,
  operation,
  subjects: [],
  connectors: [],
  fields: [],
  denied: [],
  outcome: 'ok',
});

/** Parses one spool line; anything but a v2 record object is reported, never thrown. */
export function parseSpoolRecord(text: string): SpoolRecord | { invalid: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { invalid: 'a line is not valid JSON' };
  }
  if (!value || typeof value !== 'object') return { invalid: 'not a record' };
  const r = value as Partial<SpoolRecord>;
  if (
    r.v !== 2 ||
    typeof r.seq !== 'number' ||
    typeof r.hash !== 'string' ||
    typeof r.prev !== 'string' ||
    typeof r.instance !== 'string' ||
    typeof r.kind !== 'string'
  )
    return { invalid: 'not a v2 audit record' };
  return value as SpoolRecord;
}

export { GENESIS };
