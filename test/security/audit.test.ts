import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { readRecords } from '../../src/security/audit/file-sink';
import {
  FileAuditSink,
  RedisAuditSink,
  subjectHash,
  verifyChain,
  type AuditEntry,
  type AuditRecord,
} from '../../src/security';
import { verifyTarget } from '../../src/security/audit-verify-cli';
import { startSecureGateway, type SecureGateway } from './support/secure-gateway';
import { ARREARS_NIK, COUNTER, FAMILY_HEAD, KEYS, SECURITY_ENV } from './support/clients';

const SECRET = SECURITY_ENV.AUDIT_HMAC_SECRET!;
const entry = (i: number, subjects: string[] = []): AuditEntry => ({
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  requestId: `r-${i}`,
  clientId: 'dukcapil-counter',
  officerId: 'o-1',
  purpose: 'case-1',
  operation: 'Q',
  subjects,
  connectors: ['dukcapil'],
  fields: ['Query.citizen'],
  denied: [],
  outcome: 'ok',
});
const tmpFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'mpp-audit-')), 'audit.jsonl');
const all = async (it: AsyncIterable<AuditRecord | { invalid: string }>) => {
  const out: Array<AuditRecord | { invalid: string }> = [];
  for await (const r of it) out.push(r);
  return out;
};

describe('file audit sink', () => {
  it('chains records across reopenings and verifies them', async () => {
    const file = tmpFile();
    let sink = await FileAuditSink.open(file);
    await Promise.all([sink.append(entry(1)), sink.append(entry(2)), sink.append(entry(3))]);
    await sink.close();
    sink = await FileAuditSink.open(file);
    const fourth = await sink.append(entry(4));
    await sink.close();
    expect(fourth.seq).toBe(4);
    const verdict = await verifyChain(readRecords(file));
    expect(verdict).toEqual({ ok: true, count: 4, head: { seq: 4, hash: fourth.hash } });
  });

  it.each([
    [
      'an edited field',
      (lines: string[]) => (lines[1] = lines[1]!.replace('"o-1"', '"o-2"')),
      'altered',
    ],
    ['a deleted record', (lines: string[]) => lines.splice(1, 1), 'follows seq'],
    [
      'swapped records',
      (lines: string[]) => ([lines[0], lines[1]] = [lines[1]!, lines[0]!]),
      'follows seq',
    ],
    [
      'a forged record with a recomputed hash in the middle',
      (lines: string[]) => {
        const r = JSON.parse(lines[1]!) as AuditRecord;
        lines.splice(1, 0, JSON.stringify({ ...r, requestId: 'forged' }));
      },
      'record 2',
    ],
    ['a garbled line', (lines: string[]) => (lines[2] = '{"seq": 3, "hash'), 'not valid JSON'],
  ])('detects %s', async (_name, tamper, problem) => {
    const file = tmpFile();
    const sink = await FileAuditSink.open(file);
    for (let i = 1; i <= 4; i++) await sink.append(entry(i));
    await sink.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    tamper(lines);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const verdict = await verifyChain(readRecords(file));
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.problem).toContain(problem);
  });

  it('`npm run audit:verify` exits 0 on an intact file and 1 naming the record on a tampered one', async () => {
    const file = tmpFile();
    const sink = await FileAuditSink.open(file);
    for (let i = 1; i <= 3; i++) await sink.append(entry(i));
    await sink.close();
    const run = () =>
      spawnSync('npx', ['tsx', 'src/security/audit-verify-cli.ts', '--file', file], {
        encoding: 'utf8',
        cwd: path.join(__dirname, '../..'),
      });
    const ok = run();
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/OK: .* 3 records, chain intact; head seq 3 hash [0-9a-f]{64}/);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"r-2"', '"r-9"'));
    const broken = run();
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN: .*record #2: record 2 was altered/);
  }, 30_000);
});

