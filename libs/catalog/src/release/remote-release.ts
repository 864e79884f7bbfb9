import { concatBytes, decompressHead } from './decompress';
import { JsonReleaseScanner } from './json-release-scanner';
import { abortReason, ReleaseReadError } from './release-errors';
import { compressionFromMagic, firstNonWhitespace } from './release-format';
import { DEFAULT_USER_AGENT, fetchOrExplain } from './release-source';

/** What a release URL says about itself, from headers and its first bytes. */
export interface RemoteReleaseInfo {
  url: string;
  etag?: string;
  lastModified?: string;
  contentLength?: number;
  /** The release's `lastUpdate` (YYYY-MM-DD) when it could be read from the start of the file. */
  lastUpdate?: string;
}

export interface CheckRemoteOptions {
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  userAgent?: string;
  /** ETag of the copy already imported: a match answers `notModified: true` without reading content. */
  etag?: string;
}

// Growing windows for the metadata peek: 4 KiB covers plain json/jsonl; a zstd or gzip release
// needs its whole first compressed block (often 10–40 KiB) before anything decodes.
const RANGE_WINDOWS = [4096, 65_536, 262_144];
// When the server ignores Range, read this much of the full body and hang up.
const UNRANGED_LIMIT = 65_536;

/**
 * Asks a release URL what it holds without downloading it: a HEAD (with If-None-Match when
 * `etag` is given) for ETag/Last-Modified/Content-Length, then `Range: bytes=0-4095` (growing to
 * 256 KiB for compressed files) to read `lastUpdate` from the start — the root fields before
 * `data` in a JSON release, the first line of JSONL; zstd/gzip heads are decompressed
 * partially. A server that ignores Range gets its body cut after 64 KiB.
 *
 * `lastUpdate` stays undefined when it is not near the start (a JSON release with its root fields
 * after `data`). `notModified: true` when the server answers 304 or the same ETag.
 * Throws {@link ReleaseReadError} for an unreachable host (with the offline workaround), 404/410
 * and other HTTP errors.
 */
export async function checkRemoteRelease(url: string, options: CheckRemoteOptions = {}): Promise<RemoteReleaseInfo & { notModified?: boolean }> {
  const { signal } = options;
  if (signal?.aborted) throw abortReason(signal);
  const fetchImpl = options.fetchImpl ?? fetch;
  const baseHeaders: Record<string, string> = { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, accept: '*/*' };
  const conditional: Record<string, string> = options.etag ? { 'if-none-match': options.etag } : {};
  const info: RemoteReleaseInfo & { notModified?: boolean } = { url };

  const head = await fetchOrExplain(fetchImpl, url, { method: 'HEAD', signal, headers: { ...baseHeaders, ...conditional } });
  if (head.status === 304) return { ...withHeaders(info, head), etag: head.headers.get('etag') ?? options.etag, notModified: true };
  if (head.status === 404 || head.status === 410) throw httpError(url, head);
  // Some hosts refuse HEAD (405/501, or 403 on method-signed redirect URLs): the ranged GET
  // below still tells us what we need.
  const headOk = head.ok;
  if (headOk) withHeaders(info, head);
  if (headOk && options.etag && info.etag && sameEtag(options.etag, info.etag)) return { ...info, notModified: true };

  let buffer: Uint8Array = new Uint8Array(0);
  for (const windowEnd of RANGE_WINDOWS) {
    const from = buffer.length;
    const response = await fetchOrExplain(fetchImpl, url, {
      signal,
      headers: { ...baseHeaders, ...(headOk ? {} : conditional), range: `bytes=${from}-${windowEnd - 1}` },
    });
    if (response.status === 304) {
      await discard(response);
      return { ...withHeaders(info, response), etag: response.headers.get('etag') ?? options.etag, notModified: true };
    }
    if (response.status === 416) {
      // Asked past the end: what we have is the whole file.
      await discard(response);
      break;
    }
    if (!response.ok) {
      await discard(response);
      throw httpError(url, response);
    }
    if (!headOk) withHeaders(info, response, response.status === 206);
    let complete: boolean;
    if (response.status === 206) {
      const range = parseContentRange(response.headers.get('content-range'));
      if (range?.total !== undefined) info.contentLength ??= range.total;
      const wanted = windowEnd - from;
      const { bytes } = await readUpTo(response, wanted);
      if (range && range.start !== from) {
        // The server answered a different range than asked: start over from what it sent if it is the file start.
        buffer = range.start === 0 ? bytes : buffer;
      } else buffer = concatBytes([buffer, bytes]);
      complete = bytes.length < wanted || (info.contentLength !== undefined && buffer.length >= info.contentLength);
    } else {
      // 200: Range ignored. Read the start of the body and hang up instead of downloading it all.
      const { bytes, ended } = await readUpTo(response, UNRANGED_LIMIT);
      buffer = bytes;
      complete = true; // asking again would only download the same start again
      if (ended) info.contentLength ??= bytes.length;
    }
    const lastUpdate = lastUpdateFromHead(buffer);
    if (lastUpdate !== undefined) {
      info.lastUpdate = lastUpdate;
      break;
    }
    if (complete) break;
  }
  return info;
}

