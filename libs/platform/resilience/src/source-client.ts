import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { AppError } from '@anime/contracts';
import type { Logger } from '@anime/platform-observability';
import { BreakerGroup, SourceBreaker, type BreakerHealth, type BreakerOptions } from './circuit-breaker';
import { systemClock, type Clock } from './clock';
import { Coalescer } from './coalescer';
import { HttpClient, parseJsonBody, type HttpClientOptions, type HttpResponse, type QueryParams } from './http-client';
import { DEFAULT_RATE_LIMIT_POLICIES, type KnownSource, type RateLimitPolicy } from './rate-limit-policies';
import { resilienceMetrics, type ResilienceMetrics } from './resilience-metrics';
import { SourceLimiter } from './source-limiter';
import { TieredCache, type CacheKind, type KindTtl } from './tiered-cache';

/** The parts a {@link SourceClient} composes; each is configured per source. */
export interface SourceClientParts {
  source: string;
  http: HttpClient;
  /** One breaker for the source, or a group with one per host (scrapers). */
  breaker: SourceBreaker | BreakerGroup;
  limiter: SourceLimiter;
  cache: TieredCache;
  /** fetchedAt of new values. Default the wall clock. */
  clock?: Clock;
  registry?: Registry;
  logger?: Logger;
}

/** One read from a source. */
export interface SourceGetOptions<T> {
  /** Decides the TTL (see `CACHE_TTL_BY_KIND`). */
  kind: CacheKind;
  /** Turns the body (parsed JSON, or the text for `responseType: 'text'`) into the value; throw `UpstreamChangedError` (e.g. via `expectField`) when the shape is wrong. */
  parse: (body: unknown, response: HttpResponse) => T;
  query?: QueryParams;
  headers?: Readonly<Record<string, string>>;
  /** POST with a JSON body (GraphQL); the body is part of the cache key. */
  json?: unknown;
  responseType?: 'json' | 'text';
  signal?: AbortSignal;
  /** Skip a fresh cached value (still falls back to it if the upstream fails). */
  refresh?: boolean;
}

/** A value with its provenance. `stale` values come from the cache because the upstream failed. */
export interface SourceResult<T> {
  value: T;
  source: string;
  stale: boolean;
  /** True when no upstream call was made for this result. */
  cached: boolean;
  /** When the value was fetched from the upstream (ISO 8601). */
  fetchedAt: string;
  /** Why a stale value was served: the upstream failure, for the caller's `warnings`. */
  error?: AppError;
}

/** What `/health` shows for one source. */
export interface SourceClientHealth {
  source: string;
  breakers: BreakerHealth[];
  limiter: { mode: 'memory' | 'redis'; blockedForMs: number };
  cache: { entries: number };
  inFlight: number;
}

/**
 * A resilient upstream: `get` goes cache → coalescer → (per attempt: limiter → breaker → HTTP,
 * with retries) → parse → cache, and serves the last good value marked `stale` when the upstream
 * fails (any failure but NotFound and the caller's own cancellation). Errors propagate only when
 * there is nothing cached to fall back on.
 */
export class SourceClient {
  readonly source: string;
  private readonly coalescer: Coalescer;
  private readonly clock: Clock;
  private readonly metrics?: ResilienceMetrics;

  constructor(private readonly parts: SourceClientParts) {
    this.source = parts.source;
    this.clock = parts.clock ?? systemClock;
    this.metrics = parts.registry ? resilienceMetrics(parts.registry) : undefined;
    this.coalescer = new Coalescer(() => this.metrics?.coalescedCalls.inc({ source: this.source }));
  }

  /** GET `path` (or POST when `json` is given) through the whole kit. */
  async get<T>(path: string, options: SourceGetOptions<T>): Promise<SourceResult<T>> {
    const url = this.parts.http.url(path, options.query);
    const method = options.json === undefined ? 'GET' : 'POST';
    const key = cacheKey(method, url, options.json);
    const cached = await this.parts.cache.get<T>(key, options.kind);
    if (cached?.fresh && !options.refresh) return this.result(cached.entry.value, cached.entry.fetchedAt, { cached: true });
    try {
      const entry = await this.coalescer.run(key, (signal) => this.fetchAndStore(key, url, method, options, signal), { signal: options.signal });
      return this.result(entry.value, entry.fetchedAt, { cached: false });
    } catch (error) {
      if (!cached || !servesStale(error)) throw error;
      this.metrics?.cacheStaleServed.inc({ source: this.source, kind: options.kind });
      const failure = error instanceof AppError ? error : undefined;
      this.parts.logger?.warn({ source: this.source, code: failure?.code, err: (error as Error).message, fetchedAt: new Date(cached.entry.fetchedAt).toISOString() }, 'upstream failed; serving stale cached value');
      return this.result(cached.entry.value, cached.entry.fetchedAt, { cached: true, stale: true, error: failure });
    }
  }

  /** Breakers, limiter and cache state for `/health`. */
  async health(): Promise<SourceClientHealth> {
    const { breaker, limiter, cache } = this.parts;
    return {
      source: this.source,
      breakers: breaker instanceof BreakerGroup ? breaker.health() : [breaker.health()],
      limiter: { mode: limiter.mode, blockedForMs: await limiter.blockedFor() },
      cache: { entries: cache.size },
      inFlight: this.coalescer.inFlight,
    };
  }

