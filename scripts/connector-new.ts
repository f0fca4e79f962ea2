/**
 * `npm run connector:new -- <agency-key> [--title "Human title"]`: scaffolds a new agency
 * connector that compiles and passes its tests before anyone writes a line (docs/connectors.md).
 *
 * Writes, from scripts/templates/:
 *   src/connectors/<key>/{payloads,client,domain,mapping,identifiers,loaders,index}.ts
 *   src/schema/<key>.graphql, src/resolvers/<key>.ts
 *   mocks/<key>/{data,server,index}.ts + README.md (a MockAgency with fault injection over
 *     records derived from the shared data set)
 *   test/contract/fixtures/<key>.ts (the shared contract suite picks it up by key)
 *   test/connectors/<key>.test.ts
 * and registers it: one entry in src/connectors/registry.ts, one in src/resolvers/agencies.ts,
 * one in mocks/index.ts, one
 * codegen mapper in codegen.yml; then regenerates src/generated/graphql.ts. On any failure
 * every file written is removed and every file edited is restored.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';

const ROOT = path.resolve(__dirname, '..');
const TEMPLATES = path.join(__dirname, 'templates');

/** kebab-case: lower-case letters and digits in words joined by single dashes, starting with a letter. */
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_KEY_LENGTH = 32;
/** Folder names under src/connectors that are not agencies. */
const RESERVED = new Set(['core', 'registry', 'index', 'generated', 'schema', 'data']);

export class ScaffoldError extends Error {}

export interface Names {
  /** `demo-agency` */
  key: string;
  /** `demoAgency` */
  camel: string;
  /** `DemoAgency` */
  pascal: string;
  /** `DEMO_AGENCY` (env prefix and constant prefix) */
  prefix: string;
  /** `Demo Agency`, or --title */
  title: string;
}

export function namesOf(key: string, title?: string): Names {
  const words = key.split('-');
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  return {
    key,
    camel: words[0] + words.slice(1).map(cap).join(''),
    pascal: words.map(cap).join(''),
    prefix: words.join('_').toUpperCase(),
    title: title ?? words.map(cap).join(' '),
  };
}

/** Why `key` cannot be used, or undefined when it can. */
export function checkKey(key: string | undefined, root = ROOT): string | undefined {
  if (!key) return 'usage: npm run connector:new -- <agency-key> [--title "Human title"]';
  if (!KEBAB.test(key)) {
    return `"${key}" is not a kebab-case agency key: use lower-case letters and digits in words joined by single dashes, starting with a letter (e.g. "imigrasi", "bpn-pertanahan")`;
  }
  if (key.length > MAX_KEY_LENGTH) return `"${key}" is longer than ${MAX_KEY_LENGTH} characters`;
  if (RESERVED.has(key))
    return `"${key}" is reserved (it names a part of the gateway, not an agency)`;
  const n = namesOf(key);
  const taken = [
    `src/connectors/${key}`,
    `mocks/${key}`,
    `src/schema/${key}.graphql`,
    `src/resolvers/${key}.ts`,
    `test/contract/fixtures/${key}.ts`,
    `test/connectors/${key}.test.ts`,
  ].filter((p) => existsSync(path.join(root, p)));
  if (taken.length > 0) return `agency "${key}" already exists: ${taken.join(', ')}`;
  const registry = readFileSync(path.join(root, 'src/connectors/registry.ts'), 'utf8');
  if (registry.includes(`'./${key}'`))
    return `agency "${key}" is already in src/connectors/registry.ts`;
  // Another key can map to the same env prefix (`a-b` and `a_b` cannot both be kebab, but
  // `bpjs` + `kesehatan-x` style prefixes can nest): refuse an exact prefix clash.
  const prefixes = [...registry.matchAll(/from '\.\/([a-z0-9-]+)'/g)].map(
    (m) => namesOf(m[1]!).prefix,
  );
  if (prefixes.includes(n.prefix))
    return `env prefix ${n.prefix}_ is already used by another agency`;
  return undefined;
}

/** Fills a template's placeholders. */
export function render(template: string, n: Names): string {
  return template
    .replaceAll('__key__', n.key)
    .replaceAll('__camel__', n.camel)
    .replaceAll('__Pascal__', n.pascal)
    .replaceAll('__PREFIX__', n.prefix)
    .replaceAll('__Title__', n.title);
}

