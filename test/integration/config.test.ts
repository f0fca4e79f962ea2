import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { registry } from '../../src/connectors/registry';

describe('configuration', () => {
  it('refuses to start in production without agency settings, naming each one', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production' }, registry);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of [
      'DUKCAPIL_BASE_URL',
      'DUKCAPIL_PASSWORD',
      'BPKD_BASE_URL',
      'PDAM_API_KEY',
      'BPJS_KESEHATAN_SECRET_KEY',
      'BPJS_KETENAGAKERJAAN_CLIENT_SECRET',
      'CACHE_HMAC_SECRET',
    ]) {
      expect(message).toContain(name);
    }
  });

  it('names a malformed setting', () => {
    const attempt = () =>
      loadConfig(
        { NODE_ENV: 'test', PORT: 'eighty', PDAM_BASE_URL: 'ftp://x', PDAM_TIMEOUT_MS: '-1' },
        registry,
        {},
      );
    expect(attempt).toThrow(/PORT: expected an integer/);
    expect(attempt).toThrow(/PDAM_TIMEOUT_MS: expected a non-negative integer/);
    expect(attempt).toThrow(/PDAM_BASE_URL: expected an http\(s\) URL/);
  });

  it('stops the production process at start-up with a message that names the missing setting', () => {
    const root = path.resolve(__dirname, '../..');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('DUKCAPIL_BASE_URL is required');
    // No mock agency started: nothing listened.
    expect(r.stdout).not.toContain('Identities to try');
  });
});
