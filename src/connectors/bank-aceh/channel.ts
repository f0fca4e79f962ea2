import net from 'node:net';
import type { Logger } from 'pino';
import { BankNoAnswerError, BankUnavailableError } from '../../payments/bank-port';
import { SYSTEM_CLOCK, type ChannelClock } from './clock';
import { decodeMessage, encodeMessage, message, type Iso8583Message } from './iso8583/codec';
import { Iso8583Error } from './iso8583/errors';
import { FrameReader, frame } from './iso8583/framing';
import { BJB_V17_PROFILE, type BankProfile } from './iso8583/profile';
import {
  answerMti,
  networkRequest,
  parseNetworkAnswer,
  requestMtiOf,
  transmissionDateTime,
  type NetworkFunction,
} from './messages';

export type ChannelLogger = Pick<Logger, 'debug' | 'info' | 'warn'>;

/** Reconnect delays: `initialMs · 2^(attempt-1)`, capped at `maxMs`, minus up to `jitter` of it. */
export interface BackoffOptions {
  /** Default 500. */
  initialMs: number;
  /** Default 30 000. */
  maxMs: number;
  /** Share (0..1) of each delay taken off at random, so many gateways do not reconnect in step. Default 0.5. */
  jitter: number;
}

export interface BankChannelOptions {
  host: string;
  port: number;
  /** Wire dialect. Default BJB v1.7 (4-digit ASCII length). */
  profile?: BankProfile;
  /** Default 5 000. */
  connectTimeoutMs?: number;
  /** How long the 0800 sign-on may take before the connection is dropped. Default 10 000. */
  signOnTimeoutMs?: number;
  /** Echo after this long without traffic (the switch's idle timeout minus 5 s). Default 25 000. */
  idleEchoMs?: number;
  /** An echo unanswered for this long drops the connection. Default 10 000. */
  echoTimeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** Default: the system clock with unref'd timers. */
  clock?: ChannelClock;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
  logger: ChannelLogger;
}

/** What operators see on the status page. No personal data. */
export interface ChannelState {
  connected: boolean;
  signedOn: boolean;
  lastSignOnAt: Date | null;
  lastEchoAt: Date | null;
  /** Requests sent and not yet answered or timed out (network messages included). */
  inFlight: number;
  /** Connections lost or refused since start. */
  reconnects: number;
  closed: boolean;
}

export interface SendOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

interface Pending {
  rrn: string | undefined;
  resolve(answer: Iso8583Message): void;
  reject(err: Error): void;
}

type Phase = 'idle' | 'connecting' | 'signing-on' | 'ready' | 'closed';

const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, jitter: 0.5 };
/** Keys of recently finished requests, to tell a late answer from an unknown one in the logs. */
const RECENT_LIMIT = 2_000;

/**
 * One persistent TCP connection to the bank switch. Signs on at connect, echoes when idle,
 * reconnects with jittered bounded backoff, and correlates many requests in flight by MTI +
 * STAN (+ RRN when the request has one). It never retries a request: a request either fails
 * before it is written (`BankUnavailableError`) or its answer may have been lost
 * (`BankNoAnswerError`).
 */
export class BankChannel {
  private readonly profile: BankProfile;
  private readonly clock: ChannelClock;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;
  private readonly log: ChannelLogger;

  private phase: Phase = 'idle';
  private socket: net.Socket | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly recent = new Map<string, 'timed-out' | 'answered'>();
  private attempt = 0;
  private networkStan = 0;
  private reconnectTimer: { cancel(): void } | undefined;
  private echoTimer: { cancel(): void } | undefined;
  private readyWaiters: Array<() => void> = [];
  private stats = {
    lastSignOnAt: null as Date | null,
    lastEchoAt: null as Date | null,
    reconnects: 0,
  };

  constructor(private readonly options: BankChannelOptions) {
    this.profile = options.profile ?? BJB_V17_PROFILE;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.random = options.random ?? Math.random;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.log = options.logger;
  }

  /** Starts connecting (and reconnecting until `close()`); does not wait. */
  start(): void {
    if (this.phase !== 'idle' || this.socket || this.reconnectTimer) return;
    this.connect();
  }

  state(): ChannelState {
    return {
      connected: this.phase === 'signing-on' || this.phase === 'ready',
      signedOn: this.phase === 'ready',
      lastSignOnAt: this.stats.lastSignOnAt,
      lastEchoAt: this.stats.lastEchoAt,
      inFlight: this.pending.size,
      reconnects: this.stats.reconnects,
      closed: this.phase === 'closed',
    };
  }

