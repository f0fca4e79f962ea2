import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { runAuditExport } from '../../src/security/audit-export-cli';
import { adminAuditor, adminIdOf } from '../../src/security/audit/admin-audit';
import { RedisCentralSink } from '../../src/security/audit/central';
import { processingTrail } from '../../src/security/audit/trail';
import {
  auditKeys,
  generateSigningKeyPem,
  parseSigningKey,
  publicKeyPem,
  verifyKeysOf,
} from '../../src/security/audit/keys';
import type { AuditEntry } from '../../src/security/audit/record';
import { SpoolAuditLog } from '../../src/security/audit/spool-log';
import { recordMac, spoolHash, type SpoolRecord } from '../../src/security/audit/spool-record';
import { verifyCentral, verifySpool, verifyTogether } from '../../src/security/audit/verify';
import { runAuditVerify } from '../../src/security/audit/verify-run';
import { freePort, killRedis, startRedis } from '../support/redis';
import { waitFor } from '../support/wait';
import { startSecureGateway } from './support/secure-gateway';
import { COUNTER, FAMILY_HEAD, SECURITY_ENV } from './support/clients';

const keys = auditKeys(parseSigningKey(generateSigningKeyPem()), randomBytes(32));
const withMac = verifyKeysOf(keys);
const publicOnly = verifyKeysOf(keys, false);
const tmp = () => mkdtempSync(path.join(tmpdir(), 'mpp-spool-'));
const entry = (i: number): AuditEntry => ({
  time: new Date().toISOString(),
  requestId: `r-${i}`,
  clientId: 'dukcapil-counter',
  officerId: 'o-1',
  purpose: 'case-1',
  operation: 'Q',
  subjects: [`s${i % 3}`],
  connectors: ['dukcapil'],
  fields: ['Query.citizen'],
  denied: [],
  outcome: 'ok',
});
/** The fail-fast client options the gateway's security Redis uses (security-wiring.ts). */
const failFast = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 200,
  connectTimeout: 500,
  retryStrategy: () => 100,
};
const uniquePrefix = () => `{audit-spool-${randomBytes(4).toString('hex')}}`;

const segmentsOf = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl'))
    .sort()
    .map((n) => path.join(dir, n));
const readLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('audit spool: shipping never touches the request path', () => {
  let redis: ChildProcess | undefined;
  afterEach(async () => {
    if (redis) {
      redis.kill('SIGCONT');
      await killRedis(redis);
    }
  });

  it('appends with Redis killed and stopped; after it returns every record is shipped exactly once', async () => {
    const port = await freePort();
    const redisDir = tmp();
    // Persistence on, as the docs require for the audit stream: a kill -9 loses nothing.
    const persistent = ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', redisDir];
    redis = await startRedis(port, persistent);
    const client = new Redis({ port, host: '127.0.0.1', ...failFast });
    client.on('error', () => undefined);
    const dir = tmp();
    const central = new RedisCentralSink(client, { prefix: uniquePrefix(), timeoutMs: 500 });
    const log = await SpoolAuditLog.open({
      spool: { dir, keys, checkpointEvery: 25 },
      central,
      shipper: { retryMaxMs: 200 },
    });
    let failed = 0;
    let n = 0;
    const burst = async (count: number) => {
      const results = await Promise.allSettled(
        Array.from({ length: count }, () => log.append(entry(++n))),
      );
      failed += results.filter((r) => r.status === 'rejected').length;
    };
    try {
      await burst(50);
      await waitFor('first ship', () => log.state().shipping!.backlogRecords === 0, 10_000);

      await killRedis(redis);
      await burst(100); // all durable while Redis is dead
      await burst(100);
      const down = log.state();
      expect(down.ready).toBe(true);
      expect(down.shipping!.backlogRecords).toBeGreaterThanOrEqual(200);
      expect(down.shipping!.backlogBytes).toBeGreaterThan(0);
      await waitFor('a failed ship', () => log.state().shipping!.failures > 0, 5_000);
      expect(log.state().shipping!.oldestUnshippedAgeMs).toBeGreaterThan(0);

      redis = await startRedis(port, persistent);
      await waitFor('catch-up', () => log.state().shipping!.backlogRecords === 0, 15_000);

      redis.kill('SIGSTOP');
      await burst(100); // completes while Redis is frozen
      expect(log.state().shipping!.backlogRecords).toBeGreaterThanOrEqual(100);
      redis.kill('SIGCONT');
      await waitFor('catch-up 2', () => log.state().shipping!.backlogRecords === 0, 15_000);
      expect(failed).toBe(0);

      // Exactly once per seq, 1..head with no gap.
      const seqs: number[] = [];
      for await (const r of central.records()) if (!('invalid' in r)) seqs.push(r.seq);
      const head = log.spool.durableSeq;
      expect(seqs).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      const [centralReport] = await verifyCentral(central, withMac);
      expect(await verifyTogether(dir, centralReport, withMac)).toMatchObject({ ok: true });
    } finally {
      await log.close();
      client.disconnect();
    }
  }, 90_000);

  it('a spool that cannot be written fails the append, says it is not ready, and recovers', async () => {
    const dir = tmp();
    // One record per segment, so the next append opens a new file: one we make impossible.
    const log = await SpoolAuditLog.open({ spool: { dir, keys, segmentBytes: 1 } });
    try {
      await log.append(entry(1));
      const blocker = path.join(dir, '000000000002.jsonl');
      mkdirSync(blocker);
      await expect(log.append(entry(2))).rejects.toThrow();
      expect(log.ready()).toBe(false);
      expect(log.state().spool.lastError).toMatch(/EISDIR|directory/i);
      rmdirSync(blocker);
      expect((await log.append(entry(2))).seq).toBe(2);
      expect(log.ready()).toBe(true);
    } finally {
      await log.close();
    }
    expect(await verifySpool(dir, withMac)).toMatchObject({ ok: true });
  });
});

