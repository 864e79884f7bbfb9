import type { Registry } from 'prom-client';
import { AppError, NotFoundError, RateLimitedError, UpstreamChangedError } from '@anime/contracts';
import { realSleep, systemClock, type Clock, type Sleep } from './clock';
import { parseRetryAfter } from './rate-limit-headers';
import { resilienceMetrics, type ResilienceMetrics } from './resilience-metrics';
import { abortError, redactUrl, sourceUnavailable } from './upstream-errors';

/** Where the default User-Agent points operators of the sites we call. */
export const PROJECT_URL = 'https://github.com/adnanaq/anime-mcp-server';
/** Version in the default User-Agent. */
export const CLIENT_VERSION = '0.1.0';

/** `anime-mcp-server/<version> (+<url>)` — upstreams (and scraped sites) see who is calling and where to complain. */
export function buildUserAgent(version: string = CLIENT_VERSION, url: string = PROJECT_URL): string {
  return `anime-mcp-server/${version} (+${url})`;
}

/** Query values; `undefined`/`null` are left out. */
export type QueryParams = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Settings of one source's HTTP client; defaults in {@link DEFAULT_HTTP_OPTIONS}. */
export interface HttpClientOptions {
  source: string;
  /** e.g. `https://api.jikan.moe/v4` (from `<SOURCE>_BASE_URL`); request paths are appended. */
  baseUrl: string;
  /** Per attempt, body included. */
  timeoutMs?: number;
  /** Retries after the first attempt, on 5xx / 429 / 408 / network errors. */
  maxRetries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A longer `Retry-After` is not waited out inline: the call fails with `retryAfterMs` instead. */
  maxRetryAfterMs?: number;
  /** Retry after an attempt timed out (off: a hung upstream would multiply the caller's wait). */
  retryOnTimeout?: boolean;
  userAgent?: string;
  /** Sent on every request (e.g. an API token header). */
  headers?: Readonly<Record<string, string>>;
  /** Injected `fetch` (tests, proxies); default the global one. */
  fetch?: typeof fetch;
  sleep?: Sleep;
  /** Jitter source in [0, 1). */
  random?: () => number;
  clock?: Clock;
  registry?: Registry;
}

/** Defaults: 10 s per attempt, 2 retries, backoff 250 ms doubling up to 5 s, Retry-After honoured up to 30 s. */
export const DEFAULT_HTTP_OPTIONS = {
  timeoutMs: 10_000,
  maxRetries: 2,
  backoffBaseMs: 250,
  backoffMaxMs: 5_000,
  maxRetryAfterMs: 30_000,
  retryOnTimeout: false,
} as const;

/** Status and headers of one upstream response, before it is judged (for limiters to adapt). */
export interface UpstreamResponseInfo {
  status: number;
  headers: Headers;
  url: string;
}

/** A successful (2xx) response with its body read. */
export interface HttpResponse extends UpstreamResponseInfo {
  body: string;
  /** Attempts it took (1 = no retry). */
  attempts: number;
}

/**
 * Wraps every attempt (not the whole retry sequence): the source client puts the rate limiter
 * and circuit breaker here so each retry spends a token and each failed attempt is seen by the
 * breaker. Errors the guard throws itself (breaker open, limiter refusal) are never retried.
 */
export type AttemptGuard = (attempt: () => Promise<Omit<HttpResponse, 'attempts'>>) => Promise<Omit<HttpResponse, 'attempts'>>;

/** Per-request options. */
export interface HttpRequestOptions {
  method?: 'GET' | 'POST' | 'HEAD';
  query?: QueryParams;
  headers?: Readonly<Record<string, string>>;
  /** JSON body (sets content-type). */
  json?: unknown;
  body?: string;
  /** The caller's cancellation / deadline; combined with the per-attempt timeout. */
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
  guard?: AttemptGuard;
  /** Sees every response (any status) before it is judged. */
  onResponse?: (response: UpstreamResponseInfo) => void | Promise<void>;
}

/** Retry advice attached to errors of one attempt; absent = do not retry. */
const retryHints = new WeakMap<object, { retryAfterMs?: number }>();