/**
 * Reads `lastUpdate` from the first bytes of a release (possibly compressed, possibly cut in the
 * middle of anything). Exported for tests and for callers that already hold a file's start.
 */
export function lastUpdateFromHead(head: Uint8Array): string | undefined {
  const bytes = decompressHead(head, compressionFromMagic(head));
  const text = new TextDecoder('utf-8').decode(bytes);
  const start = firstNonWhitespace(text);
  if (start < 0 || text[start] !== '{') return undefined;
  // JSONL: the first line is the whole metadata object.
  const newline = text.indexOf('\n', start);
  if (newline >= 0) {
    try {
      const first = JSON.parse(text.slice(start, newline)) as unknown;
      if (first !== null && typeof first === 'object') {
        const value = (first as Record<string, unknown>)['lastUpdate'];
        return typeof value === 'string' ? value : undefined;
      }
    } catch {
      // Not a one-line object (pretty-printed JSON): scan the root fields below.
    }
  }
  // JSON: only root-level fields count, so scan the structure instead of searching the text.
  const scanner = new JsonReleaseScanner('head');
  try {
    scanner.write(text);
  } catch {
    // The cut-off tail (or a damaged entry) does not matter once the root fields are read.
  }
  const value = scanner.meta['lastUpdate'];
  return typeof value === 'string' ? value : undefined;
}

function withHeaders<T extends RemoteReleaseInfo>(info: T, response: Response, ranged = false): T {
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  if (etag) info.etag = etag;
  if (lastModified) info.lastModified = lastModified;
  // A ranged answer's Content-Length is the slice's; its total is in Content-Range instead.
  const length = Number(response.headers.get('content-length') ?? NaN);
  if (!ranged && Number.isFinite(length) && response.status !== 304 && !response.headers.get('content-encoding')) info.contentLength = length;
  return info;
}

function sameEtag(a: string, b: string): boolean {
  // Weak and strong forms name the same version for our purpose (no byte-range reuse).
  const strip = (tag: string): string => tag.trim().replace(/^W\//, '');
  return strip(a) === strip(b);
}

function parseContentRange(value: string | null): { start: number; total?: number } | undefined {
  const match = value ? /^bytes\s+(\d+)-\d+\/(\d+|\*)$/i.exec(value.trim()) : null;
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[2] === '*' ? undefined : Number(match[2]) };
}

/** Reads at most `max` bytes of a body, then cancels the rest of the transfer. */
async function readUpTo(response: Response, max: number): Promise<{ bytes: Uint8Array; ended: boolean }> {
  if (!response.body) return { bytes: new Uint8Array(0), ended: true };
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  let ended = false;
  try {
    while (length < max) {
      const { done, value } = await reader.read();
      if (done) {
        ended = true;
        break;
      }
      parts.push(value);
      length += value.length;
    }
  } finally {
    if (!ended) await reader.cancel().catch(() => undefined);
  }
  const bytes = concatBytes(parts);
  return { bytes: bytes.length > max ? bytes.subarray(0, max) : bytes, ended };
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function httpError(url: string, response: Response): ReleaseReadError {
  return new ReleaseReadError(`Checking the dataset release at ${url} failed: HTTP ${response.status} ${response.statusText}`.trimEnd(), {
    url,
    status: response.status,
  });
}
