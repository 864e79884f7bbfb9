import type { OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '@anime/platform-observability';



export interface ClientRateLimiterOptions {
  /** Requests per window per client. */
  points: number;
  windowS: number;
  /** Set = counters in Redis, shared by every replica using the same `keyPrefix`. */
  redisUrl?: string;
  keyPrefix: string;
  logger: Logger;
  /** How long one Redis call may take before the in-memory limiter answers instead. */
  redisCommandTimeoutMs?: number;
  /** Once a client spends more than `points`, refuse it for this long (lock-out), not just to the window's end. */
  blockDurationS?: number;
  /** Use this limiter's Redis connection instead of opening one (limiters of one gateway share a connection). */
  shareConnectionOf?: ClientRateLimiter;
}

/** The outcome of one request against a client's budget. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Until the window resets (allowed) or until a retry can succeed (refused). */
  resetMs: number;
}

/** `redis://user:secret@host` → `redis://user:***@host`, for logs. */
const redactUrl = (url: string): string => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

/**
 * Fixed-window request budget per client key (rate-limiter-flexible): in memory for the embedded
 * mode, in Redis when a URL is given so replicas share one budget. Redis trouble never takes the
 * API down: `rejectIfRedisNotReady` + a short command timeout hand each call to the in-memory
 * `insuranceLimiter` at once, and state changes of the connection are logged (not every call).
 */
export class ClientRateLimiter implements OnApplicationShutdown {
  readonly backend: 'memory' | 'redis';
  private readonly limiter: RateLimiterAbstract;
  private readonly redis?: Redis;
  private redisHealthy = true;

  private readonly ownsConnection: boolean;

  constructor(private readonly options: ClientRateLimiterOptions) {
    const base = { points: options.points, duration: options.windowS, keyPrefix: options.keyPrefix, ...(options.blockDurationS ? { blockDuration: options.blockDurationS } : {}) };
    const shared = options.shareConnectionOf?.redis;
    if (shared) {
      this.backend = 'redis';
      this.ownsConnection = false;
      this.redis = shared;
      this.limiter = new RateLimiterRedis({ ...base, storeClient: shared, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(base) });
      return;
    }
    this.ownsConnection = true;
    if (!options.redisUrl) {
      this.backend = 'memory';
      this.limiter = new RateLimiterMemory(base);
      return;
    }
    this.backend = 'redis';
    const target = redactUrl(options.redisUrl);
    const redis = new Redis(options.redisUrl, {
      // Fail fast instead of queueing while disconnected: the insurance limiter answers meanwhile.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: options.redisCommandTimeoutMs ?? 500,
      retryStrategy: (times) => Math.min(times * 200, 5_000),
    });
    redis.on('ready', () => {
      if (!this.redisHealthy) options.logger.info({ redis: target }, 'rate limiter redis reachable again; shared limits restored');
      this.redisHealthy = true;
    });
    // ioredis repeats 'error' on every reconnect attempt; log the transition only.
    redis.on('error', (error: Error) => {
      if (this.redisHealthy) options.logger.warn({ redis: target, err: error.message }, 'rate limiter redis unreachable; using in-memory limits per replica');
      this.redisHealthy = false;
    });
    this.redis = redis;
    this.limiter = new RateLimiterRedis({
      ...base,
      storeClient: redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(base),
    });
  }

  /** Spends `points` (default one request) of `client`'s budget; refused whole when it has fewer left. */
  async consume(client: string, points = 1): Promise<RateLimitDecision> {
    const limit = this.options.points;
    try {
      const res = await this.limiter.consume(client, points);
      return { allowed: true, limit, remaining: res.remainingPoints, resetMs: res.msBeforeNext };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        // A refused request spends nothing: a batch bigger than what is left must not burn the
        // rest of the window (the client is still refused until enough points are back).
        if (points > 1) await this.limiter.reward(client, points).catch(() => undefined);
        return { allowed: false, limit, remaining: Math.max(0, limit - (rejection.consumedPoints - (points > 1 ? points : 0))), resetMs: Math.max(rejection.msBeforeNext, 1) };
      }
      throw rejection; // not reachable with an insurance limiter; a memory limiter does not fail
    }
  }

  /**
   * Counts one failure against `client` (e.g. a wrong admin key); the one that reaches `points`
   * locks it out for `blockDurationS` from now.
   */
  async penalize(client: string): Promise<void> {
    const res = await this.limiter.penalty(client, 1).catch(() => undefined);
    if (res && res.consumedPoints >= this.options.points && this.options.blockDurationS) await this.limiter.block(client, this.options.blockDurationS).catch(() => undefined);
  }

  /** Whether `client` is refused right now (spent its budget, or locked out), without spending anything. */
  async refusedFor(client: string): Promise<number | undefined> {
    const res = await this.limiter.get(client).catch(() => null);
    if (!res || res.consumedPoints < this.options.points) return undefined;
    return Math.max(res.msBeforeNext, 1);
  }

  async close(): Promise<void> {
    if (this.ownsConnection && this.redis && this.redis.status !== 'end') this.redis.disconnect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
