import { createHash, createHmac } from 'node:crypto';

/** How a personal-data request ended. */
export type AuditOutcome = 'ok' | 'partial' | 'error' | 'denied';

/** What the gateway knows of one personal-data access when it finishes. */
export interface AuditEntry {
  /** ISO timestamp of the response. */
  time: string;
  requestId: string;
  /** The caller's namespaced identity: `key:<id>` (API key) or `jwt:<issuer hash>:<client id>`. */
  clientId: string;
  /** The MPP (tenant) the request was served for; absent in records written before tenancy. */
  tenant?: string;
  officerId: string | null;
  purpose: string | null;
  /** The GraphQL operation name (null for an anonymous operation). */
  operation: string | null;
  /** HMAC-SHA256 (AUDIT_HMAC_SECRET) of every NIK whose data was asked for or returned, sorted. */
  subjects: string[];
  /** Agencies whose data was read (by connector key), sorted. */
  connectors: string[];
  /** Personal-data fields resolved (`Type.field`), sorted. */
  fields: string[];
  /** Personal-data fields refused (FORBIDDEN), sorted. */
  denied: string[];
  outcome: AuditOutcome;
  /** Personal-data fields whose agency call failed (the identifier still left the gateway), sorted. */
  failed?: string[];
  /** Pairs [NIK subject, identifier subject] the answer tied together (see subjects.ts). */
  links?: Array<[string, string]>;
}

/** A record as stored: the entry, its position, and the hash chain. */
export interface AuditRecord extends AuditEntry {
  /** 1: the legacy file/stream sinks; 2: the spool (spool-record.ts). */
  v: 1 | 2;
  /** 1, 2, 3... with no gap. */
  seq: number;
  /** `hash` of the previous record; GENESIS for the first. */
  prev: string;
  /** SHA-256 over `prev` and the canonical JSON of every other property. */
  hash: string;
}

export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash a record must carry, given its predecessor's. */
export function recordHash(record: Omit<AuditRecord, 'hash'>): string {
  const body: Partial<AuditRecord> = { ...record };
  delete body.hash;
  return createHash('sha256')
    .update(record.prev)
    .update('\n')
    .update(canonicalJson(body))
    .digest('hex');
}

/** Chains an entry after the record `(seq, hash)`. */
export function chain(entry: AuditEntry, prevSeq: number, prevHash: string): AuditRecord {
  const body = { ...entry, v: 1 as const, seq: prevSeq + 1, prev: prevHash };
  return { ...body, hash: recordHash(body) };
}

/** The subject key of a NIK in the audit log (never the NIK itself). */
export function subjectHash(nik: string, secret: string): string {
  return createHmac('sha256', secret).update(nik).digest('hex');
}

export type ChainVerdict =
  | { ok: true; count: number; head: { seq: number; hash: string } }
  | { ok: false; count: number; at: number; problem: string };

/**
 * Walks records in order and checks each link: consecutive `seq`, `prev` equal to the previous
 * record's hash, and `hash` recomputed from the content. Any edit, insertion, deletion or
 * reordering breaks a link. (Cutting records off the end does not: compare the head with one
 * kept elsewhere, which the CLI prints and the Redis sink keeps in its head key.)
 */
export async function verifyChain(
  records: AsyncIterable<AuditRecord | { invalid: string }>,
): Promise<ChainVerdict> {
  let count = 0;
  let prev = { seq: 0, hash: GENESIS };
  for await (const r of records) {
    const at = count + 1;
    if ('invalid' in r) return { ok: false, count, at, problem: r.invalid };
    if (r.v !== 1)
      return { ok: false, count, at, problem: `unknown record version ${String(r.v)}` };
    if (r.seq !== prev.seq + 1)
      return { ok: false, count, at, problem: `seq ${r.seq} follows seq ${prev.seq}` };
    if (r.prev !== prev.hash)
      return {
        ok: false,
        count,
        at,
        problem: `record ${r.seq} does not link to record ${prev.seq}`,
      };
    if (recordHash(r) !== r.hash)
      return { ok: false, count, at, problem: `record ${r.seq} was altered (hash mismatch)` };
    prev = { seq: r.seq, hash: r.hash };
    count++;
  }
  return { ok: true, count, head: prev };
}

/** Parses one stored line; an unparsable line is reported, never thrown. */
export function parseRecord(text: string): AuditRecord | { invalid: string } {
  try {
    const r = JSON.parse(text) as AuditRecord;
    if (!r || typeof r !== 'object' || typeof r.hash !== 'string')
      return { invalid: 'not a record' };
    return r;
  } catch {
    return { invalid: 'a line is not valid JSON' };
  }
}

/** Where audit records go: append-only, chained, readable back for verification and trails. */
export interface AuditSink {
  /** Chains and durably stores one entry; resolves once stored. */
  append(entry: AuditEntry): Promise<AuditRecord>;
  /** Every stored record (and unparsable ones), oldest first. */
  records(): AsyncIterable<AuditRecord | { invalid: string }>;
  /** The records naming a subject (see `subjectHash`), oldest first. */
  bySubject(subject: string): Promise<AuditRecord[]>;
  close(): Promise<void>;
}
