/**
 * `npm run audit:verify`: checks the audit log's hash chain and prints its head.
 *
 * The spool audit (docs/security.md): `--spool DIR` (repeatable) and/or `--central URL`
 * (`--cluster h:p,...`), `--public-keys FILE`; AUDIT_SPOOL_DIR alone selects it too. See
 * audit/verify-run.ts. The flags below are the legacy file and stream sinks.
 *
 *   npm run audit:verify -- --file var/audit/audit.jsonl
 *   npm run audit:verify -- --redis redis://127.0.0.1:6379 [--prefix '{mpp-audit}']
 *
 * Without flags it reads AUDIT_LOG_FILE / REDIS_URL / AUDIT_REDIS_PREFIX like the gateway
 * (AUDIT_SINK=file forces the file). Exit status: 0 intact, 1 broken (the first bad record is
 * named), 2 usage or access error. Keep the printed head somewhere else (a ticket, a
 * notarised log): comparing it later also detects records cut off the end of a file.
 */
import Redis from 'ioredis';
import { readRecords } from './audit/file-sink';
import { verifyChain, type ChainVerdict } from './audit/record';
import { RedisAuditSink } from './audit/redis-sink';
import { runAuditVerify, wantsSpoolVerify } from './audit/verify-run';

interface Target {
  file?: string;
  redis?: string;
  prefix: string;
}

function targetOf(argv: string[], env: Record<string, string | undefined>): Target {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const prefix = flag('--prefix') ?? env.AUDIT_REDIS_PREFIX ?? '{mpp-audit}';
  const file = flag('--file');
  const redis = flag('--redis');
  if (file || redis) return { file, redis, prefix };
  if (env.REDIS_URL && env.AUDIT_SINK !== 'file') return { redis: env.REDIS_URL, prefix };
  return { file: env.AUDIT_LOG_FILE ?? 'var/audit/audit.jsonl', prefix };
}

/** Verifies one audit log; returns the verdict and, for Redis, whether the head key agrees. */
export async function verifyTarget(target: Target): Promise<ChainVerdict> {
  if (target.redis) {
    const client = new Redis(target.redis, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    try {
      const sink = new RedisAuditSink(client, { prefix: target.prefix });
      const verdict = await verifyChain(sink.records());
      if (!verdict.ok) return verdict;
      const stored = await sink.storedHead();
      if (stored.seq !== verdict.head.seq || stored.hash !== verdict.head.hash)
        return {
          ok: false,
          count: verdict.count,
          at: verdict.count + 1,
          problem: `the head key names record ${stored.seq}, the stream ends at ${verdict.head.seq}: records were removed`,
        };
      return verdict;
    } finally {
      client.disconnect();
    }
  }
  // Read-only: verifying never creates or opens the file for writing.
  return verifyChain(readRecords(target.file!));
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (wantsSpoolVerify(argv, process.env)) {
    const { code, lines } = await runAuditVerify(argv, process.env);
    process.stdout.write(lines.map((l) => `${l}\n`).join(''));
    return code;
  }
  const target = targetOf(process.argv.slice(2), process.env);
  const where = target.redis ? `redis stream ${target.prefix}:log` : target.file!;
  let verdict: ChainVerdict;
  try {
    verdict = await verifyTarget(target);
  } catch (err) {
    process.stderr.write(
      `cannot read ${where}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 2;
  }
  if (!verdict.ok) {
    process.stdout.write(
      `BROKEN: ${where}: record #${verdict.at}: ${verdict.problem} (${verdict.count} records verified before it)\n`,
    );
    return 1;
  }
  process.stdout.write(
    `OK: ${where}: ${verdict.count} records, chain intact; head seq ${verdict.head.seq} hash ${verdict.head.hash}\n`,
  );
  return 0;
}

if (require.main === module) {
  void main().then((code) => process.exit(code));
}
