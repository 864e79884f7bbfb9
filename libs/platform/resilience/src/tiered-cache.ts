import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Registry } from 'prom-client';
import type { Logger } from '@anime/platform-observability';
import { systemClock, type Clock } from './clock';
import { resilienceMetrics, type ResilienceMetrics } from './resilience-metrics';

/** What a cached upstream value is about; decides how long it stays fresh. */
export type CacheKind = 'airing' | 'schedule' | 'streaming' | 'metadata' | 'page';

/** Freshness of one kind: fresh for `ttlMs`, then kept `staleMs` longer to serve when the upstream fails. */
export interface KindTtl {
  ttlMs: number;
  staleMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * TTL per data kind. Airing/schedule data changes within hours (delays, new episodes), streaming
 * links change rarely, metadata and scraped pages almost never. The stale window is how long an
 * old value is still better than an error: a day-old airing time marked stale beats nothing.
 */
export const CACHE_TTL_BY_KIND: Readonly<Record<CacheKind, KindTtl>> = {
  airing: { ttlMs: 5 * MINUTE, staleMs: 6 * HOUR },
  schedule: { ttlMs: 15 * MINUTE, staleMs: DAY },
  streaming: { ttlMs: HOUR, staleMs: 2 * DAY },
  metadata: { ttlMs: 3 * DAY, staleMs: 30 * DAY },
  page: { ttlMs: 7 * DAY, staleMs: 30 * DAY },
};

/** One cached value with when it was fetched (epoch ms). Values must be JSON-serialisable. */
export interface CacheEntry<T = unknown> {
  value: T;
  fetchedAt: number;
  kind: CacheKind;
}

/** A lookup result: the entry and whether it is still within its kind's TTL. */
export interface CacheHit<T = unknown> {
  entry: CacheEntry<T>;
  fresh: boolean;
}

/** Settings of one source's cache. */
export interface TieredCacheOptions {
  /** Source name: namespaces the keys and labels the metrics. */
  source: string;
  /** Entries kept in process (LRU beyond that). Default 1000. */
  maxEntries?: number;
  /** Given = distributed mode: a second tier in Redis shared by every replica. */
  redis?: Redis;
  /** Redis key prefix (namespace per deployment or test run). Default `upstream-cache`. */
  keyPrefix?: string;
  /** Per-kind overrides of {@link CACHE_TTL_BY_KIND}. */
  ttl?: Partial<Record<CacheKind, KindTtl>>;
  clock?: Clock;
  registry?: Registry;
  logger?: Logger;
}

/**
 * Two-tier cache of upstream results: an LRU in process (lru-cache, bounded by entry count) in
 * front of Redis in the distributed mode, so one replica's fetch serves the others. Entries keep
 * living past their TTL for the kind's stale window so {@link SourceClient} can serve them when
 * the upstream fails. Redis failures never fail a lookup — they degrade to the process tier.
 * Treat returned values as immutable: the process tier hands out the stored object.
 */
export class TieredCache {
  readonly source: string;
  private readonly lru: LRUCache<string, CacheEntry>;
  private readonly clock: Clock;
  private readonly ttl: Readonly<Record<CacheKind, KindTtl>>;
  private readonly prefix: string;
  private readonly metrics?: ResilienceMetrics;
  private redisHealthy = true;

  constructor(private readonly options: TieredCacheOptions) {
    this.source = options.source;
    this.clock = options.clock ?? systemClock;
    this.ttl = { ...CACHE_TTL_BY_KIND, ...options.ttl };
    this.prefix = `${options.keyPrefix ?? 'upstream-cache'}:${options.source}:`;
    this.metrics = options.registry ? resilienceMetrics(options.registry) : undefined;
    // lru-cache reads time through `perf`, so the injected clock also drives hard expiry;
    // ttlResolution 0 stops it caching "now" behind a real 1 ms timer.
    this.lru = new LRUCache<string, CacheEntry>({
      max: options.maxEntries ?? 1000,
      ttlAutopurge: false,
      ttlResolution: 0,
      perf: { now: () => this.clock.now() },
    });
  }

  /** TTLs in effect for `kind`. */
  ttlFor(kind: CacheKind): KindTtl {
    return this.ttl[kind];
  }