/** A spool of `count` records shipped to a fresh stream prefix on the test Redis. */
async function shippedSpool(count: number, options: { checkpointEvery?: number } = {}) {
  const client = new Redis(process.env.REDIS_TEST_URL!, { lazyConnect: true });
  await client.connect();
  const prefix = uniquePrefix();
  const central = new RedisCentralSink(client, { prefix });
  const dir = tmp();
  const log = await SpoolAuditLog.open({
    spool: { dir, keys, checkpointEvery: options.checkpointEvery ?? 4 },
    central,
  });
  for (let i = 1; i <= count; i++) await log.append(entry(i));
  await log.close(); // pins the tail, ships it
  const verify = async (k = withMac) => {
    const reports = await verifyCentral(central, k);
    return verifyTogether(dir, reports[0], k);
  };
  return { client, prefix, central, dir, verify, done: () => client.disconnect() };
}

/** An insider with write access to the files but no keys: rewrites record `seq`, recomputing every hash after it. */
function rewriteWithRecomputedHashes(dir: string, seq: number): void {
  const attackerKey = randomBytes(32);
  for (const file of segmentsOf(dir)) {
    const records = readLines(file).map((l) => JSON.parse(l) as SpoolRecord);
    let prev: string | undefined;
    const out = records.map((r) => {
      if (r.seq < seq) return r;
      const body = { ...r, prev: prev ?? r.prev };
      if (r.seq === seq) body.officerId = 'someone-else';
      const hash = spoolHash(body);
      prev = hash;
      return { ...body, hash, mac: recordMac(hash, attackerKey) };
    });
    writeFileSync(file, out.map((r) => JSON.stringify(r)).join('\n') + '\n');
  }
}

