// Starts a real redis-server on a free loopback port for the whole test run. Tests read its
// URL from REDIS_TEST_URL. Installs Debian's redis-server when missing and we can (root + apt).
const { spawn, execSync, spawnSync } = require('node:child_process');
const net = require('node:net');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function ensureRedis() {
  let bin = which('redis-server');
  if (bin) return bin;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && which('apt-get')) {
    process.stderr.write('redis-server missing: installing Debian package redis-server...\n');
    try {
      execSync(
        'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server',
        { stdio: 'inherit' },
      );
    } catch {
      /* reported below */
    }
    bin = which('redis-server');
    if (bin) return bin;
  }
  throw new Error(
    'redis-server not found. Fix: sudo apt-get install -y redis-server (Debian/Ubuntu), then rerun npm test.',
  );
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForPort(port, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not listen on port ${port} within ${ms} ms`);
}

module.exports = async function globalSetup() {
  const bin = ensureRedis();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpp-redis-'));
  const child = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    {
      stdio: 'ignore',
      detached: false,
    },
  );
  await waitForPort(port, 10_000);
  process.env.REDIS_TEST_URL = `redis://127.0.0.1:${port}`;
  process.env.REDIS_TEST_BIN = bin;
  globalThis.__MPP_REDIS__ = { child, dir };
};
