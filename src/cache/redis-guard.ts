import { Cluster, Command, type Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Settings of the breaker every Redis client of the gateway shares. */
export interface RedisGuardOptions {
  /**
   * Consecutive command failures (timeouts, refused connections, CLUSTERDOWN / TRYAGAIN /
   * LOADING / MASTERDOWN) that open the breaker. Default 3.
   */
  failureThreshold: number;
  /** Period of the health check (PING; Cluster: PING every master + CLUSTER INFO) (ms). Default 1000. */
  healthIntervalMs: number;
  /** Bound on one health check; slower counts as a hung Redis (ms). Default 500. */
  healthTimeoutMs: number;
}

export const DEFAULT_REDIS_GUARD_OPTIONS: Readonly<RedisGuardOptions> = Object.freeze({
  failureThreshold: 3,
  healthIntervalMs: 1_000,
  healthTimeoutMs: 500,
});

/** The error of a command refused because the Redis breaker is open (no byte was sent). */
export class RedisBreakerOpenError extends Error {
  readonly code = 'EREDISBREAKEROPEN';
  constructor(reason: string) {
    super(`Redis breaker open (${reason}): command not sent`);
  }
}

export interface RedisGuardHealth {
  /** False while the breaker is open (commands refused without being sent). */
  ok: boolean;
  /** Why it is open: "hung: PING timed out", "cluster_state:fail", "3 commands failed: ...". */
  reason?: string;
  /** Epoch ms of the last change. */
  since: number;
}

/** Replies that say Redis (or the Cluster) cannot serve now, unlike WRONGTYPE or NOSCRIPT. */
const UNAVAILABLE_REPLY = /^(CLUSTERDOWN|TRYAGAIN|LOADING|MASTERDOWN|BUSY)/;

/**
 * A breaker on Redis itself, shared by every client of the process (cache, rate limits, APQ,
 * audit): one gateway has one view of whether Redis answers. It sits in the clients'
 * `sendCommand`, the one funnel of every command (pipelines included), so no user can forget
 * it:
 *
 * - closed: commands pass; a reply or a business error (WRONGTYPE, NOSCRIPT) resets the
 *   failure count, a timeout / connection error / CLUSTERDOWN adds one; at `failureThreshold`
 *   it opens;
 * - open: commands are rejected at once with `RedisBreakerOpenError`, nothing is written to
 *   the socket, so a hung Redis costs a request nothing (the cache misses, the rate limiter
 *   decides locally);
 * - a health check runs every `healthIntervalMs` whatever the state, bounded by
 *   `healthTimeoutMs`: it opens the breaker when Redis hangs (SIGSTOP: the TCP connection
 *   stays "ready" but nothing answers) or the Cluster says `cluster_state:fail`, even with no
 *   traffic; and it is the probe that closes the breaker once Redis answers again.
 *
 * Commands sent while a connection is being (re)established (ioredis's ready check,
 * CLIENT SETNAME, ...) are never refused: reconnection must be able to finish.
 */
export class RedisGuard {
  private readonly options: RedisGuardOptions;
  private readonly log: Logger;
  private readonly clients: Array<{ client: Redis | Cluster; ping: () => Promise<unknown> }> = [];
  private failures = 0;
  private lastFailure = '';
  private openReason: string | undefined;
  private changedAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private closed = false;

  constructor(logger: Logger, options: Partial<RedisGuardOptions> = {}) {
    this.options = { ...DEFAULT_REDIS_GUARD_OPTIONS };
    for (const key of Object.keys(DEFAULT_REDIS_GUARD_OPTIONS) as Array<keyof RedisGuardOptions>) {
      const value = options[key];
      if (value !== undefined) this.options[key] = value;
    }
    if (this.options.failureThreshold < 1)
      throw new RangeError('RedisGuard: failureThreshold must be >= 1');
    this.log = logger.child({ component: 'redis-guard' });
  }

  /** True while commands are refused without being sent. */
  get isOpen(): boolean {
    return this.openReason !== undefined;
  }

  health(): RedisGuardHealth {
    return this.openReason === undefined
      ? { ok: true, since: this.changedAt }
      : { ok: false, reason: this.openReason, since: this.changedAt };
  }

  /** Puts `client`'s commands behind the breaker and starts the health check (once). */
  attach(client: Redis | Cluster): void {
    if (client instanceof Cluster) {
      const send = client.sendCommand.bind(client);
      client.sendCommand = (command, stream, node) => {
        // Not connected: ioredis refuses by itself (no offline queue); nothing to count.
        if (client.status !== 'ready') return send(command, stream, node);
        if (this.refuse(command)) return command.promise;
        const result = send(command, stream, node);
        this.observe(command);
        return result;
      };
      this.clients.push({ client, ping: () => this.checkCluster(client) });
    } else {
      const send = client.sendCommand.bind(client);
      client.sendCommand = (command, stream) => {
        if (client.status !== 'ready') return send(command, stream);
        if (this.refuse(command)) return command.promise;
        const result = send(command, stream);
        this.observe(command);
        return result;
      };
      // The probe goes around the breaker: it is what closes it.
      this.clients.push({
        client,
        ping: () => {
          const ping = new Command('ping');
          send(ping);
          return ping.promise;
        },
      });
    }
    // A (re)connection is the moment a breaker opened by the outage can close: check at once
    // rather than at the next tick.
    client.on('ready', () => void this.check());
    if (!this.timer && !this.closed) {
      this.timer = setInterval(() => void this.check(), this.options.healthIntervalMs);
      this.timer.unref();
    }
  }

  /** One health check now (also what the timer runs); resolves when it is decided. */
  async check(): Promise<void> {
    if (this.checking || this.closed) return;
    this.checking = true;
    try {
      const live = this.clients.filter((c) => c.client.status === 'ready');
      // Not connected: ioredis rejects commands at once by itself; readiness reports the
      // connection state. Nothing to probe.
      if (live.length === 0) return;
      try {
        await withTimeout(
          Promise.all(live.map((c) => c.ping())),
          this.options.healthTimeoutMs,
          'hung: no answer to the health check',
        );
        this.close_('health check answered');
      } catch (err) {
        this.open_(describe(err));
      }
    } finally {
      this.checking = false;
    }
  }

  /** Stops the health check (gateway shutdown). Commands keep flowing as if closed. */
  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.openReason = undefined;
  }

  private refuse(command: Command): boolean {
    if (this.openReason === undefined) return false;
    command.reject(new RedisBreakerOpenError(this.openReason));
    return true;
  }

  private observe(command: Command): void {
    command.promise.then(
      () => this.succeeded(),
      (err: unknown) => {
        if (err instanceof RedisBreakerOpenError) return;
        // A Redis error reply (ioredis's ReplyError, a name only: its type is untyped) is an
        // answer, unless it says the server or the Cluster cannot serve.
        if (
          err instanceof Error &&
          err.name === 'ReplyError' &&
          !UNAVAILABLE_REPLY.test(err.message)
        )
          this.succeeded();
        else this.failed(describe(err));
      },
    );
  }

  private succeeded(): void {
    this.failures = 0;
  }

  private failed(reason: string): void {
    this.failures++;
    this.lastFailure = reason;
    if (this.failures >= this.options.failureThreshold && this.openReason === undefined)
      this.open_(`${this.failures} commands failed, last: ${this.lastFailure}`);
  }

  private open_(reason: string): void {
    const wasOpen = this.openReason !== undefined;
    this.openReason = reason;
    if (wasOpen) return;
    this.changedAt = Date.now();
    this.log.warn({ reason }, 'Redis breaker open: commands short-circuited until Redis answers');
  }

  private close_(why: string): void {
    this.failures = 0;
    if (this.openReason === undefined) return;
    const openForMs = Date.now() - this.changedAt;
    this.openReason = undefined;
    this.changedAt = Date.now();
    this.log.info({ openForMs, why }, 'Redis breaker closed: Redis answers again');
  }

  /**
   * Every master must answer PING and report `cluster_state:ok`: one hung master already
   * stalls a third of the keys. While unhealthy, the slot map is refreshed so that a failover
   * (a replica promoted) is seen and the dead master dropped.
   */
  private async checkCluster(cluster: Cluster): Promise<void> {
    const masters = cluster.nodes('master');
    if (masters.length === 0) throw new Error('no master known');
    try {
      await Promise.all(
        masters.map(async (node) => {
          await node.ping();
          const info = String(await node.call('CLUSTER', 'INFO'));
          const state = /cluster_state:(\w+)/.exec(info)?.[1];
          if (state !== 'ok') throw new Error(`cluster_state:${state ?? 'unknown'}`);
        }),
      );
    } catch (err) {
      cluster.refreshSlotsCache();
      throw err;
    }
  }
}

/** A short reason without keys or values (errors of ioredis name the command at most). */
function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const first = message.split('\n')[0] ?? '';
  return first.length > 120 ? `${first.slice(0, 117)}...` : first;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  // The late result (or rejection) of the probe is ignored.
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
