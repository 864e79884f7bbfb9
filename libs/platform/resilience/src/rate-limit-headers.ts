/** Response headers as fetch gives them, or as a plain object (node:http, tests). */
export type HeadersLike = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Reads one header case-insensitively from either shape. */
export function headerValue(headers: HeadersLike, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | readonly string[] | undefined>)) {
    if (key.toLowerCase() === lower) return Array.isArray(value) ? value.join(', ') : (value as string | undefined);
  }
  return undefined;
}

/**
 * `Retry-After` as milliseconds from `now`: delta-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`). Undefined when absent or unparseable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A rate-limit reset value as milliseconds from `now`. APIs disagree on the unit: epoch seconds
 * (AniList, AnimeSchedule), epoch milliseconds, delta seconds (IETF `RateLimit-Reset`) or a date.
 * Magnitude tells them apart: no delta is decades long and no epoch is small.
 */
export function parseRateLimitReset(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const n = Number(trimmed);
    if (n > 1e12) return Math.max(0, Math.ceil(n - now));
    if (n > 1e9) return Math.max(0, Math.ceil(n * 1000 - now));
    return Math.ceil(n * 1000);
  }
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What an upstream's headers say about waiting before the next call. */
export interface UpstreamBackoff {
  /** How long to hold every call to this source (ms from now). */
  blockMs: number;
  reason: 'retry-after' | 'remaining-zero';
}

const REMAINING = ['x-ratelimit-remaining', 'x-rate-limit-remaining', 'ratelimit-remaining'];
const RESET = ['x-ratelimit-reset', 'x-rate-limit-reset', 'ratelimit-reset'];

/**
 * The backoff the headers ask for: `Retry-After` wins; otherwise `X-RateLimit-Remaining: 0` (or
 * the `x-rate-limit-*` / IETF `RateLimit-*` variants) with a reset time blocks until the reset.
 * Undefined when the upstream says nothing (or has budget left).
 */
export function backoffFromHeaders(headers: HeadersLike, now: number): UpstreamBackoff | undefined {
  const retryAfter = parseRetryAfter(headerValue(headers, 'retry-after'), now);
  if (retryAfter !== undefined && retryAfter > 0) return { blockMs: retryAfter, reason: 'retry-after' };
  const remaining = firstHeader(headers, REMAINING);
  // A garbled value is "unknown", not "zero": never block on it.
  if (remaining === undefined || !/^\s*0+\s*$/.test(remaining)) return undefined;
  const reset = parseRateLimitReset(firstHeader(headers, RESET), now);
  return reset !== undefined && reset > 0 ? { blockMs: reset, reason: 'remaining-zero' } : undefined;
}

function firstHeader(headers: HeadersLike, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = headerValue(headers, name);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}