/** Template → destination (relative to the repository root). */
export function plan(n: Names): Array<[template: string, destination: string]> {
  const k = n.key;
  return [
    ['connector/payloads.ts.tmpl', `src/connectors/${k}/payloads.ts`],
    ['connector/client.ts.tmpl', `src/connectors/${k}/client.ts`],
    ['connector/domain.ts.tmpl', `src/connectors/${k}/domain.ts`],
    ['connector/mapping.ts.tmpl', `src/connectors/${k}/mapping.ts`],
    ['connector/identifiers.ts.tmpl', `src/connectors/${k}/identifiers.ts`],
    ['connector/loaders.ts.tmpl', `src/connectors/${k}/loaders.ts`],
    ['connector/index.ts.tmpl', `src/connectors/${k}/index.ts`],
    ['connector/schema.graphql.tmpl', `src/schema/${k}.graphql`],
    ['connector/resolvers.ts.tmpl', `src/resolvers/${k}.ts`],
    ['mock/data.ts.tmpl', `mocks/${k}/data.ts`],
    ['mock/server.ts.tmpl', `mocks/${k}/server.ts`],
    ['mock/index.ts.tmpl', `mocks/${k}/index.ts`],
    ['mock/README.md.tmpl', `mocks/${k}/README.md`],
    ['test/fixture.ts.tmpl', `test/contract/fixtures/${k}.ts`],
    ['test/connector.test.ts.tmpl', `test/connectors/${k}.test.ts`],
  ];
}

/** Inserts `line` after the last line matching `after`. */
function insertAfterLast(text: string, after: RegExp, line: string, file: string): string {
  const lines = text.split('\n');
  let index = -1;
  lines.forEach((l, i) => {
    if (after.test(l)) index = i;
  });
  if (index < 0) throw new ScaffoldError(`${file}: found no line matching ${after}`);
  lines.splice(index + 1, 0, line);
  return lines.join('\n');
}

/** Appends `entry` to the array literal that starts with `opening` and ends with `] as const;`. */
function appendToArray(text: string, opening: string, entry: string, file: string): string {
  const start = text.indexOf(opening);
  const end = start < 0 ? -1 : text.indexOf('] as const;', start);
  if (end < 0) throw new ScaffoldError(`${file}: found no \`${opening} ... ] as const;\``);
  const body = text.slice(start + opening.length, end).replace(/[\s,]*$/, '');
  return `${text.slice(0, start)}${opening}${body}, ${entry}${text.slice(end)}`;
}

/** Adds `entry` as the last member of the `RESOLVERS` record of src/resolvers/agencies.ts. */
function addResolversEntry(text: string, entry: string): string {
  const start = text.indexOf('const RESOLVERS');
  const end = start < 0 ? -1 : text.indexOf('\n};', start);
  if (end < 0) throw new ScaffoldError('src/resolvers/agencies.ts: no RESOLVERS record found');
  return `${text.slice(0, end)}\n${entry}${text.slice(end)}`;
}

/** The registration edits outside the new folders: registry, agency modules, mock list, codegen mapper. */
export function registrations(n: Names): Array<[file: string, edit: (text: string) => string]> {
  return [
    [
      'src/connectors/registry.ts',
      (text) =>
        appendToArray(
          insertAfterLast(
            text,
            /^import .* from '\.\/[a-z0-9-]+';$/,
            `import { ${n.camel} } from './${n.key}';`,
            'registry.ts',
          ),
          'export const registry = [',
          n.camel,
          'registry.ts',
        ),
    ],
    [
      'mocks/index.ts',
      (text) =>
        appendToArray(
          insertAfterLast(
            text,
            /^import .* from '\.\/[a-z0-9-]+(\/server)?';$/,
            `import { ${n.camel}Mock } from './${n.key}';`,
            'mocks/index.ts',
          ),
          'export const MOCKS = [',
          `${n.camel}Mock`,
          'mocks/index.ts',
        ),
    ],
    [
      'src/resolvers/agencies.ts',
      (text) =>
        addResolversEntry(
          insertAfterLast(
            text,
            /^import \{ [A-Za-z]+Resolvers \} from '\.\/[a-z0-9-]+';$/,
            `import { ${n.camel}Resolvers } from './${n.key}';`,
            'src/resolvers/agencies.ts',
          ),
          `  '${n.key}': ${n.camel}Resolvers,`,
        ),
    ],
    [
      'codegen.yml',
      (text) =>
        insertAfterLast(
          text,
          /^ {8}[A-Za-z]+: '\.\.\/connectors\/[a-z0-9-]+\/domain#[A-Za-z]+'$/,
          `        ${n.pascal}Entry: '../connectors/${n.key}/domain#${n.pascal}Record'`,
          'codegen.yml',
        ),
    ],
  ];
}

