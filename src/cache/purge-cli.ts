/**
 * Purges the shared Redis cache of one connector, or of one record:
 *
 *   npx tsx src/cache/purge-cli.ts <connector>                    all entries of a connector
 *   npx tsx src/cache/purge-cli.ts <connector> <entity> <version> <id>   one record
 *
 * Reads REDIS_URL and CACHE_HMAC_SECRET (the same secret as the gateway, or the record key
 * will not match). This file is an entry point: the only place in src/cache that reads
 * process.env.
 */
import pino from 'pino';
import { EntityCache } from './entity-cache';
import { CacheKeys, connectorPrefix, entityPrefix } from './keys';
import { createRedisStore } from './redis-store';

const USAGE = 'usage: purge-cli <connector> [<entity> <version> <id>]';

/** Output sinks, injectable for tests. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Runs the CLI; resolves with the exit code. Never logs identifiers or secrets. */
export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
  readyTimeoutMs = 3_000,
): Promise<number> {
  const [connector, entityName, versionText, id, ...extra] = argv;
  const recordMode = entityName !== undefined;
  if (
    !connector ||
    extra.length > 0 ||
    (recordMode && (versionText === undefined || id === undefined))
  ) {
    io.err(USAGE);
    return 2;
  }
  const version = Number(versionText);
  try {
    connectorPrefix(connector);
    if (recordMode) entityPrefix(connector, { name: entityName, version });
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!env.REDIS_URL) {
    io.err(
      'REDIS_URL is not set: the in-memory cache lives inside each gateway process and cannot be purged from here.',
    );
    return 2;
  }
  let keys: CacheKeys;
  try {
    keys = new CacheKeys(env.CACHE_HMAC_SECRET ?? '');
  } catch (err) {
    io.err(`CACHE_HMAC_SECRET: ${(err as Error).message}`);
    return 2;
  }

  const logger = pino({ level: 'error' }, pino.destination(2));
  // A purge is an admin action, not a request: allow it time to SCAN a large keyspace.
  const store = createRedisStore({
    url: env.REDIS_URL,
    logger,
    commandTimeoutMs: 2_000,
    operationTimeoutMs: 5_000,
  });
  try {
    const until = Date.now() + readyTimeoutMs;
    while (!store.health().ready && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    if (!store.health().ready) {
      io.err(`Redis not reachable (${store.health().reason}); nothing purged.`);
      return 1;
    }
    const cache = new EntityCache({ store, keys });
    const deleted = recordMode
      ? await cache.purgeRecord(connector, { name: entityName, version }, id as string)
      : await cache.purgeConnector(connector);
    if (!store.health().ready) {
      io.err(
        `Redis went away during the purge (${store.health().reason}); purge may be incomplete.`,
      );
      return 1;
    }
    io.out(
      recordMode
        ? `purged ${deleted} record(s) of ${connector}/${entityName} v${version}`
        : `purged ${deleted} key(s) of ${connector}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
