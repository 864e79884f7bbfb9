import { UpstreamChangedError, type AppError } from '@anime/contracts';

/** Source name used in errors, metrics and responses. */
export const JIKAN_SOURCE = 'jikan';

/** Throws `UpstreamChangedError` naming the first of `keys` absent from the object at `path` (null values are fine: Jikan uses them for "unknown"). */
export function requireKeys(obj: unknown, path: string, keys: readonly string[]): void {
  if (obj === null || typeof obj !== 'object') throw changed(path, 'is not an object');
  for (const key of keys) if (!(key in obj)) throw changed(`${path}.${key}`, 'is missing');
}

/** The error for a Jikan body whose structure is not what we parse. */
export function changed(path: string, why: string): AppError {
  return new UpstreamChangedError(`${JIKAN_SOURCE} response: '${path}' ${why} (the upstream format may have changed)`, { details: { source: JIKAN_SOURCE, path } });
}

/** A non-blank string, else undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