  /** Stops breaker timers. The Redis connection belongs to the caller. */
  close(): void {
    this.parts.breaker.shutdown();
  }

  private async fetchAndStore<T>(key: string, url: URL, method: 'GET' | 'POST', options: SourceGetOptions<T>, signal: AbortSignal): Promise<{ value: T; fetchedAt: number }> {
    const { http, limiter } = this.parts;
    const host = url.host;
    const limiterKey = limiter.policy.perHost ? host : undefined;
    const breaker = this.parts.breaker instanceof BreakerGroup ? this.parts.breaker.forKey(host) : this.parts.breaker;
    const response = await http.request(url.toString(), {
      method,
      json: options.json,
      headers: options.responseType === 'text' ? options.headers : { accept: 'application/json', ...options.headers },
      signal,
      guard: async (attempt) => {
        await limiter.acquire({ key: limiterKey, signal });
        return breaker.execute(attempt);
      },
      onResponse: async (info) => {
        await limiter.observe(info.headers, { key: limiterKey });
      },
    });
    const body = options.responseType === 'text' ? response.body : parseJsonBody(this.source, response);
    const value = options.parse(body, response);
    const entry = await this.parts.cache.set(key, options.kind, value, this.clock.now());
    return { value, fetchedAt: entry.fetchedAt };
  }

  private result<T>(value: T, fetchedAt: number, flags: { cached: boolean; stale?: boolean; error?: AppError }): SourceResult<T> {
    const result: SourceResult<T> = { value, source: this.source, stale: flags.stale ?? false, cached: flags.cached, fetchedAt: new Date(fetchedAt).toISOString() };
    if (flags.error) result.error = flags.error;
    return result;
  }
}

/** Composes a {@link SourceClient} from its parts. */
export function createSourceClient(parts: SourceClientParts): SourceClient {
  return new SourceClient(parts);
}

/** Settings for {@link createDefaultSourceClient}: everything but source and base URL is optional. */
export interface DefaultSourceClientOptions {
  source: KnownSource | (string & {});
  baseUrl: string;
  /** Distributed mode: limiter windows, upstream blocks and the cache's second tier in Redis. */
  redis?: Redis;
  /** Namespace of this deployment's Redis keys (default `upstream`). */
  keyPrefix?: string;
  /** Default: `DEFAULT_RATE_LIMIT_POLICIES[source]`, else 1 request/s. */
  policy?: RateLimitPolicy;
  breaker?: Partial<Omit<BreakerOptions, 'name' | 'clock' | 'registry' | 'logger'>>;
  http?: Partial<Omit<HttpClientOptions, 'source' | 'baseUrl' | 'clock' | 'registry'>>;
  cache?: { maxEntries?: number; ttl?: Partial<Record<CacheKind, KindTtl>> };
  clock?: Clock;
  registry?: Registry;
  logger?: Logger;
}

/**
 * A {@link SourceClient} with this kit's defaults for `source`: its rate-limit policy (a breaker
 * per host when the policy is per host), 5-failure breaker with a 30 s reset, the TTL table,
 * the HTTP defaults. What a connector module calls with its `<SOURCE>_BASE_URL`.
 */
export function createDefaultSourceClient(options: DefaultSourceClientOptions): SourceClient {
  const { source, redis, registry, logger } = options;
  const clock = options.clock ?? systemClock;
  const prefix = options.keyPrefix ?? 'upstream';
  const policy: RateLimitPolicy = options.policy ?? (DEFAULT_RATE_LIMIT_POLICIES as Record<string, RateLimitPolicy>)[source] ?? { windows: [{ points: 1, seconds: 1 }] };
  const limiter = new SourceLimiter({ source, policy, redis, keyPrefix: `${prefix}-rl`, clock, registry, logger });
  const breakerOptions: BreakerOptions = { ...options.breaker, name: source, clock, registry, logger };
  return new SourceClient({
    source,
    http: new HttpClient({ ...options.http, source, baseUrl: options.baseUrl, clock, registry }),
    breaker: limiter.policy.perHost ? new BreakerGroup(breakerOptions) : new SourceBreaker(breakerOptions),
    limiter,
    cache: new TieredCache({ source, redis, keyPrefix: `${prefix}-cache`, clock, registry, logger, ...options.cache }),
    clock,
    registry,
    logger,
  });
}

/** A stale result as a warning line for the answer (`warnings: string[]`). */
export function staleWarning(result: SourceResult<unknown>): string | undefined {
  if (!result.stale) return undefined;
  const why = result.error ? `: ${result.error.message}` : '';
  return `${result.source} data is from ${result.fetchedAt} (live request failed${why})`;
}

/** NotFound is the upstream's answer, and a cancelled caller wants nothing: neither gets a stale value. */
function servesStale(error: unknown): boolean {
  return !(error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'CANCELLED'));
}

/** Method + URL (query sorted, so param order does not split the cache) + a digest of the body. */
function cacheKey(method: string, url: URL, json: unknown): string {
  const sorted = new URL(url.toString());
  sorted.searchParams.sort();
  const body = json === undefined ? '' : ` ${createHash('sha256').update(JSON.stringify(json)).digest('base64url').slice(0, 22)}`;
  return `${method} ${sorted.toString()}${body}`;
}
