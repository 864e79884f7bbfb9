import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '@anime/contracts';
import { abortReason, describeFetchFailure, offlineHint, ReleaseReadError } from './release-errors';

/** Where a release comes from: a local file, or an http(s) URL to download. */
export type ReleaseSource = { kind: 'file'; path: string } | { kind: 'url'; url: string };

/** Sent to servers unless the caller overrides it: says who is downloading, and where to look. */
export const DEFAULT_USER_AGENT = 'anime-mcp-server (+https://github.com/)';

/**
 * Turns a setting (env var, CLI flag) into a {@link ReleaseSource}: `http(s)://…` is a URL,
 * `file://…` and anything else a file path, resolved against the working directory.
 */
export function parseReleaseSource(value: string): ReleaseSource {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new ReleaseReadError('Empty dataset source: pass a file path or an http(s) URL', { value });
  if (/^https?:\/\//i.test(trimmed)) return { kind: 'url', url: trimmed };
  if (/^file:/i.test(trimmed)) {
    try {
      return { kind: 'file', path: fileURLToPath(trimmed) };
    } catch (error) {
      throw new ReleaseReadError(`Invalid file URL for the dataset source: ${trimmed}`, { value }, { cause: error });
    }
  }
  return { kind: 'file', path: resolve(trimmed) };
}

/** A path or URL, for messages. */
export function describeReleaseSource(source: ReleaseSource): string {
  return source.kind === 'file' ? source.path : source.url;
}

/** An opened raw byte stream of a release. */
export interface OpenedRelease {
  /** Raw (possibly compressed) bytes, in order. */
  chunks: AsyncIterable<Uint8Array>;
  /** File size or Content-Length, when known and meaningful for `chunks`. */
  totalBytes?: number;
  /** File name or URL path: the format/compression hint. */
  name: string;
  /** Path or URL for messages. */
  label: string;
  /** Releases the file handle / socket; safe to call more than once. */
  close(): Promise<void>;
}

export interface OpenOptions {
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  userAgent?: string;
}

/** Opens a release for reading; missing files, HTTP errors and unreachable hosts become {@link ReleaseReadError}s. */
export async function openRelease(source: ReleaseSource, options: OpenOptions = {}): Promise<OpenedRelease> {
  return source.kind === 'file' ? openFile(source.path, options.signal) : openUrl(source.url, options);
}

async function openFile(path: string, signal: AbortSignal | undefined): Promise<OpenedRelease> {
  let size: number;
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) throw new ReleaseReadError(`Dataset source is a directory, not a release file: ${path}`, { path });
    size = stats.size;
  } catch (error) {
    if (error instanceof ReleaseReadError) throw error;
    const code = (error as { code?: unknown }).code;
    const message =
      code === 'ENOENT'
        ? `Dataset file not found: ${path}`
        : `Cannot read dataset file ${path}: ${error instanceof Error ? error.message : String(error)}`;
    throw new ReleaseReadError(message, { path, code }, { cause: error });
  }
  if (signal?.aborted) throw abortReason(signal);
  // The stream's own signal destroys it (closing the fd) the moment the caller aborts,
  // even while a read is pending.
  const stream = createReadStream(path, { highWaterMark: 256 * 1024, signal });
  return {
    chunks: stream,
    totalBytes: size,
    name: path,
    label: path,
    close: async () => {
      stream.destroy();
    },
  };
}

async function openUrl(url: string, options: OpenOptions): Promise<OpenedRelease> {
  const { signal } = options;
  const response = await fetchOrExplain(options.fetchImpl ?? fetch, url, {
    signal,
    headers: { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, accept: '*/*' },
  });
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new ReleaseReadError(`Downloading the dataset from ${url} failed: HTTP ${response.status} ${response.statusText}`.trimEnd(), {
      url,
      status: response.status,
    });
  }
  const body = response.body;
  if (!body) throw new ReleaseReadError(`Downloading the dataset from ${url} failed: the response has no body`, { url, status: response.status });
  const reader = body.getReader();
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    // Cancelling the body aborts the transfer and frees the socket.
    await reader.cancel().catch(() => undefined);
  };
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      await close();
    }
  }
  // With Content-Encoding the runtime hands over decoded bytes, so Content-Length would not match.
  const encoding = response.headers.get('content-encoding');
  const length = Number(response.headers.get('content-length') ?? NaN);
  return {
    chunks: chunks(),
    totalBytes: Number.isFinite(length) && (!encoding || encoding === 'identity') ? length : undefined,
    name: urlPathName(url),
    label: url,
    close,
  };
}

/** `fetch`, but an unreachable host becomes a {@link ReleaseReadError} that explains the offline workaround. */
export async function fetchOrExplain(fetchImpl: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchImpl(url, init);
  } catch (error) {
    const signal = init.signal;
    if (signal?.aborted) throw abortReason(signal);
    // A typed refusal of the fetch itself (the ingest service's address policy) is not "offline".
    if (error instanceof AppError || error instanceof ReleaseReadError) throw error;
    const cause = describeFetchFailure(error);
    throw new ReleaseReadError(offlineHint(url, cause), { url, cause }, { cause: error });
  }
}

/** The decoded path of a URL (for name-based format detection); the raw string if it does not parse. */
export function urlPathName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return url;
  }
}
