import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { STATUS_PAGE_CSP, STATUS_REFRESH_MS } from '../../src/server/status-page';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { totalCallsOf } from '../support/gateway-helpers';
import { waitFor } from '../support/wait';
import { launchChromium, type TestBrowser } from '../support/browser';

/**
 * The operator page in headless Chromium, with one agency (PDAM) failing 60 % of its calls
 * through the mock's admin API: the page must call it degraded (never "all up"), draw the
 * last hour as sparklines with data, speak Indonesian on request, and stay under its CSP.
 */
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');
const TWO_REFRESHES = STATUS_REFRESH_MS * 2 + 1_000;

let gw: TestGateway;
let browser: TestBrowser | undefined;
let page: Page;
const problems: string[] = [];
const foreignRequests: string[] = [];

const WATER = 'query W($c: String!) { waterAccount(customerNumber: $c) { name } }';
const CITIZEN = 'query C($nik: String!) { citizen(nik: $nik) { fullName } }';

beforeAll(async () => {
  gw = await startTestGateway({
    cache: null,
    env: {
      // Every failure shows as a call (no retries) and the breaker stays closed at 60 %:
      // the agency is degraded, not down.
      PDAM_RETRIES: '0',
      PDAM_BREAKER_ERROR_PERCENT: '100',
      PDAM_BREAKER_VOLUME: '50',
    },
  });
  browser = await launchChromium({ width: 1100, height: 900 });
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

it('shows an agency failing 60 % of its calls as degraded within two refreshes, with sparklines', async () => {
  const agencies = gw.gateway.upstreams.size;
  await page.goto(`${gw.url}/status`);
  await page.waitForSelector('section.row[data-connector="pdam"][data-health="up"]', {
    timeout: 10_000,
  });
  expect(await page.textContent('#summary')).toBe(`all ${agencies} agencies up`);

  // Traffic: some healthy Dukcapil lookups, then PDAM failing 60 % through its admin API.
  for (const nik of gw.mocks.dataset.residents.slice(0, 5).map((r) => r.nik))
    expect((await gw.gql(CITIZEN, { nik })).status).toBe(200);
  const admin = await fetch(`${gw.mocks.agencies.pdam.url}/__admin/faults/*`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status: 503, rate: 0.6 }),
  });
  expect(admin.ok).toBe(true);
  gw.resetCalls();
  const customers = [...gw.mocks.dataset.waterAccounts.keys()].slice(0, 20);
  let failed = 0;
  for (const c of customers) {
    const res = await gw.gql(WATER, { c });
    if (res.body.errors?.some((e) => e.extensions?.['code'] === 'UPSTREAM_UNAVAILABLE')) failed++;
  }
  // The fault really bit (and the agency was really called once per lookup).
  expect(totalCallsOf(gw, 'pdam')).toBe(customers.length);
  expect(failed).toBeGreaterThanOrEqual(customers.length * 0.3);
  expect(gw.gateway.upstreams.get('pdam')!.breaker.state).toBe('closed');

  const row = page.locator('[data-connector="pdam"]');
  // A refresh during the lookups may already show "degraded" with part of the calls: wait for
  // the first refresh that has seen all of them.
  await waitFor(
    'a refresh that has seen every lookup',
    async () =>
      (await page.getAttribute('[data-connector="pdam"] svg[data-spark="calls"]', 'data-sum')) ===
      String(customers.length),
    TWO_REFRESHES,
  );
  expect(await row.getAttribute('data-health')).toBe('degraded');
  expect(await page.textContent('#summary')).toBe(`1 of ${agencies} agencies degraded`);
  expect(await row.locator('.reasons').textContent()).toContain('error rate over threshold');
  expect(await row.locator('[data-field="last error"]').textContent()).toMatch(
    /^UPSTREAM_UNAVAILABLE, HTTP 503, \d+ s ago$/,
  );
  expect(await page.getAttribute('[data-connector="dukcapil"]', 'data-health')).toBe('up');

  // Sparklines drawn from the minute buckets: PDAM's calls and errors, Dukcapil's latency,
  // the gateway's requests.
  // data-points: minutes drawn (a rate has none without calls); data-max: the highest value;
  // data-sum: the total over the hour (the lookups may straddle a minute).
  const spark = async (selector: string) => ({
    points: Number(await page.getAttribute(selector, 'data-points')),
    max: Number(await page.getAttribute(selector, 'data-max')),
    sum: Number(await page.getAttribute(selector, 'data-sum')),
  });
  expect((await spark('[data-connector="pdam"] svg[data-spark="calls"]')).sum).toBe(
    customers.length,
  );
  const errors = await spark('[data-connector="pdam"] svg[data-spark="errors"]');
  expect(errors.points).toBeGreaterThan(0);
  expect(errors.max).toBeGreaterThanOrEqual(0.3);
  expect(
    (await spark('[data-connector="dukcapil"] svg[data-spark="latency"]')).max,
  ).toBeGreaterThan(0);
  expect((await spark('#gateway svg[data-spark="requests"]')).max).toBeGreaterThan(0);
  // An agency without traffic has an empty line: no rate, zero calls.
  expect(await spark('[data-connector="bpkd"] svg[data-spark="errors"]')).toEqual({
    points: 0,
    max: 0,
    sum: 0,
  });
  expect((await spark('[data-connector="bpkd"] svg[data-spark="calls"]')).max).toBe(0);
  expect(
    await page.locator('[data-connector="pdam"] svg[data-spark="calls"] path').getAttribute('d'),
  ).toMatch(/^M[\d.]+ [\d.]+/);
  expect(await page.textContent('#services [data-field="cache store"]')).toBe('none: up');

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'operator-page.png'), fullPage: true });

  // Indonesian on the toggle, remembered across a reload.
  await page.click('#lang');
  expect(await page.textContent('#summary')).toBe(`1 dari ${agencies} instansi terganggu`);
  await page.reload();
  await page.waitForSelector('[data-connector="pdam"][data-health="degraded"]', {
    timeout: TWO_REFRESHES,
  });
  expect(await page.getAttribute('html', 'lang')).toBe('id');
  expect(await page.textContent('#summary')).toBe(`1 dari ${agencies} instansi terganggu`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'operator-page-id.png'), fullPage: true });

  // The inline script ran under the CSP, and nothing was fetched elsewhere.
  expect(problems).toEqual([]);
  expect(foreignRequests).toEqual([]);
}, 90_000);

it('answers in Indonesian to an Indonesian Accept-Language, under the same CSP', async () => {
  const res = await fetch(`${gw.url}/status`, {
    headers: { 'accept-language': 'id-ID,id;q=0.9,en;q=0.8' },
  });
  expect(await res.text()).toContain('<html lang="id">');
  expect(res.headers.get('content-security-policy')).toBe(STATUS_PAGE_CSP);
  const en = await fetch(`${gw.url}/status`, { headers: { 'accept-language': 'en-US,en' } });
  expect(await en.text()).toContain('<html lang="en">');
});

it('counts the degraded agency in status.json', async () => {
  const body = (await (await fetch(`${gw.url}/status.json`)).json()) as {
    summary: { degraded: number; down: number; up: number };
    connectors: Array<{ name: string; health: string; reasons: string[]; history: unknown[] }>;
  };
  expect(body.summary).toMatchObject({ degraded: 1, down: 0 });
  const pdam = body.connectors.find((c) => c.name === 'pdam')!;
  expect(pdam.health).toBe('degraded');
  expect(pdam.reasons).toContain('error-rate');
  expect(pdam.history).toHaveLength(60);
});