/**
 * HTTP client of one upstream on Node's global `fetch`: base URL per source, a timeout per attempt
 * (`AbortSignal.timeout` combined with the caller's signal), retries with exponential backoff and
 * jitter on 5xx / 429 / network errors honouring `Retry-After`, a clear User-Agent, and failures
 * mapped to typed errors: 404 → `NotFoundError`; 429 (after retries) → `RateLimitedError`;
 * 5xx / network / timeout → `SourceUnavailableError` (details: source, status, reason, url with
 * secrets redacted); other 4xx → `SourceUnavailableError` with `reason: 'client-error'`, not
 * retried; the caller's abort → `CancelledError` / `DeadlineExceededError`.
 */
export class HttpClient {
  readonly source: string;
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly clock: Clock;
  private readonly settings: Required<Pick<HttpClientOptions, keyof typeof DEFAULT_HTTP_OPTIONS>>;
  private readonly headers: Record<string, string>;
  private readonly metrics?: ResilienceMetrics;

  constructor(options: HttpClientOptions) {
    this.source = options.source;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    // Looked up per client, not at import, so a test or proxy that replaces globalThis.fetch is honoured.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? systemClock;
    this.settings = {
      timeoutMs: options.timeoutMs ?? DEFAULT_HTTP_OPTIONS.timeoutMs,
      maxRetries: options.maxRetries ?? DEFAULT_HTTP_OPTIONS.maxRetries,
      backoffBaseMs: options.backoffBaseMs ?? DEFAULT_HTTP_OPTIONS.backoffBaseMs,
      backoffMaxMs: options.backoffMaxMs ?? DEFAULT_HTTP_OPTIONS.backoffMaxMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_HTTP_OPTIONS.maxRetryAfterMs,
      retryOnTimeout: options.retryOnTimeout ?? DEFAULT_HTTP_OPTIONS.retryOnTimeout,
    };
    this.headers = { 'user-agent': options.userAgent ?? buildUserAgent(), ...lowerKeys(options.headers ?? {}) };
    this.metrics = options.registry ? resilienceMetrics(options.registry) : undefined;
  }

