import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, waitFor } from './wait';

const ROOT = path.resolve(__dirname, '../..');

/** The real entry point (`src/main.ts`, production: no --dev) in a child process of the test. */
export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  /** The last `chars` characters the child wrote (stdout and stderr), for failure messages. */
  tail(chars?: number): string;
  /** `kill -9`: no drain, no shutdown hooks. Resolves once the child is gone. */
  crash(): Promise<void>;
}

/**
 * Spawns the gateway with exactly `env` (plus PATH, HOST and a free PORT) and waits for
 * /readyz 200; a child that exits first fails with its output. Every child's output is
 * consumed (collected), so no pipe fills up and a failure can show the child's last lines.
 */
export async function spawnGateway(
  env: Record<string, string>,
  readyTimeoutMs = 60_000,
): Promise<GatewayProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const proc: GatewayProcess = {
    url,
    child,
    tail: (chars = 3_000) => output.join('').slice(-chars),
    async crash() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  try {
    await waitFor(
      'the gateway to be ready',
      async () =>
        child.exitCode !== null ||
        (await fetch(`${url}/readyz`).then(
          (r) => r.status === 200,
          () => false,
        )),
      readyTimeoutMs,
      100,
    );
  } catch (err) {
    await proc.crash();
    throw new Error(`${String(err)}; output: ${proc.tail()}`);
  }
  if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${proc.tail()}`);
  return proc;
}