describe('audit shipper: a central sink that lost its data', () => {
  it('ships the records again from the spool, each once, and verify passes again', async () => {
    const s = await shippedSpool(12);
    try {
      const log = await SpoolAuditLog.open({ spool: { dir: s.dir, keys }, central: s.central });
      await s.client.del(...(await s.client.keys(`${s.prefix}*`)));
      await log.append(entry(13));
      expect(await log.shipper!.drain()).toBe(true);
      const seqs: number[] = [];
      for await (const r of s.central.records()) if (!('invalid' in r)) seqs.push(r.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect(seqs.length).toBe(log.spool.durableSeq);
      await log.close();
      expect(await s.verify()).toMatchObject({ ok: true });
    } finally {
      s.done();
    }
  });
});

describe('audit verify: the tampering table', () => {
  it('a rewritten middle record (hashes recomputed) is named by seq', async () => {
    const s = await shippedSpool(10);
    try {
      rewriteWithRecomputedHashes(s.dir, 5);
      expect(await verifySpool(s.dir, withMac)).toMatchObject({ ok: false, at: 5 });
      // Public keys alone: the next checkpoint no longer matches; the range starts at or before 5.
      const pub = await verifySpool(s.dir, publicOnly);
      expect(pub.ok).toBe(false);
      expect(!pub.ok && pub.at).toBeLessThanOrEqual(5);
      // Compared with the central copy: the first differing seq.
      expect(await s.verify(publicOnly)).toMatchObject({ ok: false, at: 5 });
    } finally {
      s.done();
    }
  });

  it('the last record deleted from the spool is named', async () => {
    const s = await shippedSpool(10);
    try {
      const files = segmentsOf(s.dir);
      const last = files[files.length - 1]!;
      const lines = readLines(last);
      const removed = JSON.parse(lines.pop()!) as SpoolRecord;
      writeFileSync(last, lines.join('\n') + '\n');
      expect(await verifySpool(s.dir, withMac)).toMatchObject({ ok: true }); // alone it cannot tell
      const v = await s.verify();
      expect(v).toMatchObject({ ok: false, at: removed.seq });
      expect(!v.ok && v.problem).toMatch(/tail was cut/);
    } finally {
      s.done();
    }
  });

  it('the last stream entry deleted with the head key reset is named', async () => {
    const s = await shippedSpool(10);
    try {
      const entries = await s.client.xrange(s.central.streamKey, '-', '+');
      const [lastId] = entries[entries.length - 1]!;
      const before = JSON.parse(entries[entries.length - 2]![1][5]!) as SpoolRecord;
      await s.client.xdel(s.central.streamKey, lastId);
      await s.client.set(s.central.headKey(before.instance), `${before.seq}:${before.hash}`);
      const [alone] = await verifyCentral(s.central, withMac);
      expect(alone).toMatchObject({ ok: true }); // the insider covered the stream's own tracks
      const v = await s.verify();
      expect(v).toMatchObject({ ok: false, at: before.seq + 1 });
      expect(!v.ok && v.problem).toMatch(/lost records/);
    } finally {
      s.done();
    }
  });

  it('two records swapped are named', async () => {
    const s = await shippedSpool(10);
    try {
      const file = segmentsOf(s.dir)[0]!;
      const lines = readLines(file);
      [lines[2], lines[3]] = [lines[3]!, lines[2]!];
      writeFileSync(file, lines.join('\n') + '\n');
      expect(await verifySpool(s.dir, publicOnly)).toMatchObject({ ok: false, at: 3 });
    } finally {
      s.done();
    }
  });

  it('a central sink that lost its data (wiped, restarted empty) is named, and the CLI exits 1', async () => {
    const s = await shippedSpool(10);
    try {
      const keysToDrop = await s.client.keys(`${s.prefix}*`);
      await s.client.del(...keysToDrop);
      expect(await s.verify()).toMatchObject({ ok: false, at: 1 });
      const keyFile = path.join(tmp(), 'public.pem');
      writeFileSync(keyFile, publicKeyPem(keys.signingKey));
      const argv = [
        '--spool',
        s.dir,
        '--central',
        process.env.REDIS_TEST_URL!,
        '--prefix',
        s.prefix,
        '--public-keys',
        keyFile,
      ];
      const run = await runAuditVerify(argv, {});
      expect(run.code).toBe(1);
      expect(run.lines.join('\n')).toMatch(/BROKEN: instance \S+ .*seq 1: .*lost records/);
    } finally {
      s.done();
    }
  });

  it('`npm run audit:verify` exits 0 on an intact spool + stream and names the seq of a rewrite', async () => {
    const s = await shippedSpool(6);
    try {
      const keyFile = path.join(tmp(), 'public.pem');
      writeFileSync(keyFile, publicKeyPem(keys.signingKey));
      const run = () =>
        spawnSync(
          'npx',
          [
            'tsx',
            'src/security/audit-verify-cli.ts',
            '--spool',
            s.dir,
            '--central',
            process.env.REDIS_TEST_URL!,
            '--prefix',
            s.prefix,
            '--public-keys',
            keyFile,
          ],
          {
            encoding: 'utf8',
            cwd: path.join(__dirname, '../..'),
            env: { ...process.env, AUDIT_MAC_KEY: '' },
          },
        );
      const ok = run();
      expect(ok.stdout).toMatch(/^OK: instance /m);
      expect(ok.status).toBe(0);
      rewriteWithRecomputedHashes(s.dir, 3);
      const broken = run();
      expect(broken.status).toBe(1);
      expect(broken.stdout).toMatch(/BROKEN: .*seq 3: record 3 differs/);
    } finally {
      s.done();
    }
  }, 60_000);
});

describe('audit spool: crash safety', () => {
  it('cuts a torn tail at start-up, chains a repair record, and verify accepts exactly that', async () => {
    const dir = tmp();
    let log = await SpoolAuditLog.open({ spool: { dir, keys } });
    for (let i = 1; i <= 5; i++) await log.append(entry(i));
    await log.close();
    const last = segmentsOf(dir).at(-1)!;
    const torn = '{"v":2,"kind":"access","instance":"x","seq":';
    appendFileSync(last, torn); // a crash mid-write
    const before = await verifySpool(dir, withMac);
    expect(before).toMatchObject({ ok: false });
    expect(!before.ok && before.problem).toMatch(/unreadable/);

    log = await SpoolAuditLog.open({ spool: { dir, keys } });
    expect(log.state().spool.repaired).toEqual({
      cutBytes: torn.length,
      segment: path.basename(last),
    });
    await log.append(entry(6));
    await log.close();
    const after = await verifySpool(dir, withMac);
    expect(after).toMatchObject({ ok: true });
    expect(after.ok && after.repairs).toEqual([{ seq: 7, cutBytes: torn.length }]);
    const repair = readLines(last)
      .map((l) => JSON.parse(l) as SpoolRecord)
      .find((r) => r.kind === 'repair');
    expect(repair!.repair).toMatchObject({ cutBytes: torn.length, segment: path.basename(last) });

    // Damage that is not a torn tail is not repaired away: verify names it.
    const lines = readLines(last);
    lines[1] = lines[1]!.slice(0, 20);
    writeFileSync(last, lines.join('\n') + '\n');
    expect(await verifySpool(dir, withMac)).toMatchObject({ ok: false, at: 2 });
  });
});

describe('audit spool: retention', () => {
  it('deletes only shipped, checkpointed, old segments, and verify accepts the documented start', async () => {
    const client = new Redis(process.env.REDIS_TEST_URL!, { lazyConnect: true });
    await client.connect();
    const dir = tmp();
    const central = new RedisCentralSink(client, { prefix: uniquePrefix() });
    const log = await SpoolAuditLog.open({
      spool: { dir, keys, segmentBytes: 2_000, checkpointEvery: 5 },
      central,
      retentionMs: 1,
    });
    try {
      for (let i = 1; i <= 30; i++) await log.append(entry(i));
      await log.spool.checkpoint();
      expect(await log.shipper!.drain()).toBe(true);
      const before = segmentsOf(dir);
      expect(before.length).toBeGreaterThan(3);
      const deleted = await log.retainNow();
      expect(deleted).toBeGreaterThan(0);
      expect(segmentsOf(dir).slice(0, before.length - deleted)).toEqual(before.slice(deleted));
      const alone = await verifySpool(dir, withMac);
      expect(alone).toMatchObject({ ok: true });
      expect(alone.ok && alone.firstSeq).toBeGreaterThan(1);
      // The central copy still has everything, and both agree.
      expect(await log.shipper!.drain()).toBe(true);
      const [c] = await verifyCentral(central, withMac);
      expect(c).toMatchObject({ ok: true, firstSeq: 1 });
      expect(await verifyTogether(dir, c, withMac)).toMatchObject({ ok: true });
      // A segment deleted by hand (no retention record) is not accepted.
      for (let i = 31; i <= 60; i++) await log.append(entry(i));
      expect(segmentsOf(dir).length).toBeGreaterThan(2);
      unlinkSync(segmentsOf(dir)[0]!);
      expect(await verifySpool(dir, withMac)).toMatchObject({ ok: false });
    } finally {
      await log.close();
      client.disconnect();
    }
  });

  it('keeps segments that are not shipped yet', async () => {
    const dir = tmp();
    const log = await SpoolAuditLog.open({
      spool: { dir, keys, segmentBytes: 2_000, checkpointEvery: 5 },
      retentionMs: 1,
    });
    for (let i = 1; i <= 30; i++) await log.append(entry(i));
    expect(await log.retainNow()).toBe(0);
    await log.close();
  });
});

describe('processing trail through the gateway (spool + stream)', () => {
  it('lists lookups by NOP, customer number, card and KPJ, failed attempts and the export', async () => {
    const dir = tmp();
    const prefix = uniquePrefix();
    const gw = await startSecureGateway({
      env: { ...SECURITY_ENV, AUDIT_SPOOL_DIR: dir, AUDIT_REDIS_PREFIX: prefix },
      redis: true,
    });
    try {
      const citizen = await gw.post(
        {
          query: `query Owner($nik: String!) { citizen(nik: $nik) { taxObjects { nop } waterAccounts { customerNumber } healthInsurance { cardNumber } employmentInsurance { kpj } } }`,
          variables: { nik: FAMILY_HEAD },
        },
        COUNTER,
      );
      expect(citizen.status).toBe(200);
      const c = citizen.body.data!['citizen'] as {
        taxObjects: Array<{ nop: string }>;
        waterAccounts: Array<{ customerNumber: string }>;
        healthInsurance: { cardNumber: string };
        employmentInsurance: { kpj: string };
      };
      const nop = c.taxObjects[0]!.nop;
      const customer = c.waterAccounts[0]!.customerNumber;
      const lookups: Array<[string, string]> = [
        ['ByNop', `query ByNop { taxObject(nop: "${nop}") { taxpayerName } }`],
        ['ByCustomer', `query ByCustomer { waterAccount(customerNumber: "${customer}") { name } }`],
        [
          'ByCard',
          `query ByCard { healthInsurance(cardNumber: "${c.healthInsurance.cardNumber}") { name } }`,
        ],
        [
          'ByKpj',
          `query ByKpj { employmentInsurance(kpj: "${c.employmentInsurance.kpj}") { name } }`,
        ],
      ];
      for (const [, query] of lookups) expect((await gw.post({ query }, COUNTER)).status).toBe(200);
      // A failed attempt: the agency is down, the NIK still left the gateway.
      gw.mocks.agencies.imigrasi.faults.set('*', { status: 500 });
      const failed = await gw.post(
        {
          query: `query FailedAttempt { passportApplicationsByNik(nik: "${FAMILY_HEAD}") { stage } }`,
        },
        COUNTER,
      );
      gw.mocks.agencies.imigrasi.faults.clear();
      expect(failed.body.errors?.length).toBeGreaterThan(0);

      const trail = await gw.post(
        {
          query:
            'query T($nik: String!) { processingTrail(nik: $nik) { operation outcome failed } }',
          variables: { nik: FAMILY_HEAD },
        },
        COUNTER,
      );
      const ops = (
        trail.body.data!['processingTrail'] as Array<{ operation: string; outcome: string }>
      ).map((t) => `${t.operation}:${t.outcome}`);
      expect(ops).toEqual(
        expect.arrayContaining([
          'Owner:ok',
          'ByNop:ok',
          'ByCustomer:ok',
          'ByCard:ok',
          'ByKpj:ok',
          'FailedAttempt:error',
        ]),
      );
      const attempt = (
        trail.body.data!['processingTrail'] as Array<{ operation: string; failed: string[] }>
      ).find((t) => t.operation === 'FailedAttempt');
      expect(attempt!.failed).toEqual(['Query.passportApplicationsByNik']);
      const stored = segmentsOf(dir)
        .map((f) => readFileSync(f, 'utf8'))
        .join('');
      for (const clear of [FAMILY_HEAD, nop, customer]) expect(stored).not.toContain(clear);

      const exported = await runAuditExport(['--nik', FAMILY_HEAD, '--spool', dir], {
        AUDIT_HMAC_SECRET: SECURITY_ENV.AUDIT_HMAC_SECRET,
      });
      expect(exported.code).toBe(0);
      const exportedOps = exported.lines.map(
        (l) => (JSON.parse(l) as { operation: string }).operation,
      );
      expect(exportedOps).toEqual(
        expect.arrayContaining(['ByNop', 'ByCustomer', 'ByCard', 'ByKpj', 'FailedAttempt']),
      );
      expect(exported.lines.join('\n')).not.toContain(FAMILY_HEAD);
    } finally {
      await gw.stop();
    }
  }, 60_000);
});

describe('admin actions in the audit chain', () => {
  it('records breaker and purge actions with the operator, and a purge shows in the person’s trail', async () => {
    const dir = tmp();
    const log = await SpoolAuditLog.open({ spool: { dir, keys } });
    const secret = SECURITY_ENV.AUDIT_HMAC_SECRET!;
    const audit = adminAuditor(log, secret);
    try {
      await audit({
        adminId: adminIdOf('ops.rina'),
        action: 'breaker/open',
        connector: 'bpkd',
        result: 'open',
      });
      await audit({
        adminId: adminIdOf(undefined),
        action: 'cache/purge',
        connector: 'dukcapil',
        entity: 'citizen',
        id: FAMILY_HEAD,
        result: 'purged 1',
      });
      const records: SpoolRecord[] = [];
      for await (const r of log.records()) if (!('invalid' in r)) records.push(r);
      expect(
        records.filter((r) => r.kind === 'admin').map((r) => [r.officerId, r.operation]),
      ).toEqual([
        ['ops.rina', 'admin:breaker/open'],
        ['admin-token', 'admin:cache/purge'],
      ]);
      const trail = await processingTrail(log, FAMILY_HEAD, secret);
      expect(trail.map((r) => r.operation)).toEqual(['admin:cache/purge']);
      expect(readFileSync(segmentsOf(dir)[0]!, 'utf8')).not.toContain(FAMILY_HEAD);
    } finally {
      await log.close();
    }
    expect(await verifySpool(dir, withMac)).toMatchObject({ ok: true });
  });
});

describe('the gateway with the spool while Redis dies', () => {
  it('answers every personal-data request with Redis killed, and ships each record once after', async () => {
    const port = await freePort();
    const redisDir = tmp();
    const persistent = ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', redisDir];
    let redis = await startRedis(port, persistent);
    const dir = tmp();
    const prefix = uniquePrefix();
    const url = `redis://127.0.0.1:${port}`;
    const gw = await startSecureGateway({
      env: { ...SECURITY_ENV, AUDIT_SPOOL_DIR: dir, AUDIT_REDIS_PREFIX: prefix, REDIS_URL: url },
    });
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    let answered = 0;
    const failures: number[] = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const res = await gw.post(
          { query: `query W { citizen(nik: "${FAMILY_HEAD}") { fullName } }` },
          COUNTER,
        );
        if (res.status === 200 && !res.body.errors) answered++;
        else failures.push(res.status);
      }
    };
    try {
      const load = Promise.all(Array.from({ length: 8 }, worker));
      await waitFor('warm-up', () => answered >= 50, 20_000);
      await killRedis(redis);
      const atKill = answered;
      await waitFor('answers while Redis is dead', () => answered >= atKill + 200, 30_000);
      redis = await startRedis(port, persistent);
      stop = true;
      await load;
      expect(failures).toEqual([]);
      await client.connect();
      const central = new RedisCentralSink(client, { prefix });
      // Every answered request has its record centrally, exactly once, in one gap-free chain.
      let records: SpoolRecord[] = [];
      await waitFor(
        'the backlog to ship',
        async () => {
          records = [];
          for await (const r of central.records()) if (!('invalid' in r)) records.push(r);
          return records.filter((r) => r.operation === 'W').length >= answered;
        },
        20_000,
      );
      expect(records.filter((r) => r.operation === 'W').length).toBe(answered);
      expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    } finally {
      stop = true;
      await gw.stop();
      client.disconnect();
      await killRedis(redis);
    }
  }, 120_000);
});