  /** The absolute URL for `path` (relative to the base URL, or absolute for scrapers) and `query`. */
  url(path: string, query?: QueryParams): URL {
    const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(this.baseUrl + (path.startsWith('/') ? path : `/${path}`));
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.append(name, String(value));
    }
    return url;
  }

  /** Sends the request with retries; resolves with the 2xx response, or throws a typed error. */
  async request(path: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
    const url = this.url(path, options.query);
    const maxRetries = options.maxRetries ?? this.settings.maxRetries;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) this.metrics?.httpRetries.inc({ source: this.source });
      try {
        const once = (): Promise<Omit<HttpResponse, 'attempts'>> => this.attempt(url, options);
        const response = await (options.guard ? options.guard(once) : once());
        return { ...response, attempts: attempt + 1 };
      } catch (error) {
        const hint = retryHints.get(error as object);
        if (error instanceof AppError && error.details) error.details['attempts'] = attempt + 1;
        if (!hint || attempt >= maxRetries) throw error;
        if (hint.retryAfterMs !== undefined && hint.retryAfterMs > this.settings.maxRetryAfterMs) throw error;
        await this.sleep(Math.max(this.backoff(attempt), hint.retryAfterMs ?? 0), options.signal);
      }
    }
  }

  /** GET (or `options.method`) and parse the body as JSON; a non-JSON body is `UpstreamChangedError`. */
  async getJson(path: string, options: HttpRequestOptions = {}): Promise<unknown> {
    const response = await this.request(path, { ...options, headers: { accept: 'application/json', ...options.headers } });
    return parseJsonBody(this.source, response);
  }

  /** POST a JSON body (e.g. a GraphQL query) and parse the JSON answer. */
  async postJson(path: string, json: unknown, options: HttpRequestOptions = {}): Promise<unknown> {
    return this.getJson(path, { ...options, method: 'POST', json });
  }

  /** GET a text body (HTML pages, XML). */
  async getText(path: string, options: HttpRequestOptions = {}): Promise<string> {
    return (await this.request(path, options)).body;
  }

  /** Delay before retry `attempt + 1`: base·2^attempt capped, with "equal jitter" (half fixed, half random). */
  private backoff(attempt: number): number {
    const capped = Math.min(this.settings.backoffMaxMs, this.settings.backoffBaseMs * 2 ** attempt);
    return Math.round(capped / 2 + (capped / 2) * this.random());
  }

  private async attempt(url: URL, options: HttpRequestOptions): Promise<Omit<HttpResponse, 'attempts'>> {
    const caller = options.signal;
    if (caller?.aborted) throw abortError(caller, this.source);
    const timeoutMs = options.timeoutMs ?? this.settings.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
    const headers: Record<string, string> = { ...this.headers, ...lowerKeys(options.headers ?? {}) };
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    }
    const started = performance.now();
    const safeUrl = redactUrl(url);
    let outcome = 'network';
    try {
      const response = await this.fetchImpl(url, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, signal, redirect: 'follow' });
      const text = await response.text();
      outcome = String(response.status);
      const info: UpstreamResponseInfo = { status: response.status, headers: response.headers, url: safeUrl };
      await options.onResponse?.(info);
      if (response.ok) return { ...info, body: text };
      throw this.statusError(info, text);
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (caller?.aborted) throw abortError(caller, this.source);
      if (timeout.aborted) {
        outcome = 'timeout';
        const failure = sourceUnavailable(this.source, 'timeout', `${this.source} did not answer within ${timeoutMs} ms`, { url: safeUrl, timeoutMs }, { cause: error });
        if (this.settings.retryOnTimeout) retryHints.set(failure, {});
        throw failure;
      }
      const failure = sourceUnavailable(this.source, 'network', `${this.source} is unreachable (${describeNetworkError(error)})`, { url: safeUrl }, { cause: error });
      retryHints.set(failure, {});
      throw failure;
    } finally {
      this.metrics?.httpRequests.inc({ source: this.source, outcome });
      this.metrics?.httpDuration.observe({ source: this.source }, (performance.now() - started) / 1000);
    }
  }

  private statusError(response: UpstreamResponseInfo, body: string): AppError {
    const { status, url } = response;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.clock.now());
    const details: Record<string, unknown> = { source: this.source, status, url };
    if (status === 404 || status === 410) return new NotFoundError(`${this.source} has no such resource (${status})`, { details });
    if (status === 429) {
      const error = new RateLimitedError(`${this.source} is rate limiting us (429)`, { retryAfterMs, details: { ...details, reason: 'upstream-429' } });
      retryHints.set(error, { retryAfterMs });
      return error;
    }
    if (status >= 500 || status === 408) {
      const reason = status === 408 ? 'timeout' : 'server-error';
      const error = sourceUnavailable(this.source, reason, `${this.source} failed with HTTP ${status}`, details, { retryAfterMs });
      retryHints.set(error, { retryAfterMs });
      return error;
    }
    // Our request was refused (400, 401, 403, …): retrying will not help, and it says nothing
    // about the upstream's health. The start of the body usually says what was wrong.
    return sourceUnavailable(this.source, 'client-error', `${this.source} refused the request with HTTP ${status}`, { ...details, body: body.slice(0, 300) });
  }
}

/** Creates one source's HTTP client (see {@link HttpClient}). */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  return new HttpClient(options);
}

/** Parses a response body as JSON; a body that is not JSON means the upstream changed. */
export function parseJsonBody(source: string, response: Pick<HttpResponse, 'body' | 'url' | 'status'>): unknown {
  try {
    return JSON.parse(response.body) as unknown;
  } catch (error) {
    throw new UpstreamChangedError(`${source} answered with a body that is not JSON`, {
      details: { source, url: response.url, status: response.status, body: response.body.slice(0, 200) },
      cause: error,
    });
  }
}

function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** fetch hides the real cause (ECONNREFUSED, ENOTFOUND, …) under `cause`. */
function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
