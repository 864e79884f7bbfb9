import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from '@anime/contracts';
import type { Logger } from '@anime/platform-observability';
import { realSleep, systemClock, type Clock, type Sleep } from './clock';
import { backoffFromHeaders, type HeadersLike, type UpstreamBackoff } from './rate-limit-headers';
import { resolveRateLimitPolicy, type RateLimitPolicy, type ResolvedRateLimitPolicy } from './rate-limit-policies';
import { resilienceMetrics, type ResilienceMetrics } from './resilience-metrics';
import { abortError } from './upstream-errors';

/** Settings of one source's limiter. */
export interface SourceLimiterOptions {
  source: string;
  policy: RateLimitPolicy;
  /** Given = distributed mode: windows and upstream blocks live in Redis, shared by every replica. */
  redis?: Redis;
  /** Redis key prefix (namespace per deployment or test run). Default `upstream-rl`. */
  keyPrefix?: string;
  /** Upper bound on a block an upstream asks for (guards against a garbled reset header). Default 15 min. */
  maxBlockMs?: number;
  clock?: Clock;
  sleep?: Sleep;
  registry?: Registry;
  logger?: Logger;
}

/** Per-call options of {@link SourceLimiter.acquire}. */
export interface AcquireOptions {
  /** Budget key within the source: the host for per-host policies. Default: one budget per source. */
  key?: string;
  signal?: AbortSignal;
  /** Overrides the policy's max wait for this call (e.g. a caller with a tight deadline). */
  maxWaitMs?: number;
}

const DEFAULT_KEY = 'all';
const BLOCK_SCRIPT = `local t = redis.call('pttl', KEYS[1])
if t < tonumber(ARGV[1]) then redis.call('set', KEYS[1], '1', 'PX', ARGV[1]) end
return 1`;

/**
 * The rate limiter of one upstream source: every window of its policy (e.g. Jikan 3/s AND 60/min)
 * must grant a token before a call goes out. In memory (`RateLimiterMemory`) in the embedded mode;
 * in Redis (`RateLimiterRedis`) when a client is given, so all replicas share one budget — with an
 * in-memory insurance limiter so a Redis outage degrades to per-replica limits instead of
 * blocking every upstream call. Callers wait for a token up to the max wait, then get
 * `RateLimitedError` with `retryAfterMs`. Upstream headers (`Retry-After`, `X-RateLimit-*`) fed to
 * {@link observe} block the whole source (all replicas in Redis mode) until the upstream's reset.
 */
export class SourceLimiter {
  readonly source: string;
  readonly mode: 'memory' | 'redis';
  readonly policy: ResolvedRateLimitPolicy;
  private readonly windows: RateLimiterAbstract[];
  private readonly localBlocks = new Map<string, number>();
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly prefix: string;
  private readonly maxBlockMs: number;
  private readonly metrics?: ResilienceMetrics;
  private redisBlocksHealthy = true;

  constructor(private readonly options: SourceLimiterOptions) {
    this.source = options.source;
    this.policy = resolveRateLimitPolicy(options.policy);
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.prefix = `${options.keyPrefix ?? 'upstream-rl'}:${options.source}`;
    this.maxBlockMs = options.maxBlockMs ?? 15 * 60_000;
    this.metrics = options.registry ? resilienceMetrics(options.registry) : undefined;
    this.mode = options.redis ? 'redis' : 'memory';
    this.windows = this.policy.windows.map(({ points, seconds }) => {
      // The window's shape is part of the key, so a changed policy never reads old counters.
      const base = { points, duration: seconds, keyPrefix: `${this.prefix}:${points}per${seconds}s` };
      return options.redis
        ? new RateLimiterRedis({ ...base, storeClient: options.redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(base) })
        : new RateLimiterMemory(base);
    });
  }

