import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';

/** A child process the benchmark started, with its output kept for error reports. */
export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** Everything the process printed so far (stdout and stderr interleaved). */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** Every child still running, so that an interrupted benchmark leaves none behind. */
const running = new Set<ChildProcess>();
let handlersInstalled = false;

function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const proc of running) proc.kill('SIGKILL');
      process.exit(130);
    });
  }
}

/** Starts one process of ours (never a shell), capturing its output. */
export function startChild(options: StartOptions): Child {
  const proc = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (proc.pid === undefined)
    throw new Error(`${options.name}: could not start ${options.command}`);
  installSignalHandlers();
  running.add(proc);
  let out = '';
  // Keep the tail only: a gateway under load at LOG_LEVEL=warn can still print a lot.
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-64_000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) =>
    proc.once('exit', () => {
      running.delete(proc);
      resolve();
    }),
  );
  return {
    name: options.name,
    proc,
    pid: proc.pid,
    output: () => out,
    async stop(graceMs = 5_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` until it returns true; throws with `what` (and the child's output) after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  options: { timeoutMs?: number; child?: Child } = {},
): Promise<void> {
  const until = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < until) {
    if (options.child && options.child.proc.exitCode !== null)
      throw new Error(`${what}: ${options.child.name} exited early:\n${options.child.output()}`);
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`${what}: timed out${options.child ? `\n${options.child.output()}` : ''}`);
}

/** An HTTP GET that resolves with the status (any status) or rejects on a connection error. */
export async function httpStatus(url: string): Promise<number> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await res.arrayBuffer();
  return res.status;
}

/** A loopback port free right now (the kernel's pick). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The first base in [from, to) with `count` consecutive free loopback ports. */
export async function freePortRange(count: number, from = 47_100, to = 48_000): Promise<number> {
  for (let base = from; base + count <= to; base += count) {
    let ok = true;
    for (let i = 0; i < count && ok; i++) ok = await portFree(base + i);
    if (ok) return base;
  }
  throw new Error(`no ${count} consecutive free ports between ${from} and ${to}`);
}

/** Resident set size of a process in MB (VmRSS), or undefined once it is gone. */
export function rssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; `stop()` returns the peak (MB). */
export function sampleRss(pid: number, intervalMs = 100): { stop(): number } {
  let peak = rssMb(pid) ?? 0;
  const timer = setInterval(() => {
    const now = rssMb(pid);
    if (now !== undefined && now > peak) peak = now;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const now = rssMb(pid);
      return Math.max(peak, now ?? 0);
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
