import Redis from 'ioredis';
import { validateApplicationNumber } from '../../src/connectors/imigrasi/application-number';
import {
  formatNop,
  validateHealthCardNumber,
  validateKk,
  validateKpj,
  validateNik,
  validateNop,
  validateWaterCustomerNumber,
  type Validation,
} from '../../src/identifiers';
import {
  isPersistableDocument,
  MemoryKeyValueCache,
  privacySafeCache,
  RedisKeyValueCache,
  sha256,
} from '../../src/security';
import { scanKeys } from '../support/gateway-helpers';
import { redisUrl, TEST_DB } from '../support/redis';

/**
 * The APQ store never holds an identifier, in any spelling a validator accepts: every
 * identifier kind, written with any number of spaces, dots or dashes (or as the validator
 * accepts it otherwise), inline in a literal, an escaped literal, a block string, a variable's
 * default or a comment, is served but never stored: neither in memory nor in Redis.
 */

interface Kind {
  name: string;
  /** The root field and argument taking it. */
  field: string;
  arg: string;
  value: string;
  validate: (input: string) => Validation;
  /** The validator's separators for this kind. */
  separators: readonly string[];
  /** Spellings beyond the generated ones (the conventional written form...). */
  extra?: string[];
}

const DIGIT_SEPARATORS = [' ', '.', '-'];
const KINDS: Kind[] = [
  {
    name: 'NIK',
    field: 'citizen',
    arg: 'nik',
    value: '1173050806970001',
    validate: validateNik,
    separators: DIGIT_SEPARATORS,
  },
  {
    name: 'KK',
    field: 'family',
    arg: 'kkNumber',
    value: '1173051203150003',
    validate: (s) => validateKk(s),
    separators: DIGIT_SEPARATORS,
  },
  {
    name: 'NOP',
    field: 'taxObject',
    arg: 'nop',
    value: '117305000100100010',
    validate: validateNop,
    separators: DIGIT_SEPARATORS,
    extra: [formatNop('117305000100100010')],
  },
  {
    name: 'BPJS Kesehatan card',
    field: 'healthInsurance',
    arg: 'cardNumber',
    value: '0001234567890',
    validate: validateHealthCardNumber,
    separators: DIGIT_SEPARATORS,
  },
  {
    name: 'KPJ',
    field: 'employmentInsurance',
    arg: 'kpj',
    value: '12345678901',
    validate: validateKpj,
    separators: DIGIT_SEPARATORS,
  },
  {
    name: 'PDAM customer number',
    field: 'waterAccount',
    arg: 'customerNumber',
    value: '0101234567',
    validate: validateWaterCustomerNumber,
    separators: DIGIT_SEPARATORS,
  },
  {
    name: 'passport application number',
    field: 'passportApplication',
    arg: 'applicationNumber',
    value: 'LGS260914000120',
    validate: validateApplicationNumber,
    separators: [' ', '-'],
    extra: ['lgs-260914-00012-0', 'LGS 260914 00012 0'],
  },
];

/** A deterministic pseudo-random source (the same spellings on every run). */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
}

/** Spellings of `value` joining its characters with separator runs of the kind's alphabet. */
function spellings(kind: Kind): string[] {
  const chars = [...kind.value];
  const join = (sep: (i: number) => string) =>
    chars.map((c, i) => (i === 0 ? c : sep(i) + c)).join('');
  const out = new Set<string>([kind.value, ...(kind.extra ?? [])]);
  for (const s of kind.separators) {
    out.add(join((i) => (i % 4 === 0 ? s : ''))); // groups of four
    out.add(join((i) => (i % 4 === 0 ? s + s : ''))); // doubled separators
    out.add(join(() => s)); // between every character
    out.add(join(() => s.repeat(3)));
    out.add(`${s}${s}${kind.value}${s}`); // leading and trailing
  }
  const all = kind.separators.join('');
  out.add(join((i) => (i % 2 === 0 ? all : ''))); // mixed runs
  const random = rng(kind.value.length * 7919);
  for (let n = 0; n < 20; n++) {
    out.add(
      join(() => {
        const len = Math.floor(random() * 3);
        let run = '';
        for (let k = 0; k < len; k++)
          run += kind.separators[Math.floor(random() * kind.separators.length)];
        return run;
      }),
    );
  }
  // The validators cap the input at 64 characters: longer spellings are not accepted ones.
  return [...out].filter((s) => s.length <= 64);
}

