import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildSchema, graphql } from 'graphql';
import type { BrowserContext, Page } from 'playwright-core';
import { createExplorer, EXPLORER_ASSETS_PATH, EXPLORER_CSP } from '../../src/server/explorer';
import { launchChromium, type TestBrowser } from '../support/browser';

/** Debian's Chromium: never a downloaded browser. */
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');

// A tiny GraphQL endpoint standing in for the gateway: it really executes the query, and
// answers with the API key it received, so the test sees the preset headers were sent.
const schema = buildSchema('type Query { gatewayVersion: String! apiKeySeen: String }');

let server: http.Server;
let base: string;
let context: BrowserContext;
let page: Page;
let browser: TestBrowser | undefined;
const problems: string[] = [];
const blocked: string[] = [];
const graphqlPosts: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  const explorer = createExplorer({
    headers: {
      'x-api-key': 'dev-key-for-explorer-test',
      'x-officer-id': 'dev-officer',
      'x-purpose': 'DEV-CASE-1',
    },
    defaultQuery: '{ gatewayVersion apiKeySeen }',
  });
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (r: { status: number; headers: Record<string, string>; body: Buffer }) => {
      res.writeHead(r.status, r.headers);
      res.end(r.body);
    };
    if (req.method === 'GET' && url.pathname === '/graphql') return send(explorer.page());
    if (req.method === 'GET' && url.pathname.startsWith(EXPLORER_ASSETS_PATH)) {
      const asset = explorer.asset(url.pathname);
      if (asset) return send(asset);
    }
    if (req.method === 'POST' && url.pathname === '/graphql') {
      graphqlPosts.push(req.headers);
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const { query } = JSON.parse(body) as { query: string };
        void graphql({
          schema,
          source: query,
          rootValue: { gatewayVersion: 'explorer-test', apiKeySeen: req.headers['x-api-key'] },
        }).then((result) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(result));
        });
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  browser = await launchChromium({ width: 1280, height: 800 });
  context = browser.context;
  page = browser.page;
  // An MPP's closed network: anything that is not loopback fails, and is recorded.
  await context.route('**/*', (route) => {
    const { protocol, hostname } = new URL(route.request().url());
    const loopback = hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
    if ((protocol === 'http:' || protocol === 'https:') && !loopback) {
      blocked.push(route.request().url());
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  // A server that never started (setup failed) has nothing to close: no wait for a callback.
  if (server) await new Promise((resolve) => server.close(resolve));
});

describe('the offline GraphiQL explorer', () => {
  it('serves the page with a strict CSP and no CDN reference', async () => {
    const res = await fetch(`${base}/graphql`);
    expect(res.headers.get('content-security-policy')).toBe(EXPLORER_CSP);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(EXPLORER_CSP).not.toMatch(/https?:|\*/);
  });

  it('loads with every non-loopback request blocked and runs a query with the preset headers', async () => {
    await page.goto(`${base}/graphql`);
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 60_000 });
    // Monaco has loaded the default operation (its workers and styles came from this origin).
    await page
      .locator('.graphiql-query-editor')
      .getByText('gatewayVersion')
      .waitFor({ timeout: 60_000 });
    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    try {
      await response.getByText('"gatewayVersion": "explorer-test"').waitFor({ timeout: 30_000 });
    } finally {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'explorer.png') });
    }
    await expect(response.innerText()).resolves.toContain('dev-key-for-explorer-test');

    // The schema introspection (for docs and completion) and the query, both authenticated.
    expect(graphqlPosts).toHaveLength(2);
    for (const headers of graphqlPosts)
      expect(headers).toMatchObject({
        'x-api-key': 'dev-key-for-explorer-test',
        'x-officer-id': 'dev-officer',
        'x-purpose': 'DEV-CASE-1',
      });
    expect(blocked).toEqual([]);
    expect(problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
  }, 120_000);
});
