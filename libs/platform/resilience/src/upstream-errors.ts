import { AppError, CancelledError, DeadlineExceededError, SourceUnavailableError, UpstreamChangedError } from '@anime/contracts';

/**
 * Why a call to an upstream failed, in `SourceUnavailableError.details.reason`. Only the first
 * three mean "the upstream is unhealthy" and count toward opening its circuit breaker.
 */
export type UpstreamFailureReason = 'server-error' | 'timeout' | 'network' | 'client-error' | 'breaker-open';

const HEALTH_FAILURES: ReadonlySet<string> = new Set<UpstreamFailureReason>(['server-error', 'timeout', 'network']);

/**
 * True when `error` says the upstream itself is unhealthy (5xx, timeout, network). A 404, a 400,
 * a 429, a parse failure or the caller's own cancellation are answers from a healthy upstream (or
 * our own doing) and must not open the breaker. Errors that are not typed at all count: an
 * unknown failure inside an upstream call is treated as unhealthy rather than silently ignored.
 */
export function isUpstreamHealthFailure(error: unknown): boolean {
  if (!(error instanceof AppError)) return true;
  return error.code === 'SOURCE_UNAVAILABLE' && HEALTH_FAILURES.has(String(error.details?.['reason']));
}

/**
 * The typed error for an aborted signal: a deadline (`AbortSignal.timeout`, or a reason that is
 * already a `DeadlineExceededError`) becomes `DeadlineExceededError`, anything else `CancelledError`.
 */
export function abortError(signal: AbortSignal | undefined, source?: string): AppError {
  const reason: unknown = signal?.reason;
  if (reason instanceof AppError) return reason;
  const details = source === undefined ? undefined : { source };
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new DeadlineExceededError(source ? `Deadline exceeded while calling ${source}` : 'Deadline exceeded', { details, cause: reason });
  }
  return new CancelledError(source ? `Call to ${source} was cancelled` : 'Cancelled', { details, cause: reason });
}

const SECRET_PARAM = /(^|[_-])(token|key|secret|password|passwd|auth|signature|sig|session|credential)s?($|[_-])|^apikey$|^access[_-]?token$/i;

/**
 * A URL safe for logs and error details: credentials dropped and secret-looking query values
 * (`api_key`, `token`, `client_secret`, …) replaced by `***`; other params stay because they
 * are what makes a failing request reproducible.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return String(url).replace(/\?.*$/, '');
  }
  parsed.username = '';
  parsed.password = '';
  for (const name of [...new Set(parsed.searchParams.keys())]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, '***');
  }
  return parsed.toString();
}

/**
 * Reads a dotted path (`data.Media.title.romaji`, array indexes as numbers: `data.0.id`) from a
 * parsed upstream body and throws `UpstreamChangedError` naming the source and the missing path
 * when it is absent or null — the signal that the upstream changed its shape, not that the item
 * does not exist.
 */
export function expectField<T = unknown>(obj: unknown, path: string, source: string): T {
  let current: unknown = obj;
  const segments = path.split('.');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (current === null || typeof current !== 'object' || !(segment in current)) {
      throw upstreamChanged(source, path, segments.slice(0, i).join('.') || '(root)');
    }
    current = (current as Record<string, unknown>)[segment];
  }
  if (current === null || current === undefined) throw upstreamChanged(source, path, path);
  return current as T;
}

function upstreamChanged(source: string, path: string, reached: string): AppError {
  return new UpstreamChangedError(`${source} response has no '${path}' (the upstream format may have changed)`, {
    details: { source, path, reached },
  });
}

/** Shorthand for a `SourceUnavailableError` with the details every caller expects. */
export function sourceUnavailable(
  source: string,
  reason: UpstreamFailureReason,
  message: string,
  details: Record<string, unknown> = {},
  options: { cause?: unknown; retryAfterMs?: number } = {},
): AppError {
  return new SourceUnavailableError(message, { details: { source, reason, ...details }, cause: options.cause, retryAfterMs: options.retryAfterMs });
}
