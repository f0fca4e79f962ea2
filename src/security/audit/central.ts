import type { Cluster, Redis } from 'ioredis';
import { RedisScript, withTimeout } from '../redis-script';
import { GENESIS, parseSpoolRecord, type SpoolRecord } from './spool-record';

/** What the central side answered to one shipped batch. */
export type ShipResult =
  | { ok: true; head: number; added: number }
  /** The central head is behind the batch's first record (it lost data, or was wiped). */
  | { ok: false; head: number; added: number };

/**
 * Where the shipper forwards spool records: shared by every instance, one chain per
 * instance, deduplicated by (instance, seq). The Redis stream implements it now; a database
 * table can later (a unique key on (instance, seq), a head row per instance).
 */
export interface CentralAuditSink {
  /**
   * Appends records of one instance, oldest first. Records at or below the instance's head
   * are duplicates and skipped; a record that does not continue the head (seq + 1, same
   * `prev`) stops the batch and the result says where the head is.
   */
  ship(instance: string, records: readonly SpoolRecord[]): Promise<ShipResult>;
  /** The instance's head as the central side holds it (seq 0 when it holds nothing). */
  head(instance: string): Promise<{ seq: number; hash: string }>;
  /** Instances that ever shipped here. */
  instances(): Promise<string[]>;
  /** Every record (and unreadable entries), in arrival order, all instances interleaved. */
  records(): AsyncIterable<SpoolRecord | { invalid: string }>;
  /** Records naming a subject HMAC, in arrival order. */
  bySubject(subject: string): Promise<SpoolRecord[]>;
}

/** Options of `RedisCentralSink`. */
export interface RedisCentralSinkOptions {
  /**
   * Key prefix; must contain a `{hash tag}` so a Redis Cluster keeps every key of the audit
   * in one slot (the ship script touches several). Default: `{mpp-audit}`.
   */
  prefix?: string;
  /** Longest wait for one Redis call (the shipper retries later). Default: 2000 ms. */
  timeoutMs?: number;
}

// One batch, atomically: skip duplicates, refuse a gap or a fork, append to the stream, index
// subjects, move the head, remember the instance and its newest checkpoint.
const SHIP = new RedisScript(`
local head = redis.call('GET', KEYS[2]) or '0:'
local sep = string.find(head, ':', 1, true)
local hseq = tonumber(string.sub(head, 1, sep - 1))
local hhash = string.sub(head, sep + 1)
local n = tonumber(ARGV[2])
local added = 0
local status = 1
for i = 0, n - 1 do
  local b = 3 + i * 6
  local seq = tonumber(ARGV[b])
  if seq > hseq then
    if seq ~= hseq + 1 or (hseq > 0 and ARGV[b + 1] ~= hhash) or (hseq == 0 and seq ~= 1) then
      status = 0
      break
    end
    local id = redis.call('XADD', KEYS[1], '*', 'instance', ARGV[1], 'seq', ARGV[b], 'record', ARGV[b + 3])
    for k in string.gmatch(ARGV[b + 4], '%d+') do redis.call('RPUSH', KEYS[tonumber(k)], id) end
    if ARGV[b + 5] == '1' then redis.call('SET', KEYS[4], ARGV[b + 3]) end
    hseq = seq
    hhash = ARGV[b + 2]
    added = added + 1
  end
end
if added > 0 then redis.call('SET', KEYS[2], hseq .. ':' .. hhash) end
redis.call('SADD', KEYS[3], ARGV[1])
return {status, hseq, added}
`);

/**
 * The central audit as a Redis stream (standalone, Sentinel or Cluster): `<prefix>:chain`
 * holds every instance's records, `<prefix>:head:<instance>` each instance's head,
 * `<prefix>:subj:<hmac>` stream ids per subject. Redis must persist (AOF, appendfsync
 * everysec or always) for the stream to be a record: see docs/security.md.
 */
export class RedisCentralSink implements CentralAuditSink {
  readonly prefix: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly client: Redis | Cluster,
    options: RedisCentralSinkOptions = {},
  ) {
    this.prefix = options.prefix ?? '{mpp-audit}';
    if (!/\{[^}]+\}/.test(this.prefix))
      throw new Error(`audit key prefix ${this.prefix} needs a {hash tag} (Redis Cluster)`);
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  get streamKey(): string {
    return `${this.prefix}:chain`;
  }
  headKey(instance: string): string {
    return `${this.prefix}:head:${instance}`;
  }
  subjectKey(subject: string): string {
    return `${this.prefix}:subj:${subject}`;
  }

  async ship(instance: string, records: readonly SpoolRecord[]): Promise<ShipResult> {
    const subjectKeys: string[] = [];
    const index = new Map<string, number>();
    const args: Array<string | number> = [instance, records.length];
    for (const r of records) {
      const idx: number[] = [];
      for (const s of new Set([...r.subjects, ...(r.links ?? []).flat()])) {
        let i = index.get(s);
        if (i === undefined) {
          subjectKeys.push(this.subjectKey(s));
          i = subjectKeys.length + 4; // KEYS[5..] in Lua (1-based, after 4 fixed keys)
          index.set(s, i);
        }
        idx.push(i);
      }
      args.push(
        r.seq,
        r.prev,
        r.hash,
        JSON.stringify(r),
        idx.join(','),
        r.kind === 'checkpoint' ? '1' : '0',
      );
    }
    const keys = [
      this.streamKey,
      this.headKey(instance),
      `${this.prefix}:instances`,
      `${this.prefix}:checkpoint:${instance}`,
      ...subjectKeys,
    ];
    const reply = (await withTimeout(
      SHIP.run(this.client, keys, args),
      this.timeoutMs,
      'audit ship',
    )) as [number, number, number];
    return { ok: reply[0] === 1, head: Number(reply[1]), added: Number(reply[2]) };
  }

  async head(instance: string): Promise<{ seq: number; hash: string }> {
    const text = await withTimeout(
      this.client.get(this.headKey(instance)),
      this.timeoutMs,
      'audit head',
    );
    if (!text) return { seq: 0, hash: GENESIS };
    const [seq, hash] = text.split(':');
    return { seq: Number(seq), hash: hash ?? '' };
  }

  async instances(): Promise<string[]> {
    return (await this.client.smembers(`${this.prefix}:instances`)).sort();
  }

  async *records(): AsyncIterable<SpoolRecord | { invalid: string }> {
    let start = '-';
    for (;;) {
      const page = await this.client.xrange(this.streamKey, start, '+', 'COUNT', 1000);
      for (const [, fields] of page) yield parseSpoolRecord(fieldOf(fields, 'record'));
      if (page.length < 1000) return;
      start = `(${page[page.length - 1]![0]}`;
    }
  }

  async bySubject(subject: string): Promise<SpoolRecord[]> {
    const ids = await withTimeout(
      this.client.lrange(this.subjectKey(subject), 0, -1),
      this.timeoutMs,
      'audit subject index',
    );
    const out: SpoolRecord[] = [];
    for (const id of ids) {
      const [entry] = await withTimeout(
        this.client.xrange(this.streamKey, id, id),
        this.timeoutMs,
        'audit record',
      );
      if (!entry) continue; // deleted: the verifier reports it
      const r = parseSpoolRecord(fieldOf(entry[1], 'record'));
      if (!('invalid' in r)) out.push(r);
    }
    return out;
  }
}

function fieldOf(fields: string[], name: string): string {
  const i = fields.indexOf(name);
  return i >= 0 ? (fields[i + 1] ?? '') : '';
}
