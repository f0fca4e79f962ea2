/**
 * A real PostgreSQL server for a test file: initdb in a temporary directory, a free loopback
 * port, the socket in the same directory, stopped and deleted in teardown. As root it runs as
 * user `postgres` (via runuser) and installs Debian's `postgresql` with apt when missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, waitFor } from './wait';

export interface TestPostgres {
  /** URL of the `postgres` database (superuser, trust auth on loopback). */
  url: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function findBinDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

function ensureBinDir(): string {
  let dir = findBinDir();
  if (dir) return dir;
  if (isRoot() && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0) {
    process.stderr.write('postgresql missing: installing Debian package postgresql...\n');
    spawnSync(
      'sh',
      [
        '-c',
        'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql',
      ],
      {
        stdio: 'inherit',
      },
    );
    dir = findBinDir();
    if (dir) return dir;
  }
  throw new Error(
    'PostgreSQL not found. Fix: sudo apt-get install -y postgresql (Debian/Ubuntu), then rerun the tests.',
  );
}

function run(bin: string, args: string[]): void {
  const [cmd, cmdArgs] = isRoot()
    ? ['runuser', ['-u', 'postgres', '--', bin, ...args]]
    : [bin, args];
  execFileSync(cmd, cmdArgs, { stdio: 'pipe' });
}

export async function startPostgres(): Promise<TestPostgres> {
  const binDir = ensureBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'mpp-pg-'));
  const data = join(dir, 'data');
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  run(join(binDir, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-locale',
  ]);
  const port = await freePort();
  run(join(binDir, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    'start',
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitFor(
    'postgres to accept connections',
    async () => {
      const c = new Client({ connectionString: url });
      try {
        await c.connect();
        return true;
      } catch {
        return false;
      } finally {
        await c.end().catch(() => undefined);
      }
    },
    15_000,
    100,
  );
  return {
    url,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error('database name: lower case, digits, _');
      const c = new Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      try {
        run(join(binDir, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
