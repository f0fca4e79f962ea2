import type { Caller } from './caller';
import { RateLimitedError } from './errors';
import { RedisScript, withTimeout, type RedisScriptClient } from './redis-script';

/** A token bucket: `capacity` requests at once, refilled at `refillPerSecond`. */
export interface BucketPolicy {
  capacity: number;
  refillPerSecond: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** When refused: seconds until one token is back (at least 1). 0 when allowed. */
  retryAfterSeconds: number;
  /** Which store decided: the shared Redis bucket, or this process's own. */
  source: 'redis' | 'memory';
}

/** Takes one token per request from a client's bucket. */
export interface RateLimiter {
  take(key: string, policy: BucketPolicy): Promise<RateLimitDecision>;
}

/**
 * Throws RateLimitedError (HTTP 429, Retry-After) when the caller's bucket is empty. Buckets
 * are per identity (`key:<id>`, `jwt:<issuer>:<id>`), never per bare client id.
 */
export async function enforceRateLimit(
  limiter: RateLimiter,
  caller: Caller,
  policy: BucketPolicy,
): Promise<RateLimitDecision> {
  const decision = await limiter.take(caller.identity, policy);
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
  return decision;
}

const retryAfter = (missing: number, perSecond: number) =>
  Math.max(1, Math.ceil(missing / perSecond));

/** Options of `MemoryRateLimiter`. */
export interface MemoryRateLimiterOptions {
  /** Buckets kept (least recently used dropped first: a dropped bucket starts full). Default: 10 000. */
  maxKeys?: number;
  /** Clock in ms. Default: `Date.now`. */
  now?: () => number;
}

/** This process's buckets: the limiter without Redis, and the fallback when Redis fails. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: MemoryRateLimiterOptions = {}) {
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async take(key: string, policy: BucketPolicy): Promise<RateLimitDecision> {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: policy.capacity, at: now };
    this.buckets.delete(key);
    const tokens = Math.min(
      policy.capacity,
      bucket.tokens + ((now - bucket.at) / 1000) * policy.refillPerSecond,
    );
    const allowed = tokens >= 1;
    const left = allowed ? tokens - 1 : tokens;
    this.buckets.set(key, { tokens: left, at: now });
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return {
      allowed,
      remaining: Math.floor(left),
      retryAfterSeconds: allowed ? 0 : retryAfter(1 - tokens, policy.refillPerSecond),
      source: 'memory',
    };
  }
}

// Refill and take atomically; Redis's own clock (TIME) so every gateway instance agrees.
// Returns {allowed, tokens left (string: Lua numbers become integers otherwise), wait ms}.
const TAKE = new RedisScript(`
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2]) / 1000
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then tokens = capacity; at = now end
tokens = math.min(capacity, tokens + math.max(0, now - at) * per_ms)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) / per_ms)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / per_ms) + 1000)
return {allowed, tostring(tokens), wait}
`);

/** Options of `RedisRateLimiter`. */
export interface RedisRateLimiterOptions {
  /** Key prefix of the buckets. Default: `ratelimit:`. */
  prefix?: string;
  /** Longest wait for Redis before deciding locally. Default: 100 ms. */
  timeoutMs?: number;
  /** After a Redis failure, decide locally for this long before trying Redis again. Default: 1000 ms. */
  cooldownMs?: number;
  /**
   * Gateway instances sharing the Redis buckets (`GATEWAY_INSTANCES`). While Redis fails, the
   * local bucket gets 1/instances of the policy (capacity and refill, at least 1 token), so
   * that N instances together admit one budget, not N. Default 1.
   */
  instances?: number;
  /** The local limiter used while Redis fails. Default: a new `MemoryRateLimiter`. */
  fallback?: RateLimiter;
  /** Told of each Redis failure (for a log line or metric); must not throw. Default: nothing. */
  onError?: (err: unknown) => void;
  /** Clock in ms (for the cooldown). Default: `Date.now`. */
  now?: () => number;
}

/**
 * Buckets shared by every gateway instance through Redis (one atomic Lua script per request).
 * When Redis is slow or down it FAILS OPEN, quickly and bounded: after `timeoutMs` at most (at
 * once while the shared Redis breaker is open), the request is decided by this process's own
 * bucket holding its share (1/`instances`) of the policy, and Redis is left alone for
 * `cooldownMs`. A dead Redis therefore never blocks or refuses a request, and clients are
 * still limited per instance. (Failing closed would turn a cache outage into an API outage.)
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly cooldownMs: number;
  private readonly fallback: RateLimiter;
  private readonly onError: (err: unknown) => void;
  private readonly now: () => number;
  private readonly instances: number;
  private skipUntil = 0;

  constructor(
    private readonly client: RedisScriptClient,
    options: RedisRateLimiterOptions = {},
  ) {
    this.prefix = options.prefix ?? 'ratelimit:';
    this.timeoutMs = options.timeoutMs ?? 100;
    this.cooldownMs = options.cooldownMs ?? 1000;
    this.fallback = options.fallback ?? new MemoryRateLimiter();
    this.onError = options.onError ?? (() => undefined);
    this.now = options.now ?? Date.now;
    this.instances = Math.max(1, Math.floor(options.instances ?? 1));
  }

  async take(key: string, policy: BucketPolicy): Promise<RateLimitDecision> {
    if (this.now() < this.skipUntil) return this.fallback.take(key, this.localShare(policy));
    try {
      const reply = await withTimeout(
        TAKE.run(this.client, [this.prefix + key], [policy.capacity, policy.refillPerSecond]),
        this.timeoutMs,
        'rate limit',
      );
      const [allowed, tokens, waitMs] = reply as [number, string, number];
      return {
        allowed: allowed === 1,
        remaining: Math.floor(Number(tokens)),
        retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(waitMs / 1000)),
        source: 'redis',
      };
    } catch (err) {
      this.skipUntil = this.now() + this.cooldownMs;
      try {
        this.onError(err);
      } catch {
        /* an observer must not turn a fail-open into a failure */
      }
      return this.fallback.take(key, this.localShare(policy));
    }
  }

  /** This instance's share of a client's budget while the shared buckets are out of reach. */
  private localShare(policy: BucketPolicy): BucketPolicy {
    if (this.instances === 1) return policy;
    return {
      capacity: Math.max(1, Math.floor(policy.capacity / this.instances)),
      refillPerSecond: policy.refillPerSecond / this.instances,
    };
  }
}
