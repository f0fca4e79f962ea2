import type { Cluster, Redis } from 'ioredis';
import { RedisScript, withTimeout } from '../redis-script';
import {
  chain,
  GENESIS,
  parseRecord,
  type AuditEntry,
  type AuditRecord,
  type AuditSink,
} from './record';

/** Options of `RedisAuditSink`. */
export interface RedisAuditSinkOptions {
  /**
   * Prefix of the stream (`<prefix>:log`), head (`<prefix>:head`) and subject index
   * (`<prefix>:subject:<hmac>`) keys. Keep a `{hash tag}` so a Cluster puts them in one slot.
   * Default: `{mpp-audit}`.
   */
  prefix?: string;
  /** Longest wait for one append (the request waits for its audit record). Default: 1000 ms. */
  timeoutMs?: number;
  /** Compare-and-append attempts when other instances append at the same time. Default: 20. */
  maxAttempts?: number;
}

// Appends only if the chain head is still the one the record was chained to; otherwise
// returns the current head so the caller re-chains. This keeps one chain across every
// gateway instance without a lock. XADD cannot rewrite history; the head key lets the
// verifier also notice records cut off the end.
const APPEND = new RedisScript(`
local head = redis.call('GET', KEYS[2]) or ''
if head ~= ARGV[1] then return {0, head} end
local id = redis.call('XADD', KEYS[1], '*', 'record', ARGV[3])
redis.call('SET', KEYS[2], ARGV[2])
for i = 3, #KEYS do redis.call('RPUSH', KEYS[i], id) end
return {1, id}
`);

const headString = (seq: number, hash: string) => (seq === 0 ? '' : `${seq}:${hash}`);
function parseHead(text: string): { seq: number; hash: string } {
  if (text === '') return { seq: 0, hash: GENESIS };
  const [seq, hash] = text.split(':');
  return { seq: Number(seq), hash: hash ?? '' };
}

/**
 * The audit log as a Redis stream (XADD), shared by every gateway instance, with one
 * hash chain across them and an index of record ids per subject for trail queries.
 */
export class RedisAuditSink implements AuditSink {
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private tail: Promise<unknown> = Promise.resolve();
  private head: string | undefined;

  constructor(
    private readonly client: Redis | Cluster,
    options: RedisAuditSinkOptions = {},
  ) {
    this.prefix = options.prefix ?? '{mpp-audit}';
    this.timeoutMs = options.timeoutMs ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 20;
  }

  get streamKey(): string {
    return `${this.prefix}:log`;
  }
  get headKey(): string {
    return `${this.prefix}:head`;
  }
  subjectKey(subject: string): string {
    return `${this.prefix}:subject:${subject}`;
  }

  append(entry: AuditEntry): Promise<AuditRecord> {
    const run = this.tail.then(() =>
      withTimeout(this.appendNow(entry), this.timeoutMs, 'audit append'),
    );
    this.tail = run.catch(() => {
      this.head = undefined; // unknown after a failure: read it again next time
    });
    return run;
  }

  private async appendNow(entry: AuditEntry): Promise<AuditRecord> {
    let head = this.head ?? (await this.client.get(this.headKey)) ?? '';
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const { seq, hash } = parseHead(head);
      const record = chain(entry, seq, hash);
      const reply = (await APPEND.run(
        this.client,
        [this.streamKey, this.headKey, ...entry.subjects.map((s) => this.subjectKey(s))],
        [head, headString(record.seq, record.hash), JSON.stringify(record)],
      )) as [number, string];
      if (reply[0] === 1) {
        this.head = headString(record.seq, record.hash);
        return record;
      }
      head = reply[1];
    }
    throw new Error(`audit append lost the race ${this.maxAttempts} times`);
  }

  async *records(): AsyncIterable<AuditRecord | { invalid: string }> {
    let start = '-';
    for (;;) {
      const page = await this.client.xrange(this.streamKey, start, '+', 'COUNT', 500);
      for (const [, fields] of page) yield parseRecord(fieldOf(fields));
      if (page.length < 500) return;
      start = `(${page[page.length - 1]![0]}`;
    }
  }

  /** The head key as stored: `seq:hash`, or '' for an empty log. */
  async storedHead(): Promise<{ seq: number; hash: string }> {
    return parseHead((await this.client.get(this.headKey)) ?? '');
  }

  async bySubject(subject: string): Promise<AuditRecord[]> {
    const ids = await this.client.lrange(this.subjectKey(subject), 0, 9_999);
    const out: AuditRecord[] = [];
    for (const id of ids) {
      const [entry] = await this.client.xrange(this.streamKey, id, id);
      if (!entry) continue; // deleted: the verifier reports the gap
      const r = parseRecord(fieldOf(entry[1]));
      if (!('invalid' in r)) out.push(r);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.tail;
  }
}

function fieldOf(fields: string[]): string {
  const i = fields.indexOf('record');
  return i >= 0 ? (fields[i + 1] ?? '') : '';
}
