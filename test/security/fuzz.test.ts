import { startSecureGateway, type SecureGateway } from './support/secure-gateway';
import { COUNTER, FAMILY_HEAD, KEYS, SECURITY_ENV } from './support/clients';

/**
 * A bounded fuzz run: random documents (schema words, punctuation, junk), random variables and
 * random credentials for 10 s against the secured gateway. No answer may be a 5xx or non-JSON,
 * and the gateway must still serve afterwards. The seed is printed so a failure can be replayed.
 */
const DURATION_MS = 10_000;
const WORDS = [
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'citizen',
  'family',
  'members',
  'head',
  'nik',
  'fullName',
  'healthInsurance',
  'employmentInsurance',
  'taxObjects',
  'bills',
  'waterAccounts',
  'unpaidPeriods',
  'gatewayVersion',
  'connectors',
  'processingTrail',
  'taxObject',
  'waterAccount',
  '__typename',
  '__schema',
  '__type',
  'types',
  'name',
  '$n',
  '$x',
  'String!',
  '@include',
  '@skip',
  '(if: true)',
  '...',
  'true',
  'null',
  '"1173050806970001"',
  `"${FAMILY_HEAD}"`,
  '"x"',
  '1e999',
  'Citizen',
  'Query',
  'a:',
  'b:',
  '\\u0000',
  '"\\ud800"',
  '#',
  '"""',
  'É',
  '😀',
];
const CITIZEN_FIELDS = [
  'nik',
  'fullName',
  'birthDate',
  'address { village }',
  'family { members { nik } }',
  'healthInsurance { status }',
  'employmentInsurance { status }',
  'taxObjects { nop }',
  'waterAccounts { totalOutstanding }',
  'relationship',
];
// HTTP header values are Latin-1: the client itself refuses anything else.
const HEADER_WORDS = WORDS.filter((w) => /^[\x20-\x7e]+$/.test(w));
const PUNCT = ['{', '}', '(', ')', '[', ']', ':', ',', '=', '!', '|', '&', '@', '$', ' ', '\n'];

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let gw: SecureGateway;
beforeAll(async () => {
  gw = await startSecureGateway({
    env: { ...SECURITY_ENV, RATE_LIMIT_BURST: '100000', RATE_LIMIT_PER_SECOND: '100000' },
  });
});
afterAll(async () => {
  await gw?.stop();
});

it('answers random documents, variables and credentials without a 5xx for 10 s', async () => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
  process.stdout.write(`fuzz seed ${seed} (FUZZ_SEED=${seed} to replay)\n`);
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

  const randomDocument = (): string => {
    const shape = rnd();
    if (shape < 0.25) {
      // Valid documents with random fields and identifiers: these reach the resolvers.
      const fields = CITIZEN_FIELDS.filter(() => rnd() < 0.4).join(' ') || 'nik';
      return `query V($n: String!) { citizen(nik: $n) { ${fields} } }`;
    }
    if (shape < 0.5) {
      // Structured: a plausible selection with random fields and nesting.
      const sel = (depth: number): string =>
        Array.from({ length: 1 + Math.floor(rnd() * 4) }, () =>
          depth > 0 && rnd() < 0.5 ? `${pick(WORDS)} { ${sel(depth - 1)} }` : pick(WORDS),
        ).join(' ');
      return `query Q($n: String) { citizen(nik: ${rnd() < 0.5 ? '$n' : pick(WORDS)}) { ${sel(1 + Math.floor(rnd() * 6))} } }`;
    }
    return Array.from({ length: Math.floor(rnd() * 60) }, () =>
      rnd() < 0.6 ? pick(WORDS) : pick(PUNCT),
    ).join(' ');
  };
  const randomValue = (depth = 0): unknown => {
    const r = rnd();
    if (depth > 3 || r < 0.3)
      return pick(['1173050806970001', '', 'x'.repeat(1000), '"; DROP', '\u0000']);
    if (r < 0.45) return Math.floor(rnd() * 1e16);
    if (r < 0.55) return null;
    if (r < 0.75)
      return Array.from({ length: Math.floor(rnd() * 5) }, () => randomValue(depth + 1));
    return { [pick(WORDS)]: randomValue(depth + 1) };
  };
  const randomHeaders = (): Record<string, string> => {
    const r = rnd();
    if (r < 0.6) return COUNTER;
    if (r < 0.7) return { 'x-api-key': KEYS.kiosk, 'x-officer-id': 'o-1', 'x-purpose': 'c-1' };
    if (r < 0.8) return { 'x-api-key': pick(HEADER_WORDS) + 'xxxxxxxxxxxxxxxx' };
    if (r < 0.9)
      return {
        authorization: `Bearer ${pick(HEADER_WORDS)}.${pick(HEADER_WORDS)}.${pick(HEADER_WORDS)}`,
      };
    return { ...COUNTER, 'x-purpose': pick(HEADER_WORDS) };
  };

  const until = Date.now() + DURATION_MS;
  let requests = 0;
  const statuses = new Map<number, number>();
  const worker = async () => {
    while (Date.now() < until) {
      const body =
        rnd() < 0.1
          ? pick(['{', '[]', 'null', '{"query": 1}', '{"query": "{"}', '"x"', '{"variables": []}'])
          : JSON.stringify({
              query: randomDocument(),
              variables:
                rnd() < 0.3
                  ? {
                      n: pick([
                        '1173050806970001',
                        '1173050210940001',
                        '1173030101909999',
                        '1173 0508 0697 0001',
                      ]),
                    }
                  : rnd() < 0.7
                    ? { n: randomValue(), x: randomValue() }
                    : randomValue(),
            });
      const res = await fetch(`${gw.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...randomHeaders() },
        body,
      });
      const text = await res.text();
      requests++;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) throw new Error(`5xx ${res.status} for ${body}: ${text}`);
      expect(() => JSON.parse(text)).not.toThrow();
      expect(text).not.toMatch(/INTERNAL_SERVER_ERROR|stacktrace/);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  process.stdout.write(
    `fuzz: ${requests} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`,
  );
  expect(requests).toBeGreaterThan(50);
  const ok = await gw.post({ query: '{ gatewayVersion }' }, COUNTER);
  expect(ok.status).toBe(200);
}, 40_000);
