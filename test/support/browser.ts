import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium: the browser tests never download one. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * The flags of a headless Chromium on a closed network: without the background-networking
 * ones it keeps trying Google's hosts, and those refused connections are noise in a test.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Installs Debian's chromium when missing and we can (root with apt-get), else names the fix. */
function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
  if (root && apt) {
    try {
      execSync(
        'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium',
        { stdio: 'ignore' },
      );
    } catch {
      /* reported below */
    }
  }
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found. Fix: sudo apt-get install -y chromium, then rerun.`);
}

export interface TestBrowser {
  context: BrowserContext;
  /** The context's first page. */
  page: Page;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile of its own. */
export async function launchChromium(viewport: {
  width: number;
  height: number;
}): Promise<TestBrowser> {
  ensureChromium();
  const profile = mkdtempSync(path.join(tmpdir(), 'mpp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