describe('redis audit sink (XADD stream)', () => {
  let redis: Redis;
  let prefix: string;
  beforeAll(async () => {
    redis = new Redis(process.env.REDIS_TEST_URL!, { lazyConnect: true });
    await redis.connect();
  });
  beforeEach(() => {
    prefix = `{audit-test-${Math.random().toString(36).slice(2)}}`;
  });
  afterAll(() => redis.disconnect());

  it('keeps one chain across concurrent writers (two sinks = two gateway instances)', async () => {
    const a = new RedisAuditSink(redis, { prefix });
    const b = new RedisAuditSink(redis, { prefix });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).append(entry(i + 1, [`s${i % 3}`]))),
    );
    const verdict = await verifyTarget({ redis: process.env.REDIS_TEST_URL!, prefix });
    expect(verdict).toMatchObject({ ok: true, count: 20 });
    expect(await a.storedHead()).toEqual(verdict.ok && verdict.head);
    expect((await a.bySubject('s1')).map((r) => r.seq).length).toBe(7);
  });

  it('detects a deleted record, records cut off the end and a forged append', async () => {
    const sink = new RedisAuditSink(redis, { prefix });
    for (let i = 1; i <= 5; i++) await sink.append(entry(i));
    const ids = (await redis.xrange(sink.streamKey, '-', '+')).map(([id]) => id);
    const url = process.env.REDIS_TEST_URL!;

    await redis.xdel(sink.streamKey, ids[4]!);
    const cut = await verifyTarget({ redis: url, prefix });
    expect(cut).toMatchObject({ ok: false });
    expect(!cut.ok && cut.problem).toMatch(/records were removed/);

    await redis.xdel(sink.streamKey, ids[1]!);
    const gap = await verifyTarget({ redis: url, prefix });
    expect(!gap.ok && gap.problem).toMatch(/seq 3 follows seq 1/);

    const other = `{audit-test-${Math.random().toString(36).slice(2)}}`;
    const good = new RedisAuditSink(redis, { prefix: other });
    const last = await good.append(entry(1));
    await redis.xadd(
      good.streamKey,
      '*',
      'record',
      JSON.stringify({ ...last, seq: 2, prev: last.hash, requestId: 'forged' }),
    );
    const forged = await verifyTarget({ redis: url, prefix: other });
    expect(!forged.ok && forged.problem).toMatch(/record 2 was altered/);
  });
});

