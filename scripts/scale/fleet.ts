import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, portOpen, sleep, waitUntil } from './util';

const ROOT = path.resolve(__dirname, '../..');

/** One production gateway instance (a child process), restartable on its port. */
export class Instance {
  process: ChildProcess | undefined;
  readonly log: string[] = [];

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly command: string[],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const [bin, ...args] = this.command;
    const child = spawn(bin!, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => this.log.push(c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => this.log.push(c.toString('utf8')));
    this.process = child;
    try {
      await waitUntil(
        `gateway :${this.port} ready`,
        async () => {
          if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
          return (await this.readyz()).code === 200;
        },
        90_000,
        250,
      );
    } catch (err) {
      // What the instance said is the only clue (a refused setting names itself there).
      const said = this.log.join('').split('\n').slice(-15).join('\n');
      throw new Error(`gateway :${this.port} did not start: ${String(err)}\n${said}`);
    }
  }

  /** SIGTERM, and resolves with the exit code once the drain is over. */
  terminate(): Promise<number | null> {
    const child = this.process;
    if (!child || child.exitCode !== null) return Promise.resolve(child?.exitCode ?? null);
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    return exited;
  }

  kill(): void {
    this.process?.kill('SIGKILL');
  }

  async readyz(): Promise<{ code: number | 'down'; status?: string; degraded?: string[] }> {
    try {
      const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(1_000) });
      const body = (await res.json()) as { status?: string; degraded?: string[] };
      return { code: res.status, status: body.status, degraded: body.degraded };
    } catch {
      return { code: 'down' };
    }
  }

  /** Breaker transitions to "open" of one connector logged since `from` (log index). */
  breakerOpens(connector: string, from = 0): number {
    return this.log
      .slice(from)
      .join('')
      .split('\n')
      .filter(
        (l) =>
          l.includes('circuit breaker state changed') &&
          l.includes(`"connector":"${connector}"`) &&
          l.includes('"to":"open"'),
      ).length;
  }
}

/** nginx (Debian's) in front of the instances, from deploy/nginx/mpp-gateway.conf. */
export class Balancer {
  private process: ChildProcess | undefined;
  port = 0;

  constructor(private readonly dir: string) {}

  async start(instancePorts: number[]): Promise<void> {
    this.port = await freePort();
    mkdirSync(this.dir, { recursive: true });
    chmodSync(this.dir, 0o777);
    for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs']) {
      mkdirSync(path.join(this.dir, sub), { recursive: true });
      chmodSync(path.join(this.dir, sub), 0o777);
    }
    // The deployed file, with the loopback ports of this run: what is tested is what ships.
    let site = readFileSync(path.join(ROOT, 'deploy/nginx/mpp-gateway.conf'), 'utf8');
    site = site.replace(/^\s*server 127\.0\.0\.1:\d+ .*$/gm, '');
    site = site.replace(
      'upstream mpp_gateway {',
      `upstream mpp_gateway {\n${instancePorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n')}`,
    );
    site = site.replace('listen 8080;', `listen 127.0.0.1:${this.port};`);
    writeFileSync(path.join(this.dir, 'site.conf'), site);
    writeFileSync(
      path.join(this.dir, 'nginx.conf'),
      [
        'worker_processes 1;',
        `pid ${this.dir}/nginx.pid;`,
        `error_log ${this.dir}/logs/error.log warn;`,
        'events { worker_connections 1024; }',
        'http {',
        `  access_log ${this.dir}/logs/access.log;`,
        `  client_body_temp_path ${this.dir}/client_body;`,
        `  proxy_temp_path ${this.dir}/proxy;`,
        `  fastcgi_temp_path ${this.dir}/fastcgi;`,
        `  uwsgi_temp_path ${this.dir}/uwsgi;`,
        `  scgi_temp_path ${this.dir}/scgi;`,
        `  include ${this.dir}/site.conf;`,
        '}',
      ].join('\n'),
    );
    const test = spawnSync('nginx', ['-t', '-p', this.dir, '-c', `${this.dir}/nginx.conf`], {
      encoding: 'utf8',
    });
    if (test.status !== 0) throw new Error(`nginx -t failed: ${test.stderr}`);
    this.process = spawn(
      'nginx',
      ['-p', this.dir, '-c', `${this.dir}/nginx.conf`, '-g', 'daemon off;'],
      {
        stdio: 'ignore',
      },
    );
    await waitUntil('nginx', () => portOpen(this.port), 10_000);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    this.process?.kill('SIGQUIT');
    await sleep(200);
    this.process?.kill('SIGKILL');
  }
}
