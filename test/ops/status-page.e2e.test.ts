import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { STATUS_REFRESH_MS } from '../../src/server/status-page';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { waitFor } from './helpers';
import { launchChromium, type TestBrowser } from '../support/browser';

/** Debian's Chromium: never a downloaded browser. */
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');

let gw: TestGateway;
let browser: TestBrowser | undefined;
let page: Page;
const problems: string[] = [];
const foreignRequests: string[] = [];

beforeAll(async () => {
  gw = await startTestGateway({
    cache: null,
    env: {
      PDAM_RETRIES: '0',
      PDAM_BREAKER_VOLUME: '3',
      PDAM_BREAKER_RESET_MS: '120000',
    },
  });
  browser = await launchChromium({ width: 390, height: 844 });
  page = browser.page;
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(gw.url)) foreignRequests.push(r.url());
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await gw?.stop();
});

it('shows a row per connector and turns PDAM red within a refresh once its breaker opens', async () => {
  await page.goto(`${gw.url}/status`);
  const names = [...gw.gateway.upstreams.keys()];
  // Polled from here: the page's CSP (rightly) forbids the eval a string predicate needs.
  const connectorRows = page.locator('section.row:not([data-connector="bank-aceh-link"])');
  await waitFor(
    'a row per connector',
    async () => (await connectorRows.count()) === names.length,
    10_000,
  );
  for (const name of names)
    expect(await page.getAttribute(`[data-connector="${name}"]`, 'data-state')).toBe('closed');
  expect(await page.textContent('#ready')).toBe('ready');

  // PDAM starts failing; a few lookups open its breaker (volume 3, no retries).
  gw.mocks.agencies.pdam.faults.set('*', { status: 503 });
  const customer = [...gw.mocks.dataset.waterAccounts.keys()][0]!;
  await waitFor('the PDAM breaker to open', async () => {
    await gw.gql('query W($c: String!) { waterAccount(customerNumber: $c) { name } }', {
      c: customer,
    });
    return gw.gateway.upstreams.get('pdam')!.breaker.state === 'open';
  });

  // The page polls by itself: no reload. Two refresh periods leave room for one in flight.
  const row = page.locator('[data-connector="pdam"]');
  await page.waitForSelector('[data-connector="pdam"][data-state="open"]', {
    timeout: STATUS_REFRESH_MS * 2 + 1_000,
  });
  expect(await row.locator('.state').textContent()).toBe('open (down)');
  // The last error with its class: the agency's HTTP status, or the open breaker's refusal.
  expect(await row.locator('[data-field="last error"]').textContent()).toMatch(
    /^(UPSTREAM_UNAVAILABLE, HTTP 503|CIRCUIT_OPEN, breaker open), \d+ s ago$/,
  );
  expect(await row.locator('[data-field="error rate"]').textContent()).toMatch(
    /^100\.0 % \((\d+) of \1 calls\)$/,
  );
  expect(await row.getAttribute('data-health')).toBe('down');
  // Colour as well as text: the open row has the red border.
  expect(
    await page.evaluate(
      `getComputedStyle(document.querySelector('[data-connector="pdam"]')).borderLeftColor`,
    ),
  ).toBe('rgb(197, 48, 48)');
  expect(await page.getAttribute('[data-connector="dukcapil"]', 'data-state')).toBe('closed');
  expect(await page.textContent('#summary')).toBe(`1 of ${names.length} agencies down`);

  // Readable on a phone: nothing wider than the screen.
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(
    true,
  );
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'status-page.png'), fullPage: true });

  // The inline script ran under the CSP (no violation), and nothing was fetched elsewhere.
  expect(problems).toEqual([]);
  expect(foreignRequests).toEqual([]);
}, 60_000);

it('says when the gateway cannot be reached, keeping the last figures', async () => {
  await page.route('**/status.json', (route) => route.abort());
  await page.waitForSelector('body[data-stale="true"]', { timeout: STATUS_REFRESH_MS * 2 + 1_000 });
  expect(await page.textContent('#error')).toMatch(/gateway unreachable/);
  // One row per connector, plus the bank link's row where payments run.
  expect(await page.locator('section.row:not([data-connector="bank-aceh-link"])').count()).toBe(
    gw.gateway.upstreams.size,
  );
  await page.unroute('**/status.json');
  await page.waitForSelector('body:not([data-stale])', { timeout: STATUS_REFRESH_MS * 2 + 1_000 });
}, 30_000);