describe('audit plugin through the gateway', () => {
  let gw: SecureGateway;
  beforeAll(async () => {
    gw = await startSecureGateway({ env: SECURITY_ENV });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('writes one chained record per personal-data request, none for the rest, and the chain verifies', async () => {
    const before = (await all(readRecords(gw.auditFile))).length;
    await gw.post({ query: '{ gatewayVersion }' }, COUNTER); // no personal data: no record
    await gw.post(
      {
        query: `query CounterView($nik: String!) { citizen(nik: $nik) { fullName family { members { nik } } healthInsurance { status } } }`,
        variables: { nik: FAMILY_HEAD },
      },
      { ...COUNTER, 'x-request-id': 'ignored-by-harness' },
    );
    await gw.post(
      { query: `query Arrears { healthInsuranceByNik(nik: "${ARREARS_NIK}") { status } }` },
      COUNTER,
    );
    // A refused attempt is recorded too (kiosk may read water data only).
    await gw.post(
      { query: `query Sneaky { citizen(nik: "${FAMILY_HEAD}") { fullName } }` },
      { ...COUNTER, 'x-api-key': KEYS.kiosk },
    );
    const records = (await all(readRecords(gw.auditFile))).slice(before) as AuditRecord[];
    expect(records.map((r) => [r.operation, r.outcome, r.clientId])).toEqual([
      ['CounterView', 'ok', 'key:dukcapil-counter'],
      ['Arrears', 'ok', 'key:dukcapil-counter'],
      ['Sneaky', 'denied', 'key:mpp-kiosk'],
    ]);
    const view = records[0]!;
    expect(view).toMatchObject({
      officerId: COUNTER['x-officer-id'],
      purpose: COUNTER['x-purpose'],
      connectors: ['bpjs-kesehatan', 'dukcapil'],
    });
    expect(view.fields).toEqual(
      expect.arrayContaining([
        'Query.citizen',
        'Citizen.fullName',
        'Family.members',
        'Citizen.healthInsurance',
        'HealthInsurance.status',
      ]),
    );
    // Subjects are HMACs: the head and every family member, never a NIK in clear, and the
    // head's BPJS card (an identifier subject, linked to the head's NIK).
    expect(view.subjects).toContain(subjectHash(FAMILY_HEAD, SECRET));
    expect(view.subjects.length).toBe(6);
    expect(view.links).toEqual([[subjectHash(FAMILY_HEAD, SECRET), expect.any(String)]]);
    const stored = readFileSync(gw.auditFile, 'utf8');
    expect(stored).not.toContain(FAMILY_HEAD);
    expect(stored).not.toContain(ARREARS_NIK);
    expect(records[2]!.denied).toEqual(['Query.citizen']);
    expect(await verifyChain(readRecords(gw.auditFile))).toMatchObject({ ok: true });
  });

  it('returns a person’s processing trail by NIK (the 3x24-hour access right)', async () => {
    await gw.post(
      { query: `query Trail1 { citizen(nik: "${ARREARS_NIK}") { fullName } }` },
      COUNTER,
    );
    const res = await gw.post(
      {
        query:
          'query T($nik: String!) { processingTrail(nik: $nik) { time clientId officerId purpose operation connectors fields denied outcome requestId } }',
        variables: { nik: ARREARS_NIK },
      },
      COUNTER,
    );
    expect(res.status).toBe(200);
    const trail = res.body.data!['processingTrail'] as Array<Record<string, unknown>>;
    expect(trail.map((t) => t['operation'])).toEqual(expect.arrayContaining(['Trail1']));
    expect(trail.every((t) => t['clientId'] === 'key:dukcapil-counter')).toBe(true);
    // Reading a trail is itself personal-data processing: it needs its scope and is audited.
    const kiosk = await gw.post(
      { query: `{ processingTrail(nik: "${ARREARS_NIK}") { time } }` },
      { ...COUNTER, 'x-api-key': KEYS.kiosk },
    );
    expect(kiosk.body.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
    const last = (await all(readRecords(gw.auditFile))).at(-1) as AuditRecord;
    expect(last.denied).toEqual(['Query.processingTrail']);
  });

  it('withholds the data with 503 AUDIT_UNAVAILABLE when the record cannot be written', async () => {
    const failing = {
      append: async () => {
        throw new Error('disk full');
      },
      records: async function* () {},
      bySubject: async () => [],
      close: async () => undefined,
    };
    const broken = await startSecureGateway({
      env: SECURITY_ENV,
      auditSink: failing,
      mocks: gw.mocks,
    });
    try {
      const res = await broken.post(
        { query: `{ citizen(nik: "${FAMILY_HEAD}") { fullName } }` },
        COUNTER,
      );
      expect(res.status).toBe(503);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors![0]!.extensions!['code']).toBe('AUDIT_UNAVAILABLE');
      expect(JSON.stringify(res.body)).not.toMatch(/fullName|[A-Z]{3,} [A-Z]{3,}/);
      // Requests without personal data are unaffected.
      expect((await broken.post({ query: '{ gatewayVersion }' }, COUNTER)).status).toBe(200);
    } finally {
      await broken.stop();
    }
  });
});

describe('audit to a Redis stream through the gateway', () => {
  it('records personal-data requests in the stream, the chain verifies, and a tampered stream fails', async () => {
    const redis = new Redis(process.env.REDIS_TEST_URL!, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    await redis.connect();
    const prefix = `{audit-gw-${Math.random().toString(36).slice(2)}}`;
    const gw = await startSecureGateway({
      // The Redis stream sink itself (with Redis configured the default is the spool, which
      // ships to the stream in its own format: test/security/audit-spool.test.ts).
      // A loaded test machine can take longer than the 100 ms default for the append script.
      env: {
        ...SECURITY_ENV,
        AUDIT_REDIS_PREFIX: prefix,
        AUDIT_SINK: 'redis',
        REDIS_COMMAND_TIMEOUT_MS: '2000',
      },
      redis: true,
    });
    try {
      for (const nik of [FAMILY_HEAD, ARREARS_NIK])
        expect(
          (await gw.post({ query: `query V { citizen(nik: "${nik}") { fullName } }` }, COUNTER))
            .status,
        ).toBe(200);
      const url = process.env.REDIS_TEST_URL!;
      expect(await verifyTarget({ redis: url, prefix })).toMatchObject({ ok: true, count: 2 });
      const sink = new RedisAuditSink(redis, { prefix });
      expect((await sink.bySubject(subjectHash(ARREARS_NIK, SECRET))).map((r) => r.seq)).toEqual([
        2,
      ]);
      const [first] = await redis.xrange(sink.streamKey, '-', '+');
      await redis.xdel(sink.streamKey, first![0]);
      expect(await verifyTarget({ redis: url, prefix })).toMatchObject({ ok: false });
    } finally {
      await gw.stop();
      redis.disconnect();
    }
  });
});