  /**
   * The entry for `key` and whether it is fresh; undefined when absent or past its stale window.
   * A stale process-tier entry is re-checked in Redis, where another replica may have refreshed it.
   */
  async get<T = unknown>(key: string, kind?: CacheKind): Promise<CacheHit<T> | undefined> {
    let entry = this.lru.get(key) as CacheEntry<T> | undefined;
    // lru-cache keeps an entry up to and including its last millisecond; the stale window is half-open.
    if (entry && this.lifeLeft(entry) <= 0) {
      this.lru.delete(key);
      entry = undefined;
    }
    if ((!entry || !this.isFresh(entry)) && this.options.redis) {
      const remote = await this.readRedis<T>(key);
      if (remote && (!entry || remote.fetchedAt > entry.fetchedAt)) {
        entry = remote;
        this.storeLocal(key, remote);
      }
    }
    const result = entry ? { entry, fresh: this.isFresh(entry) } : undefined;
    this.metrics?.cacheLookups.inc({ source: this.source, kind: entry?.kind ?? kind ?? 'unknown', result: !result ? 'miss' : result.fresh ? 'fresh' : 'stale' });
    return result;
  }

  /** Stores `value` (fetched now unless `fetchedAt` says otherwise) in both tiers. */
  async set<T>(key: string, kind: CacheKind, value: T, fetchedAt: number = this.clock.now()): Promise<CacheEntry<T>> {
    const entry: CacheEntry<T> = { value, fetchedAt, kind };
    const lifeMs = this.lifeLeft(entry);
    if (lifeMs <= 0) return entry;
    this.storeLocal(key, entry);
    if (this.options.redis) {
      try {
        await this.options.redis.set(this.prefix + key, JSON.stringify(entry), 'PX', lifeMs);
        this.markRedis(true);
      } catch (error) {
        this.markRedis(false, error);
      }
    }
    return entry;
  }

  /** Removes `key` from both tiers. */
  async delete(key: string): Promise<void> {
    this.lru.delete(key);
    if (!this.options.redis) return;
    try {
      await this.options.redis.del(this.prefix + key);
    } catch (error) {
      this.markRedis(false, error);
    }
  }

  /** Entries in the process tier. */
  get size(): number {
    return this.lru.size;
  }

  private isFresh(entry: CacheEntry): boolean {
    return this.clock.now() < entry.fetchedAt + this.ttl[entry.kind].ttlMs;
  }

  private lifeLeft(entry: CacheEntry): number {
    const { ttlMs, staleMs } = this.ttl[entry.kind];
    return entry.fetchedAt + ttlMs + staleMs - this.clock.now();
  }

  private storeLocal(key: string, entry: CacheEntry): void {
    const lifeMs = this.lifeLeft(entry);
    if (lifeMs > 0) this.lru.set(key, entry, { ttl: lifeMs });
  }

  private async readRedis<T>(key: string): Promise<CacheEntry<T> | undefined> {
    const redis = this.options.redis;
    if (!redis) return undefined;
    let raw: string | null;
    try {
      raw = await redis.get(this.prefix + key);
      this.markRedis(true);
    } catch (error) {
      this.markRedis(false, error);
      return undefined;
    }
    if (raw === null) return undefined;
    let parsed: Partial<CacheEntry<T>>;
    try {
      parsed = JSON.parse(raw) as Partial<CacheEntry<T>>;
    } catch {
      return undefined;
    }
    // Written by another version? Anything not shaped like an entry is a miss, not a crash.
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.fetchedAt !== 'number' || typeof parsed.kind !== 'string' || !(parsed.kind in this.ttl) || !('value' in parsed)) {
      return undefined;
    }
    const entry = parsed as CacheEntry<T>;
    return this.lifeLeft(entry) > 0 ? entry : undefined;
  }

  private markRedis(healthy: boolean, error?: unknown): void {
    if (healthy === this.redisHealthy) return;
    this.redisHealthy = healthy;
    if (healthy) this.options.logger?.info({ source: this.source }, 'upstream cache redis reachable again');
    else this.options.logger?.warn({ source: this.source, err: error instanceof Error ? error.message : String(error) }, 'upstream cache redis unreachable; using the process tier only');
  }
}

/** Creates one source's cache (see {@link TieredCache}). */
export function createTieredCache(options: TieredCacheOptions): TieredCache {
  return new TieredCache(options);
}