  /** Resolves once signed on; rejects with `BankUnavailableError` after `timeoutMs`. */
  whenSignedOn(timeoutMs: number): Promise<void> {
    if (this.phase === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = () => {
        timer.cancel();
        resolve();
      };
      const timer = this.clock.setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== waiter);
        reject(new BankUnavailableError('not signed on in time'));
      }, timeoutMs);
      this.readyWaiters.push(waiter);
    });
  }

  /**
   * Sends one request and waits for its answer. Throws `BankUnavailableError` when the request
   * was certainly not written (not signed on, aborted before sending, its MTI + STAN already in
   * flight) and `BankNoAnswerError` when it was written and no answer came (timeout, abort,
   * connection lost).
   */
  send(request: Iso8583Message, options: SendOptions): Promise<Iso8583Message> {
    if (this.phase !== 'ready') {
      return Promise.reject(new BankUnavailableError(`bank link not signed on (${this.phase})`));
    }
    return this.transmit(request, options);
  }

  /** Signs off (best effort) and closes; every request still in flight gets `BankNoAnswerError`. */
  async close(): Promise<void> {
    if (this.phase === 'closed') return;
    this.reconnectTimer?.cancel();
    this.reconnectTimer = undefined;
    this.echoTimer?.cancel();
    if (this.phase === 'ready') {
      try {
        await this.network('signOff', Math.min(this.options.echoTimeoutMs ?? 10_000, 2_000));
      } catch {
        // The switch forgets the session when the connection closes anyway.
      }
    }
    this.phase = 'closed';
    const socket = this.socket;
    if (socket) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      });
    }
    this.failAll('bank link closed');
  }

  // --- connection lifecycle --------------------------------------------------------------

  private connect(): void {
    this.reconnectTimer = undefined;
    if (this.phase === 'closed') return;
    this.phase = 'connecting';
    const socket = net.connect({ host: this.options.host, port: this.options.port });
    this.socket = socket;
    const reader = new FrameReader(this.profile.framing);
    const connectTimer = this.clock.setTimeout(() => {
      this.log.warn({ event: 'bank_connect_timeout' }, 'bank link: connect timed out');
      socket.destroy();
    }, this.options.connectTimeoutMs ?? 5_000);

    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.on('connect', () => {
      connectTimer.cancel();
      if (this.socket !== socket) return;
      this.phase = 'signing-on';
      void this.signOn(socket);
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.socket !== socket) return;
      this.onData(socket, reader, chunk);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.log.warn({ event: 'bank_socket_error', code: err.code }, 'bank link: socket error');
    });
    socket.on('close', () => {
      connectTimer.cancel();
      if (this.socket !== socket) return;
      this.onClosed();
    });
  }

  private async signOn(socket: net.Socket): Promise<void> {
    try {
      const { rc } = await this.network('signOn', this.options.signOnTimeoutMs ?? 10_000);
      if (this.socket !== socket) return;
      if (rc !== '00') {
        this.log.warn({ event: 'bank_sign_on_refused', rc }, 'bank link: sign-on refused');
        socket.destroy();
        return;
      }
      this.phase = 'ready';
      this.attempt = 0;
      this.stats.lastSignOnAt = this.clock.now();
      this.log.info({ event: 'bank_signed_on' }, 'bank link: signed on');
      this.scheduleEcho();
      const waiters = this.readyWaiters;
      this.readyWaiters = [];
      for (const w of waiters) w();
    } catch (err) {
      if (this.socket !== socket) return;
      this.log.warn(
        { event: 'bank_sign_on_failed', error: err instanceof Error ? err.name : 'unknown' },
        'bank link: sign-on failed',
      );
      socket.destroy();
    }
  }

  private onClosed(): void {
    this.socket = undefined;
    this.echoTimer?.cancel();
    this.echoTimer = undefined;
    this.failAll('connection lost before the answer');
    if (this.phase === 'closed') return;
    this.phase = 'idle';
    this.stats.reconnects += 1;
    this.attempt += 1;
    const base = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (this.attempt - 1));
    const delay = Math.round(base * (1 - this.backoff.jitter * this.random()));
    this.log.info(
      { event: 'bank_reconnect_scheduled', delayMs: delay, attempt: this.attempt },
      'bank link: reconnecting',
    );
    this.reconnectTimer = this.clock.setTimeout(() => this.connect(), delay);
  }

  /** Drops the connection (it reconnects): used when the stream can no longer be trusted. */
  private drop(socket: net.Socket, reason: string): void {
    this.log.warn(
      { event: 'bank_connection_dropped', reason },
      'bank link: dropping the connection',
    );
    socket.destroy();
  }

  private failAll(reason: string): void {
    for (const [key, p] of this.pending) {
      this.pending.delete(key);
      this.remember(key, 'timed-out');
      p.reject(new BankNoAnswerError(reason));
    }
  }

  // --- echo ------------------------------------------------------------------------------

  private scheduleEcho(): void {
    this.echoTimer?.cancel();
    if (this.phase !== 'ready') return;
    this.echoTimer = this.clock.setTimeout(
      () => void this.echo(),
      this.options.idleEchoMs ?? 25_000,
    );
  }

  private async echo(): Promise<void> {
    const socket = this.socket;
    if (!socket || this.phase !== 'ready') return;
    try {
      const { rc } = await this.network('echo', this.options.echoTimeoutMs ?? 10_000);
      if (rc === '00') this.stats.lastEchoAt = this.clock.now();
      else
        this.log.warn({ event: 'bank_echo_rc', rc }, 'bank link: echo answered with an error code');
    } catch {
      if (this.socket === socket) this.drop(socket, 'echo unanswered');
    }
  }

  private async network(fn: NetworkFunction, timeoutMs: number): Promise<{ rc: string }> {
    this.networkStan = (this.networkStan % 999_999) + 1;
    const stan = String(this.networkStan).padStart(6, '0');
    const answer = await this.transmit(networkRequest(fn, stan, this.clock.now()), { timeoutMs });
    return parseNetworkAnswer(answer);
  }

  // --- requests and answers --------------------------------------------------------------

  private transmit(request: Iso8583Message, options: SendOptions): Promise<Iso8583Message> {
    const socket = this.socket;
    const stan = request.fields.get(11);
    if (!socket || !stan) {
      return Promise.reject(
        new BankUnavailableError(socket ? 'request has no STAN' : 'bank link not connected'),
      );
    }
    if (options.signal?.aborted)
      return Promise.reject(new BankUnavailableError('aborted before sending'));
    const key = `${request.mti}:${stan}`;
    if (this.pending.has(key)) {
      return Promise.reject(
        new BankUnavailableError('a request with this STAN is already in flight'),
      );
    }
    // Encoding errors are the caller's bug and happen before anything is written.
    const bytes = frame(encodeMessage(request, this.profile.fields), this.profile.framing);

    return new Promise<Iso8583Message>((resolve, reject) => {
      const finish = (outcome: 'answered' | 'timed-out') => {
        timer.cancel();
        options.signal?.removeEventListener('abort', onAbort);
        this.pending.delete(key);
        this.remember(key, outcome);
      };
      const giveUp = (reason: string) => {
        if (this.pending.get(key) !== entry) return;
        finish('timed-out');
        reject(new BankNoAnswerError(reason));
      };
      const onAbort = () => giveUp('aborted while waiting for the answer');
      const timer = this.clock.setTimeout(
        () => giveUp('no answer from the bank in time'),
        options.timeoutMs,
      );
      const entry: Pending = {
        rrn: request.fields.get(37),
        resolve: (answer) => {
          finish('answered');
          resolve(answer);
        },
        reject: (err) => {
          timer.cancel();
          options.signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(key, entry);
      socket.write(bytes);
      this.scheduleEcho();
    });
  }

  private onData(socket: net.Socket, reader: FrameReader, chunk: Buffer): void {
    let bodies: string[];
    try {
      bodies = reader.push(chunk);
    } catch (err) {
      this.drop(socket, err instanceof Iso8583Error ? err.code : 'framing error');
      return;
    }
    for (const body of bodies) {
      let msg: Iso8583Message;
      try {
        msg = decodeMessage(body, this.profile.fields);
      } catch (err) {
        // A garbled frame: its fields cannot be trusted, nor what follows it on this stream.
        this.drop(socket, err instanceof Iso8583Error ? err.code : 'decode error');
        return;
      }
      this.onMessage(socket, msg);
      if (this.socket !== socket) return;
    }
    this.scheduleEcho();
  }

  private onMessage(socket: net.Socket, msg: Iso8583Message): void {
    const stan = msg.fields.get(11);
    if (msg.mti === '0800' && stan) {
      // The switch may echo us too; answer in kind.
      const answer = message(answerMti(msg.mti), {
        7: transmissionDateTime(this.clock.now()),
        11: stan,
        39: '00',
        70: msg.fields.get(70),
      });
      socket.write(frame(encodeMessage(answer, this.profile.fields), this.profile.framing));
      return;
    }
    const requestMti = requestMtiOf(msg.mti);
    if (!requestMti || !stan) {
      this.log.warn(
        { event: 'bank_unsolicited_message', mti: msg.mti },
        'bank link: unsolicited message dropped',
      );
      return;
    }
    const key = `${requestMti}:${stan}`;
    const pending = this.pending.get(key);
    if (!pending) {
      const seen = this.recent.get(key);
      const event =
        seen === 'timed-out'
          ? 'bank_late_answer'
          : seen === 'answered'
            ? 'bank_duplicate_answer'
            : 'bank_unknown_answer';
      this.log.warn(
        { event, mti: msg.mti, stan, rc: msg.fields.get(39) },
        'bank link: answer without a waiting request dropped',
      );
      return;
    }
    const rrn = msg.fields.get(37);
    if (pending.rrn !== undefined && rrn !== undefined && rrn !== pending.rrn) {
      this.log.warn(
        { event: 'bank_rrn_mismatch', mti: msg.mti, stan },
        'bank link: answer RRN differs, dropped',
      );
      return;
    }
    pending.resolve(msg);
  }

  private remember(key: string, outcome: 'timed-out' | 'answered'): void {
    this.recent.delete(key);
    this.recent.set(key, outcome);
    if (this.recent.size > RECENT_LIMIT) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }
}