  /**
   * Waits until every window has a token (and no upstream block is active), then spends one in
   * each. Resolves with the time waited. Throws `RateLimitedError` at once when the next token
   * cannot come within the max wait (no pointless waiting), and the caller's abort error when
   * `signal` aborts meanwhile.
   */
  async acquire(options: AcquireOptions = {}): Promise<number> {
    const key = options.key ?? DEFAULT_KEY;
    const started = this.clock.now();
    const deadline = started + (options.maxWaitMs ?? this.policy.maxWaitMs);
    for (;;) {
      if (options.signal?.aborted) throw abortError(options.signal, this.source);
      const blocked = await this.blockedFor(key);
      const wait = blocked > 0 ? blocked : await this.tryConsume(key);
      const now = this.clock.now();
      if (wait === 0) {
        this.metrics?.limiterWaitSeconds.observe({ source: this.source }, (now - started) / 1000);
        return now - started;
      }
      if (now + wait > deadline) {
        this.metrics?.limiterRejections.inc({ source: this.source });
        const retryAfterMs = Math.ceil(wait);
        throw new RateLimitedError(`${this.source} rate limit reached${blocked > 0 ? ' (the upstream asked us to back off)' : ''}; retry in ${retryAfterMs} ms`, {
          retryAfterMs,
          details: { source: this.source, key, reason: blocked > 0 ? 'upstream-backoff' : 'local-limit', waitedMs: now - started },
        });
      }
      await this.sleep(wait, options.signal);
    }
  }

  /**
   * Adapts to an upstream response's headers (when the policy is adaptive): `Retry-After`, or
   * remaining 0 with a reset time, blocks the source until then. Returns what it applied.
   */
  async observe(headers: HeadersLike, options: { key?: string } = {}): Promise<UpstreamBackoff | undefined> {
    if (!this.policy.adaptive) return undefined;
    const backoff = backoffFromHeaders(headers, this.clock.now());
    if (!backoff) return undefined;
    await this.block(backoff.blockMs, { key: options.key, reason: backoff.reason });
    return backoff;
  }

  /** Holds every call for `key` for `ms` (capped by `maxBlockMs`); a longer existing block is kept. */
  async block(ms: number, options: { key?: string; reason?: UpstreamBackoff['reason'] } = {}): Promise<void> {
    const key = options.key ?? DEFAULT_KEY;
    const blockMs = Math.min(Math.ceil(ms), this.maxBlockMs);
    if (blockMs <= 0) return;
    this.metrics?.limiterBlocks.inc({ source: this.source, reason: options.reason ?? 'retry-after' });
    const until = this.clock.now() + blockMs;
    if ((this.localBlocks.get(key) ?? 0) < until) this.localBlocks.set(key, until);
    if (!this.options.redis) return;
    try {
      await this.options.redis.eval(BLOCK_SCRIPT, 1, this.blockKey(key), String(blockMs));
      this.redisHealthy(true);
    } catch (error) {
      this.redisHealthy(false, error);
    }
  }

  /** Milliseconds until an upstream-requested block on `key` ends (0 = not blocked). */
  async blockedFor(key: string = DEFAULT_KEY): Promise<number> {
    const localUntil = this.localBlocks.get(key);
    let local = 0;
    if (localUntil !== undefined) {
      local = Math.max(0, localUntil - this.clock.now());
      if (local === 0) this.localBlocks.delete(key);
    }
    if (!this.options.redis) return local;
    try {
      // PTTL is relative, so replicas with skewed clocks still agree on the block's end.
      const remote = await this.options.redis.pttl(this.blockKey(key));
      this.redisHealthy(true);
      return Math.max(local, remote);
    } catch (error) {
      this.redisHealthy(false, error);
      return local;
    }
  }

  private blockKey(key: string): string {
    return `${this.prefix}:block:${key}`;
  }

  /** Spends a token in every window, or refunds the ones taken and returns the wait (ms). */
  private async tryConsume(key: string): Promise<number> {
    for (let i = 0; i < this.windows.length; i++) {
      const window = this.windows[i] as RateLimiterAbstract;
      try {
        await window.consume(key, 1);
      } catch (rejection) {
        // Give back the tokens of the windows that said yes: the call is not going out now.
        await Promise.all(this.windows.slice(0, i).map((w) => w.reward(key, 1)));
        if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
        throw rejection;
      }
    }
    return 0;
  }

  private redisHealthy(healthy: boolean, error?: unknown): void {
    if (healthy === this.redisBlocksHealthy) return;
    this.redisBlocksHealthy = healthy;
    // Log the transition only (ioredis errors repeat on every command while down).
    if (healthy) this.options.logger?.info({ source: this.source }, 'rate limiter redis reachable again; upstream blocks shared again');
    else this.options.logger?.warn({ source: this.source, err: error instanceof Error ? error.message : String(error) }, 'rate limiter redis unreachable; upstream blocks kept per replica');
  }
}

/** Creates one source's limiter (see {@link SourceLimiter}). */
export function createSourceLimiter(options: SourceLimiterOptions): SourceLimiter {
  return new SourceLimiter(options);
}
