/**
 * Any failure to read or inspect a dataset release: missing file, download refused,
 * corrupt compression, malformed JSON structure. `details` carries machine-readable
 * context (path/url, HTTP status, byte/char offset) for logs and CLI output.
 */
export class ReleaseReadError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ReleaseReadError';
  }
}

/**
 * A release whose bytes are not a well-formed release: a truncated or garbled line, trailing
 * garbage, text that is not UTF-8, a broken compression frame, a JSON structure that does not
 * close. Such a file is refused whole — never imported with its damage counted as "quarantined".
 * Messages name what is wrong and where (line, byte or char offset), never the file's content.
 */
export class MalformedReleaseError extends ReleaseReadError {
  readonly code = 'RELEASE_MALFORMED';

  constructor(message: string, details: Record<string, unknown>, options?: ErrorOptions) {
    super(message, details, options);
    this.name = 'MalformedReleaseError';
  }
}

/**
 * What `JSON.parse` objected to, without the input: V8 quotes the start of the text it rejects
 * ("Unexpected token 'r', "root:x:0:0:…" is not valid JSON"), and a release may be any file.
 */
export function jsonProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message)?.[1];
  // "Unexpected token 'x', "<the text>" is not valid JSON" is the one message that quotes input.
  const kind = /^Unexpected token\b/.test(message) ? 'unexpected character' : message.replace(/ (?:in JSON )?at position \d+.*$/s, '');
  return position === undefined ? kind : `${kind} at char ${position}`;
}

/**
 * What to tell a user whose machine cannot reach the release URL. The most common cause
 * is an offline or firewalled machine, so the fix (use a local copy) is spelled out.
 */
export function offlineHint(url: string, cause: string): string {
  return (
    `Cannot download the dataset from ${url} (${cause}). If this machine is offline, download the file elsewhere ` +
    `and pass a local path: ANIME_DB_SOURCE=/path/to/anime-offline-database-minified.json ` +
    `(or npm run db:update -- --file <path>)`
  );
}

/** A short reason for a failed `fetch`: undici hides the socket error (ECONNREFUSED, ENOTFOUND) in `cause`. */
export function describeFetchFailure(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  // Walk the cause chain; the innermost code is the useful one, the outer message is "fetch failed".
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !parts.includes(code)) parts.push(code);
    else if (current.message && current.message !== 'fetch failed') parts.push(current.message);
    if (current instanceof AggregateError && current.errors.length > 0) current = current.errors[0];
    else current = current.cause;
  }
  if (parts.length === 0) return error instanceof Error ? error.message : String(error);
  return parts.join(': ');
}

/** The error to throw when `signal` fired: its reason (an AbortError by default), as `fetch` does. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
