import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { RedisCentralSink } from './central';
import {
  DEV_SIGNING_KEY_FILE,
  macKeyId,
  parsePublicKeys,
  parseSigningKey,
  publicKeyId,
} from './keys';
import type { SpoolRecord, VerifyKeys } from './spool-record';
import { spoolRecords } from './verify';
import { createPublicKey } from 'node:crypto';

type Env = Record<string, string | undefined>;

/** The flags both audit CLIs take. */
export interface AuditCliTarget {
  spools: string[];
  central: { url?: string; cluster?: string[]; prefix: string } | undefined;
}

export function flagValues(argv: readonly string[], name: string): string[] {
  const out: string[] = [];
  argv.forEach((a, i) => {
    if (a === name && argv[i + 1] !== undefined) out.push(argv[i + 1]!);
  });
  return out;
}

/**
 * `--spool DIR` (repeatable; default AUDIT_SPOOL_DIR), `--central redis://...` or
 * `--cluster host:port,...` (default REDIS_URL unless --spool-only), `--prefix`.
 */
export function targetOf(argv: readonly string[], env: Env): AuditCliTarget {
  const spools = flagValues(argv, '--spool');
  const url = flagValues(argv, '--central')[0];
  const cluster = flagValues(argv, '--cluster')[0]?.split(',');
  const prefix = flagValues(argv, '--prefix')[0] ?? env.AUDIT_REDIS_PREFIX ?? '{mpp-audit}';
  const explicit = spools.length > 0 || url !== undefined || cluster !== undefined;
  if (!explicit && env.AUDIT_SPOOL_DIR) spools.push(env.AUDIT_SPOOL_DIR);
  const centralUrl = url ?? (explicit ? undefined : env.REDIS_URL);
  return {
    spools,
    central: centralUrl || cluster ? { url: centralUrl, cluster, prefix } : undefined,
  };
}

/**
 * Public keys from `--public-keys FILE` or AUDIT_PUBLIC_KEYS_FILE (PEM blocks, kept apart
 * from the gateway: see docs/security.md). Without either, a development spool's own key is
 * used, and the caller says so. The MAC key (AUDIT_MAC_KEY) is optional.
 */
export async function verifyKeysOf(
  argv: readonly string[],
  env: Env,
  spools: readonly string[],
): Promise<{ keys: VerifyKeys; notes: string[] }> {
  const notes: string[] = [];
  const file = flagValues(argv, '--public-keys')[0] ?? env.AUDIT_PUBLIC_KEYS_FILE;
  const publicKeys = file ? parsePublicKeys(await readFile(file, 'utf8')) : new Map();
  if (!file)
    for (const dir of spools) {
      const pem = await readFile(path.join(dir, DEV_SIGNING_KEY_FILE), 'utf8').catch(
        () => undefined,
      );
      if (!pem) continue;
      const key = createPublicKey(parseSigningKey(pem));
      publicKeys.set(publicKeyId(key), key);
      notes.push(`using the development signing key of ${dir} (no --public-keys given)`);
    }
  let macKeys: Map<string, Buffer> | undefined;
  if (env.AUDIT_MAC_KEY && !argv.includes('--no-mac')) {
    const key = Buffer.from(env.AUDIT_MAC_KEY);
    macKeys = new Map([[macKeyId(key), key]]);
  } else notes.push('record MACs not checked (no AUDIT_MAC_KEY): checkpoints only');
  return { keys: { publicKeys, macKeys }, notes };
}

/** Connects to the central Redis (read-only use), runs `use`, disconnects. */
export async function withCentral<T>(
  target: NonNullable<AuditCliTarget['central']>,
  use: (central: RedisCentralSink) => Promise<T>,
): Promise<T> {
  const client: Redis | Cluster = target.cluster
    ? new Cluster(
        target.cluster.map((n) => {
          const [host, port] = n.split(':');
          return { host, port: Number(port) };
        }),
        { lazyConnect: true },
      )
    : new Redis(target.url!, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  try {
    return await use(new RedisCentralSink(client, { prefix: target.prefix, timeoutMs: 30_000 }));
  } finally {
    client.disconnect();
  }
}

/** Every spool record naming a subject (linear scan: spools are bounded by retention). */
export async function spoolBySubject(
  dirs: readonly string[],
  subject: string,
): Promise<SpoolRecord[]> {
  const out: SpoolRecord[] = [];
  for (const dir of dirs)
    for await (const r of spoolRecords(dir))
      if (
        !('invalid' in r) &&
        (r.subjects.includes(subject) || r.links?.some((l) => l.includes(subject)))
      )
        out.push(r);
  return out;
}
