import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { DevCredentials } from '../security/config';

/**
 * The development explorer: GraphiQL built from npm by `npm run build:explorer` into
 * build/explorer (explorer/ holds its source), served by the gateway so that nothing comes
 * from a CDN. The page presets the development headers; its CSP allows only this origin.
 */

/** Where `createExplorer` serves the bundle's files from (Vite's `base`). */
export const EXPLORER_ASSETS_PATH = '/explorer/';

/**
 * The default output directory of `npm run build:explorer` (build/explorer at the repository
 * root, as seen from src/server). From a compiled dist/, pass `dir` explicitly.
 */
export const DEFAULT_EXPLORER_DIR = path.join(__dirname, '..', '..', 'build', 'explorer');

// Monaco (GraphiQL's editor) injects style elements and runs its language services in
// workers; everything else is same-origin. No inline script: the headers travel as JSON data.
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface ExplorerOptions {
  /** Headers preset in GraphiQL's header editor (the development API key, officer, purpose). */
  headers: Readonly<Record<string, string>>;
  /** The GraphQL endpoint the page posts to. Default `/graphql`. */
  endpoint?: string;
  /** The operation shown in a new tab. Default: `gatewayVersion`, with a hint to try a citizen. */
  defaultQuery?: string;
  /** The built bundle. Default: build/explorer at the repository root. */
  dir?: string;
}

/** The officer and purpose `npm start` prints for trying personal-data fields. */
export const DEV_OFFICER_ID = 'dev-officer';
export const DEV_PURPOSE = 'DEV-CASE-1';

/** GraphiQL's preset headers for the development client (never exists in production). */
export function developmentHeaders(dev: Pick<DevCredentials, 'apiKey'>): Record<string, string> {
  return { 'x-api-key': dev.apiKey, 'x-officer-id': DEV_OFFICER_ID, 'x-purpose': DEV_PURPOSE };
}

/** A complete HTTP answer for the HTTP layer to send as it is. */
export interface ExplorerResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Explorer {
  /** The GraphiQL page (for GET /graphql from a browser). */
  page(): ExplorerResponse;
  /** A bundle file under EXPLORER_ASSETS_PATH, or undefined when `pathname` names none. */
  asset(pathname: string): ExplorerResponse | undefined;
}

/** The bundle is missing: run `npm run build:explorer`. */
export class ExplorerNotBuiltError extends Error {
  constructor(dir: string) {
    super(`the explorer bundle is missing in ${dir}: run \`npm run build:explorer\``);
    this.name = 'ExplorerNotBuiltError';
  }
}

const manifestSchema = z.record(
  z.string(),
  z.object({
    file: z.string(),
    css: z.array(z.string()).optional(),
    isEntry: z.boolean().optional(),
  }),
);

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

const COMMON = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

/**
 * Loads the built bundle once (a few files, held in memory) and answers the page and its
 * assets. Throws ExplorerNotBuiltError when the bundle was not built.
 */
export function createExplorer(options: ExplorerOptions): Explorer {
  const dir = options.dir ?? DEFAULT_EXPLORER_DIR;
  const manifestFile = path.join(dir, '.vite', 'manifest.json');
  if (!existsSync(manifestFile)) throw new ExplorerNotBuiltError(dir);
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(manifestFile, 'utf8')));
  const entry = Object.values(manifest).find((e) => e.isEntry);
  if (!entry) throw new ExplorerNotBuiltError(dir);

  const assets = new Map<string, ExplorerResponse>();
  for (const file of listFiles(path.join(dir, 'assets'))) {
    const type = TYPES[path.extname(file)];
    if (!type) continue;
    assets.set(`${EXPLORER_ASSETS_PATH}assets/${path.basename(file)}`, {
      status: 200,
      // File names carry a content hash: a browser may keep them for good.
      headers: {
        ...COMMON,
        'content-type': type,
        'cache-control': 'public, max-age=31536000, immutable',
      },
      body: readFileSync(file),
    });
  }

  const html = pageHtml(
    {
      endpoint: options.endpoint ?? '/graphql',
      headers: options.headers,
      defaultQuery: options.defaultQuery ?? DEFAULT_QUERY,
    },
    `${EXPLORER_ASSETS_PATH}${entry.file}`,
    (entry.css ?? []).map((css) => `${EXPLORER_ASSETS_PATH}${css}`),
  );
  const page: ExplorerResponse = {
    status: 200,
    headers: {
      ...COMMON,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': EXPLORER_CSP,
      // The page holds the development API key.
      'cache-control': 'no-store',
    },
    body: Buffer.from(html),
  };

  return {
    page: () => page,
    asset: (pathname) => assets.get(pathname),
  };
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile());
}

// `<` escaped so no header value can close the JSON block and open markup.
const jsonForHtml = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');
const attr = (text: string): string => text.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

const DEFAULT_QUERY = `# The development headers (x-api-key, x-officer-id, x-purpose) are preset below.
# Try: query Citizen { citizen(nik: "<a fixture NIK printed by npm start>") { fullName } }
query Version {
  gatewayVersion
}
`;

function pageHtml(
  config: { endpoint: string; headers: unknown; defaultQuery: string },
  script: string,
  styles: string[],
): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    '<title>MPP Gateway — GraphiQL</title>',
    ...styles.map((href) => `<link rel="stylesheet" href="${attr(href)}" />`),
    `<script type="application/json" id="explorer-config">${jsonForHtml(config)}</script>`,
    `<script type="module" src="${attr(script)}"></script>`,
    '<style>html,body,#root{height:100%;margin:0}</style>',
    '</head>',
    '<body><div id="root"></div></body>',
    '</html>',
  ].join('\n');
}