async function format(file: string, text: string): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  const info = await prettier.getFileInfo(file);
  return info.inferredParser ? prettier.format(text, { ...options, filepath: file }) : text;
}

function run(command: string, args: string[]): void {
  const bin = path.join(ROOT, 'node_modules', '.bin', command);
  const r = spawnSync(bin, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new ScaffoldError(`${command} ${args.join(' ')} failed`);
}

export async function scaffold(key: string, title?: string): Promise<string[]> {
  const problem = checkKey(key);
  if (problem) throw new ScaffoldError(problem);
  const n = namesOf(key, title);
  const created: string[] = [];
  const originals = new Map<string, string>();
  try {
    for (const [template, destination] of plan(n)) {
      const file = path.join(ROOT, destination);
      const text = render(readFileSync(path.join(TEMPLATES, template), 'utf8'), n);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, await format(file, text), { flag: 'wx' });
      created.push(destination);
    }
    for (const [destination, edit] of registrations(n)) {
      const file = path.join(ROOT, destination);
      const before = readFileSync(file, 'utf8');
      originals.set(destination, before);
      writeFileSync(file, await format(file, edit(before)));
    }
    const generated = 'src/generated/graphql.ts';
    originals.set(generated, readFileSync(path.join(ROOT, generated), 'utf8'));
    run('graphql-codegen', ['--config', 'codegen.yml', '--silent']);
    return [...created, ...originals.keys()];
  } catch (err) {
    for (const destination of created) rmSync(path.join(ROOT, destination), { force: true });
    for (const dir of [`src/connectors/${key}`, `mocks/${key}`]) {
      if (created.some((c) => c.startsWith(`${dir}/`)))
        rmSync(path.join(ROOT, dir), { recursive: true, force: true });
    }
    for (const [destination, text] of originals) writeFileSync(path.join(ROOT, destination), text);
    throw err;
  }
}

function parseArgs(argv: string[]): { key?: string; title?: string } {
  const out: { key?: string; title?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--title') out.title = argv[++i];
    else if (arg.startsWith('--title=')) out.title = arg.slice('--title='.length);
    else if (out.key === undefined) out.key = arg;
    else throw new ScaffoldError(`unexpected argument "${arg}"`);
  }
  if (out.title !== undefined && !/^[^'\\\n]{1,80}$/.test(out.title)) {
    throw new ScaffoldError('--title: 1 to 80 characters, without quotes, backslashes or newlines');
  }
  return out;
}

async function main(): Promise<void> {
  try {
    const { key, title } = parseArgs(process.argv.slice(2));
    const problem = checkKey(key);
    if (problem) throw new ScaffoldError(problem);
    const files = await scaffold(key!, title);
    const n = namesOf(key!, title);
    process.stdout.write(
      [
        `Scaffolded connector "${n.key}" (${n.title}). Files written or updated:`,
        ...files.map((f) => `  ${f}`),
        '',
        'Check it:',
        '  npx tsc --noEmit -p tsconfig.json',
        `  npx jest test/contract test/connectors/${n.key}`,
        '',
        'Then make it the real agency (docs/connectors.md, "Adding an agency"): the mock protocol',
        `(mocks/${n.key}), payloads/client/mapping, the schema and domain names; every SCAFFOLD`,
        'comment marks a placeholder to replace. Dev settings: ' +
          `${n.prefix}_BASE_URL, ${n.prefix}_API_KEY (from the mock).`,
        '',
      ].join('\n'),
    );
  } catch (err) {
    if (err instanceof ScaffoldError) {
      process.stderr.write(`connector:new: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

if (require.main === module) void main();
