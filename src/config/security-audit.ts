import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { parseSigningKey } from '../security/audit/keys';
import { DEV_AUDIT_MAC } from './dev-values';
import type { EnvReader } from './env-reader';
import { intIn, secret } from './schemas';

/** Settings of the audit spool (AUDIT_SPOOL_*, AUDIT_SIGNING_KEY, AUDIT_MAC_KEY, ...). */
export interface AuditSpoolSettings {
  /** AUDIT_SPOOL_DIR, default `var/audit/spool`: this instance's spool folder. */
  dir: string;
  /** AUDIT_INSTANCE_ID: the chain id; default the one persisted in the folder (or new). */
  instanceId: string | undefined;
  /** AUDIT_SIGNING_KEY: Ed25519 private key (PEM or base64 PKCS#8); required in production. */
  signingKey: KeyObject | undefined;
  /** AUDIT_MAC_KEY (≥ 32 characters): the record MAC key; required in production. */
  macKey: Buffer;
  /** AUDIT_CHECKPOINT_RECORDS (default 1000) and AUDIT_CHECKPOINT_SECONDS (default 60). */
  checkpointEvery: number;
  checkpointSeconds: number;
  /** AUDIT_RETENTION_DAYS: shipped, checkpointed segments older than this go. Default 30; 0 keeps all. */
  retentionDays: number;
  /** AUDIT_SEGMENT_MB: segment size. Default 16. */
  segmentMb: number;
}

/**
 * Where audit records go. In production, and wherever Redis is configured, `auto` writes the
 * local spool first and ships to Redis in the background (a Redis outage must never fail or
 * slow a request; issue 12); elsewhere the spool is used when AUDIT_SPOOL_DIR is set or
 * AUDIT_SINK=spool, else the file. An explicit AUDIT_SINK wins.
 */
export function readAuditSink(
  r: EnvReader,
  production: boolean,
  spoolByDefault: boolean,
): { sink: 'auto' | 'file' | 'redis' | 'spool'; spool: AuditSpoolSettings } {
  const sink = r.read('AUDIT_SINK', z.enum(['auto', 'file', 'redis', 'spool']), 'auto');
  const spooled =
    sink === 'spool' ||
    (sink === 'auto' && (spoolByDefault || r.raw('AUDIT_SPOOL_DIR') !== undefined));
  let signingKey: KeyObject | undefined;
  const signingText = r.raw('AUDIT_SIGNING_KEY');
  if (signingText) {
    try {
      signingKey = parseSigningKey(signingText);
    } catch (err) {
      r.problem(`AUDIT_SIGNING_KEY: ${err instanceof Error ? err.message : 'invalid'}`);
    }
  } else if (production && spooled)
    r.problem('AUDIT_SIGNING_KEY is required in production (signs audit checkpoints)');
  const macKey = r.read('AUDIT_MAC_KEY', secret(32));
  if (production && spooled && !macKey)
    r.problem('AUDIT_MAC_KEY is required in production (keys the audit record MACs)');
  return {
    sink: spooled ? 'spool' : sink,
    spool: {
      dir: r.read('AUDIT_SPOOL_DIR', z.string().min(1), 'var/audit/spool'),
      instanceId: r.read(
        'AUDIT_INSTANCE_ID',
        z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ -'),
      ),
      signingKey,
      macKey: Buffer.from(macKey ?? DEV_AUDIT_MAC),
      checkpointEvery: r.read('AUDIT_CHECKPOINT_RECORDS', intIn(1, 1_000_000), 1000),
      checkpointSeconds: r.read('AUDIT_CHECKPOINT_SECONDS', intIn(1, 86_400), 60),
      retentionDays: r.read('AUDIT_RETENTION_DAYS', intIn(0, 36_500), 30),
      segmentMb: r.read('AUDIT_SEGMENT_MB', intIn(1, 1024), 16),
    },
  };
}
