import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/gateway';
import { launchChromium, type TestBrowser } from '../support/browser';
import { waitFor } from '../support/wait';
import type { TaxObject } from '../../mocks/data/dataset';
import { bankOf, expectLedgerMatchesBank } from '../payments/bank-vs-ledger';

// The reference counter console, built for production, in Chromium against the real gateway
// and mock agencies. It is served on its own loopback origin with /graphql forwarded to the
// gateway, as Vite's dev proxy (or a reverse proxy in front of both) does.

const CONSOLE = path.resolve(__dirname, '../../examples/counter-console');
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

let gw: TestGateway;
let dist: string;
let server: http.Server;
let base: string;
let context: BrowserContext;
let page: Page;
let browser: TestBrowser | undefined;
const problems: string[] = [];
const blocked: string[] = [];
/** The idempotency key of every PayPropertyTax request the page sent, in order. */
const payKeys: string[] = [];

function keyOf(body: string): string {
  const parsed = JSON.parse(body) as { variables?: { input?: { idempotencyKey?: string } } };
  return parsed.variables?.input?.idempotencyKey ?? '';
}

beforeAll(async () => {
  gw = await startTestGateway({
    env: {
      BPJS_KESEHATAN_BREAKER_ENABLED: 'false',
      BPJS_KESEHATAN_RETRIES: '0',
      PDAM_BREAKER_ENABLED: 'false',
      PDAM_RETRIES: '0',
      // PDAM data is fresh for 1 s, then served stale while PDAM fails.
      PDAM_CACHE_FRESH_S: '1',
      PDAM_CACHE_SWR_S: '0',
      PDAM_CACHE_STALE_IF_ERROR_S: '3600',
    },
  });
  dist = mkdtempSync(path.join(tmpdir(), 'mpp-console-'));
  const build = spawnSync(
    'npx',
    ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error'],
    {
      cwd: CONSOLE,
      env: { ...process.env, VITE_API_KEY: TEST_API_KEY },
      encoding: 'utf8',
    },
  );
  if (build.status !== 0) throw new Error(`console build failed: ${build.stderr}`);

  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/graphql') {
      const upstream = http.request(
        `${gw.url}/graphql`,
        { method: req.method, headers: { ...req.headers, host: new URL(gw.url).host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
      return;
    }
    const file = path.join(
      dist,
      url.pathname === '/' ? 'index.html' : path.normalize(url.pathname),
    );
    if (!file.startsWith(dist) || !existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  browser = await launchChromium({ width: 1100, height: 1400 });
  context = browser.context;
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname !== '127.0.0.1' && hostname !== 'localhost') {
      blocked.push(route.request().url());
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  page = browser.page;
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (request) => {
    const body = request.postData();
    if (request.url().endsWith('/graphql') && body?.includes('PayPropertyTax'))
      payKeys.push(keyOf(body));
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dist) rmSync(dist, { recursive: true, force: true });
  // A server that never started (setup failed) has nothing to close: no wait for a callback.
  if (server) await new Promise((resolve) => server.close(resolve));
  await gw?.stop();
});
afterEach(() => {
  for (const agency of Object.values(gw.mocks.agencies)) agency.faults.clear();
});

const section = (agency: string) => page.locator(`section[data-agency="${agency}"]`);

/** A fresh page (a new Apollo cache) searching one NIK. */
async function search(nik: string): Promise<void> {
  await page.goto(base);
  await page.getByLabel('NIK').fill(nik);
  await page.getByRole('button', { name: 'Cari' }).click();
  await section('pdam').waitFor({ timeout: 30_000 });
}

async function screenshot(name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}

describe('the counter console in Chromium', () => {
  it('refuses a mistyped NIK before asking the gateway', async () => {
    await page.goto(base);
    gw.resetCalls();
    await page.getByLabel('NIK').fill('1173 0501 0190 000');
    await page.getByRole('button', { name: 'Cari' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('16 angka');
    expect(gw.calls().dukcapil).toEqual({});
  });

  it('renders every agency section for a citizen with every service', async () => {
    const nik = gw.mocks.dataset.fixtures.everyServiceHeadNik;
    await search(nik);
    const identity = await section('dukcapil').innerText();
    expect(identity).toContain('Kartu Keluarga');
    expect(await section('dukcapil').locator('tbody tr').count()).toBe(5);
    await expect(section('bpjs-kesehatan').innerText()).resolves.toContain('Nomor kartu');
    await expect(section('bpjs-ketenagakerjaan').innerText()).resolves.toContain('Nomor KPJ');
    expect(await section('bpkd').locator('table').count()).toBe(2);
    await expect(section('pdam').innerText()).resolves.toContain('Sambungan');
    expect(await page.getByTestId('failed-agencies').count()).toBe(0);
    expect(await page.getByTestId('stale-badge').count()).toBe(0);
    await screenshot('counter-console.png');
  }, 60_000);

  it('shows the rest and a banner naming BPJS Kesehatan when it fails', async () => {
    // A citizen not looked up before: the gateway's cache holds nothing of theirs.
    gw.mocks.agencies['bpjs-kesehatan'].faults.set('*', { status: 503 });
    await search(gw.mocks.dataset.fixtures.premiumArrearsNik);
    await expect(page.getByTestId('failed-agencies').innerText()).resolves.toContain(
      'BPJS Kesehatan',
    );
    await expect(section('bpjs-kesehatan').innerText()).resolves.toContain('Tidak dapat dimuat');
    await expect(section('dukcapil').innerText()).resolves.toContain('Kartu Keluarga');
    for (const agency of ['dukcapil', 'bpjs-ketenagakerjaan', 'bpkd', 'pdam'])
      await expect(section(agency).innerText()).resolves.not.toContain('Tidak dapat dimuat');
    await screenshot('counter-console-bpjs-kesehatan-down.png');
  }, 60_000);

  it('badges PDAM data served stale while PDAM fails', async () => {
    const nik = gw.mocks.dataset.fixtures.arrearsNik;
    await search(nik);
    expect(await page.getByTestId('stale-badge').count()).toBe(0);
    await new Promise((r) => setTimeout(r, 1_200));
    gw.mocks.agencies.pdam.faults.set('*', { status: 503 });
    await search(nik);
    await section('pdam').getByTestId('stale-badge').waitFor({ timeout: 30_000 });
    await expect(section('pdam').innerText()).resolves.toContain('Sambungan');
    expect(await page.getByTestId('failed-agencies').count()).toBe(0);
    await screenshot('counter-console-stale.png');
    expect(blocked).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('paying PBB-P2 at the counter (Bayar)', () => {
  const fixtureNiks = () => new Set(Object.values(gw.mocks.dataset.fixtures));
  const used = new Set<string>();
  /** A tax object with at least `years` unpaid years of a resident no other test looks up. */
  function taxObjectWithUnpaid(years: number): TaxObject {
    const { dataset } = gw.mocks;
    for (const obj of dataset.taxObjects.values()) {
      if (used.has(obj.ownerNik) || fixtureNiks().has(obj.ownerNik)) continue;
      if (!dataset.byNik.has(obj.ownerNik)) continue;
      if (obj.bills.filter((b) => !b.paid).length < years) continue;
      used.add(obj.ownerNik);
      return obj;
    }
    throw new Error(`no tax object with ${years} unpaid years left`);
  }
  const unpaidYears = (obj: TaxObject) => obj.bills.filter((b) => !b.paid).map((b) => b.year);
  const panel = (obj: TaxObject) => page.locator(`[data-nop="${obj.nop}"]`);
  /** The years the bill table of a tax object lists, as the page shows them now. */
  const listedYears = async (obj: TaxObject) =>
    (await panel(obj).locator('table').first().locator('tbody tr td:first-child').allInnerTexts())
      .map(Number)
      .filter(Number.isInteger);
  /** Leaves only `year` ticked (every unpaid year is ticked by default). */
  async function selectOnly(obj: TaxObject, year: number): Promise<void> {
    for (const other of unpaidYears(obj))
      if (other !== year) await panel(obj).getByLabel(`${other}:`).uncheck();
    expect(await panel(obj).getByLabel(`${year}:`).isChecked()).toBe(true);
  }
  const paymentsTo = (obj: TaxObject) =>
    bank().biller.payments.filter((p) => p.nop === obj.nop && !p.reversed);
  const bank = () => bankOf(gw.mocks);
  const signedOn = () =>
    waitFor(
      'the bank link to sign on',
      () => gw.gateway.payments?.channel.state().signedOn,
      20_000,
    );

  beforeAll(signedOn);
  afterEach(async () => {
    bank().clearBankFaults();
    await page.unrouteAll();
  });
  afterAll(async () => {
    await expectLedgerMatchesBank([gw.gateway.payments!.ledger.db], bank());
  });

  it('a double click on Bayar pays one year once, shows the receipt, and the year leaves the bill list', async () => {
    const obj = taxObjectWithUnpaid(2);
    const [year, ...rest] = unpaidYears(obj);
    await search(obj.ownerNik);
    expect(await listedYears(obj)).toEqual(expect.arrayContaining(unpaidYears(obj)));
    // Every unpaid year is selected by default; the officer keeps one.
    for (const y of unpaidYears(obj))
      expect(await panel(obj).getByLabel(`${y}:`).isChecked()).toBe(true);
    await selectOnly(obj, year!);
    bank().calls.reset();
    payKeys.length = 0;

    await panel(obj).getByRole('button', { name: 'Bayar' }).dblclick();
    const receipt = panel(obj).getByTestId('receipt');
    await receipt.waitFor({ timeout: 30_000 });

    expect(bank().calls.get('payment')).toBe(1);
    const paid = paymentsTo(obj);
    expect(paid.map((p) => p.year)).toEqual([year]);
    const text = await receipt.innerText();
    expect(text).toContain(paid[0]!.ntp);
    expect(text).toContain(paid[0]!.ntb);
    expect(text).toContain(String(year));
    expect(await receipt.locator('tbody tr').count()).toBe(1);
    expect(new Set(payKeys).size).toBe(1);
    // The bills are read again: the paid year is gone, the others stay.
    await waitFor(
      'the paid year to leave the bill list',
      async () => !(await listedYears(obj)).includes(year!),
    );
    expect(await listedYears(obj)).toEqual(expect.arrayContaining(rest));
    // The receipt stays on the page, and the rest of the page too.
    await receipt.waitFor();
    await expect(section('pdam').innerText()).resolves.not.toContain('Tidak dapat dimuat');
    await screenshot('counter-console-receipt.png');
    expect(bank().calls.get('payment')).toBe(1);
  }, 90_000);

  it('a lost answer keeps the key: "Coba lagi" gets the receipt of the same payment, paid once', async () => {
    const obj = taxObjectWithUnpaid(1);
    const [year] = unpaidYears(obj);
    await search(obj.ownerNik);
    await selectOnly(obj, year!);
    // The gateway takes the payment, but its answer never reaches the browser.
    let dropped = 0;
    await page.route('**/graphql', async (route) => {
      if (dropped === 0 && route.request().postData()?.includes('PayPropertyTax')) {
        dropped++;
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.fallback();
    });
    bank().calls.reset();
    payKeys.length = 0;

    await panel(obj).getByRole('button', { name: 'Bayar' }).click();
    const alert = panel(obj).locator('[data-code="NO_ANSWER"]');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.innerText()).toContain('belum diketahui');
    expect(bank().calls.get('payment')).toBe(1);
    // The attempt is still open: its years cannot be changed.
    expect(await panel(obj).getByLabel(`${year}:`).isDisabled()).toBe(true);

    await panel(obj).getByRole('button', { name: 'Coba lagi' }).click();
    await panel(obj).getByTestId('receipt').waitFor({ timeout: 30_000 });
    expect(payKeys).toHaveLength(2);
    expect(payKeys[1]).toBe(payKeys[0]);
    expect(bank().calls.get('payment')).toBe(1);
    expect(paymentsTo(obj).map((p) => p.year)).toEqual([year]);
  }, 90_000);

  it('bank down: PAYMENT_UNAVAILABLE in Indonesian, nothing paid, the page stays; the next attempt has a new key', async () => {
    const obj = taxObjectWithUnpaid(2);
    const [year] = unpaidYears(obj);
    await search(obj.ownerNik);
    await selectOnly(obj, year!);
    bank().calls.reset();
    payKeys.length = 0;
    await bank().down();
    try {
      await panel(obj).getByRole('button', { name: 'Bayar' }).click();
      const alert = panel(obj).locator('[data-code="PAYMENT_UNAVAILABLE"]');
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.innerText()).toContain('tidak ada yang dibayar');
      expect(await alert.getAttribute('role')).toBe('alert');
    } finally {
      await bank().up();
    }
    expect(bank().calls.get('payment')).toBe(0);
    expect(paymentsTo(obj)).toEqual([]);
    expect(await listedYears(obj)).toContain(year);
    expect(await panel(obj).getByTestId('receipt').count()).toBe(0);
    for (const agency of ['dukcapil', 'bpkd', 'pdam'])
      await expect(section(agency).innerText()).resolves.not.toContain('Tidak dapat dimuat');
    await screenshot('counter-console-bank-down.png');

    // A final answer closes the attempt: paying again is a new attempt with a new key.
    await signedOn();
    await panel(obj).getByRole('button', { name: 'Bayar' }).click();
    await panel(obj).getByTestId('receipt').waitFor({ timeout: 30_000 });
    expect(payKeys).toHaveLength(2);
    expect(payKeys[1]).not.toBe(payKeys[0]);
    // The officer's choice survived the refusal: only the selected year was paid.
    expect(bank().calls.get('payment')).toBe(1);
    expect(paymentsTo(obj).map((p) => p.year)).toEqual([year]);
    expect(problems).toEqual([]);
    expect(blocked).toEqual([]);
  }, 90_000);
});