/** Every document form that carries `spelling` inline. */
function documents(kind: Kind, spelling: string): string[] {
  const escaped = [...spelling]
    .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('');
  const q = (literal: string) => `{ ${kind.field}(${kind.arg}: ${literal}) { __typename } }`;
  return [
    q(JSON.stringify(spelling)),
    q(`"${escaped}"`),
    q(`"""${spelling}"""`),
    `query Q($v: String! = ${JSON.stringify(spelling)}) { ${kind.field}(${kind.arg}: $v) { __typename } }`,
    `# looked up ${spelling}\nquery Q($v: String!) { ${kind.field}(${kind.arg}: $v) { __typename } }`,
  ];
}

const CASES = KINDS.flatMap((kind) =>
  spellings(kind).map((spelling) => ({ kind, spelling, docs: documents(kind, spelling) })),
);
/** What may be stored: the identifier passed as a variable. */
const SAFE = (kind: Kind) =>
  `query Q($v: String!) { ${kind.field}(${kind.arg}: $v) { __typename } }`;

describe('the spellings under test', () => {
  it.each(KINDS.map((k) => [k.name, k]))(
    'are all accepted by the %s validator, as the same identifier',
    (_name, kind) => {
      const accepted = spellings(kind).map((s) => kind.validate(s));
      expect(accepted.length).toBeGreaterThan(20);
      const expected = kind.validate(kind.value);
      expect(expected.ok).toBe(true);
      for (const v of accepted) expect(v).toEqual(expected);
    },
  );
});

describe('isPersistableDocument', () => {
  it('accepts a document taking the identifier as a variable', () => {
    for (const kind of KINDS) expect(isPersistableDocument(SAFE(kind))).toBe(true);
  });

  it('refuses every accepted spelling in every inline form', () => {
    const stored = CASES.flatMap(({ kind, spelling, docs }) =>
      docs.filter((d) => isPersistableDocument(d)).map((d) => `${kind.name} ${spelling}: ${d}`),
    );
    expect(stored).toEqual([]);
    expect(CASES.length * 5).toBeGreaterThan(700);
  });

  it('refuses a document that does not parse', () => {
    expect(isPersistableDocument('{ citizen(nik: ')).toBe(false);
  });
});

describe('privacySafeCache', () => {
  it('stores nothing in the in-memory store for any spelling, and the variable form', async () => {
    const inner = new MemoryKeyValueCache(100_000);
    const cache = privacySafeCache(inner);
    for (const { docs } of CASES) for (const d of docs) await cache.set(`apq:${sha256(d)}`, d);
    for (const { docs } of CASES)
      for (const d of docs) expect(await inner.get(`apq:${sha256(d)}`)).toBeUndefined();
    // The control: a safe document is stored (so the check above can fail).
    const safe = SAFE(KINDS[0]!);
    await cache.set(`apq:${sha256(safe)}`, safe);
    expect(await inner.get(`apq:${sha256(safe)}`)).toBe(safe);
  });

  it('leaves no identifier in the Redis keyspace for any spelling', async () => {
    const redis = new Redis(redisUrl(TEST_DB.apqSpellings), { maxRetriesPerRequest: 1 });
    try {
      await redis.flushdb();
      const cache = privacySafeCache(new RedisKeyValueCache(redis, { timeoutMs: 2_000 }));
      for (const { docs } of CASES) for (const d of docs) await cache.set(`apq:${sha256(d)}`, d);
      for (const kind of KINDS) await cache.set(`apq:${sha256(SAFE(kind))}`, SAFE(kind));
      const keys = await scanKeys(redis);
      // Only the safe documents, one per kind.
      expect(keys.sort()).toEqual(KINDS.map((k) => `pq:apq:${sha256(SAFE(k))}`).sort());
      for (const key of keys) {
        const value = (await redis.get(key)) ?? '';
        for (const kind of KINDS) {
          const digits = kind.value.replace(/\D/g, '');
          expect(value.replace(/\D/g, '')).not.toContain(digits);
        }
      }
    } finally {
      await redis.flushdb();
      await redis.quit();
    }
  });
});
