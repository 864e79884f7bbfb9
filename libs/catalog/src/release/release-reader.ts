import { AppError } from '@anime/contracts';
import { concatBytes, gzipChunks, zstdChunks } from './decompress';
import { JsonReleaseScanner } from './json-release-scanner';
import { readJsonlItems } from './jsonl-reader';
import { abortReason, MalformedReleaseError, ReleaseReadError } from './release-errors';
import { compressionFromMagic, hintFromName, sniffFormat, type ReleaseFormat } from './release-format';
import { describeReleaseSource, openRelease, type ReleaseSource } from './release-source';
import type { ReleaseItem } from './release-types';

export { MalformedReleaseError, ReleaseReadError } from './release-errors';
export { compressionFromMagic, hintFromName, sniffFormat } from './release-format';
export type { NameHint, ReleaseCompression, ReleaseFormat } from './release-format';
export { DEFAULT_USER_AGENT, describeReleaseSource, parseReleaseSource } from './release-source';
export type { ReleaseSource } from './release-source';
export { invalidJsonEntry, isInvalidJsonEntry } from './release-types';
export type { InvalidJsonEntry, ReleaseItem } from './release-types';
export { checkRemoteRelease } from './remote-release';
export type { CheckRemoteOptions, RemoteReleaseInfo } from './remote-release';

/** Progress of a read: raw (compressed, if so) bytes consumed, of `totalBytes` when known. */
export interface ReadProgress {
  bytesRead: number;
  totalBytes?: number;
  entries: number;
}

export interface ReleaseReadOptions {
  /** Aborting stops the read promptly (the generator throws the signal's reason) and frees the file/socket. */
  signal?: AbortSignal;
  /** Called at most every ~250 ms or 1000 entries, and once at the end. */
  onProgress?: (progress: ReadProgress) => void;
  /** For tests or proxies; defaults to the global `fetch`. */
  fetchImpl?: typeof fetch;
  /** Defaults to {@link DEFAULT_USER_AGENT}. */
  userAgent?: string;
  /** Skips format detection (name, then content sniffing). */
  format?: ReleaseFormat;
}

const PROGRESS_INTERVAL_MS = 250;
const PROGRESS_ENTRIES = 1000;

/** Throttles onProgress: one report per 1000 entries or 250 ms, whichever comes first. */
class ProgressMeter {
  bytesRead = 0;
  entries = 0;
  private lastAt = Date.now();
  private lastEntries = 0;

  constructor(
    private readonly onProgress: ((progress: ReadProgress) => void) | undefined,
    private readonly totalBytes: number | undefined,
  ) {}

  entry(): void {
    this.entries++;
    if (!this.onProgress) return;
    if (this.entries - this.lastEntries >= PROGRESS_ENTRIES || Date.now() - this.lastAt >= PROGRESS_INTERVAL_MS) this.report();
  }

  report(): void {
    if (!this.onProgress) return;
    this.lastAt = Date.now();
    this.lastEntries = this.entries;
    const progress: ReadProgress = { bytesRead: this.bytesRead, entries: this.entries };
    if (this.totalBytes !== undefined) progress.totalBytes = this.totalBytes;
    this.onProgress(progress);
  }
}

/**
 * An async iterator that can take values back, so the reader can peek at the first bytes
 * (compression magic) or text (format sniffing) and then hand everything on unchanged.
 */
class Pushback<T> implements AsyncIterableIterator<T> {
  private readonly buffered: T[] = [];

  constructor(private readonly inner: AsyncIterator<T>) {}

  unshift(value: T): void {
    this.buffered.unshift(value);
  }

  async next(): Promise<IteratorResult<T>> {
    const value = this.buffered.shift();
    if (value !== undefined) return { done: false, value };
    return this.inner.next();
  }

  async return(): Promise<IteratorResult<T>> {
    this.buffered.length = 0;
    await this.inner.return?.();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}

async function* countBytes(chunks: AsyncIterable<Uint8Array>, meter: ProgressMeter): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    meter.bytesRead += chunk.length;
    yield chunk;
  }
}

async function* decodeUtf8(chunks: AsyncIterable<Uint8Array>, label: string): AsyncGenerator<string> {
  // stream: true keeps a multi-byte character split across chunks intact; the BOM is dropped.
  // fatal: bytes that are not UTF-8 (random garbage, a binary file) fail the read instead of
  // turning into U+FFFD inside an entry that then passes as text.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let decoded = 0;
  const notUtf8 = (length: number, error: unknown): MalformedReleaseError =>
    new MalformedReleaseError(
      `${label}: the release is not UTF-8 text (invalid bytes between byte ${decoded} and ${decoded + length} of its text); a damaged release is refused whole`,
      { source: label, fromByte: decoded, toByte: decoded + length },
      { cause: error },
    );
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch (error) {
      throw notUtf8(chunk.length, error);
    }
    decoded += chunk.length;
    if (text.length > 0) yield text;
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch (error) {
    throw notUtf8(0, error);
  }
  if (tail.length > 0) yield tail;
}

async function* readJsonItems(text: AsyncIterable<string>, label: string): AsyncGenerator<ReleaseItem> {
  const scanner = new JsonReleaseScanner(label);
  for await (const chunk of text) {
    scanner.write(chunk);
    for (const item of scanner.take()) yield item;
  }
  scanner.end();
  for (const item of scanner.take()) yield item;
}

/** Pulls chunks until at least `min` bytes (or the end), then puts them back as one chunk. */
async function peekBytes(source: Pushback<Uint8Array>, min: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  while (length < min) {
    const next = await source.next();
    if (next.done) break;
    parts.push(next.value);
    length += next.value.length;
  }
  const head = concatBytes(parts);
  if (head.length > 0) source.unshift(head);
  return head;
}

/** Pulls text until {@link sniffFormat} decides, then puts it back. */
async function sniffText(text: Pushback<string>): Promise<ReleaseFormat> {
  let seen = '';
  for (;;) {
    const next = await text.next();
    if (!next.done) seen += next.value;
    const format = sniffFormat(seen, next.done === true);
    if (format !== 'undecided') {
      if (seen.length > 0) text.unshift(seen);
      return format;
    }
  }
}

/**
 * Streams a dataset release (file or URL; plain, zstd or gzip; minified/pretty JSON or JSONL).
 *
 * Yields one `meta` item (the root fields other than `data`), then one `entry` per anime in file
 * order with its 0-based index. The whole file is never held in memory: bytes are decompressed
 * and split into entries as they arrive, and each entry is parsed on its own.
 *
 * Order of the meta item: first, as soon as `data` starts, when root fields precede `data`
 * (the released files and JSONL); if fields follow `data`, a complete meta item comes after the
 * last entry (so with fields on both sides there are two, the last one complete). Consumers should
 * keep the last meta item they see.
 *
 * Integrity: a file that is not a well-formed release — a truncated or garbled line or entry,
 * trailing garbage, bytes that are not UTF-8, a corrupt or cut-off zstd/gzip frame, a structure
 * that never closes, no `data` — throws {@link MalformedReleaseError} (refused whole; its message
 * names the place, never the content). Entries that parse but break the schema are yielded: the
 * caller quarantines those. A missing file, an HTTP error and an unreachable host throw
 * {@link ReleaseReadError}.
 * Aborting `signal` makes the generator throw the signal's reason.
 */
export async function* readRelease(source: ReleaseSource, options: ReleaseReadOptions = {}): AsyncGenerator<ReleaseItem> {
  const { signal } = options;
  if (signal?.aborted) throw abortReason(signal);
  const opened = await openRelease(source, options);
  const label = describeReleaseSource(source);
  const meter = new ProgressMeter(options.onProgress, opened.totalBytes);
  try {
    const raw = new Pushback(countBytes(opened.chunks, meter)[Symbol.asyncIterator]());
    // Magic bytes decide compression: names lie (".json" served gzipped, renamed files).
    const compression = compressionFromMagic(await peekBytes(raw, 4));
    const bytes = compression === 'zstd' ? zstdChunks(raw, label) : compression === 'gzip' ? gzipChunks(raw, label) : raw;
    const text = new Pushback(decodeUtf8(bytes, label)[Symbol.asyncIterator]());
    const format = options.format ?? hintFromName(opened.name).format ?? (await sniffText(text));
    const items = format === 'jsonl' ? readJsonlItems(text, label) : readJsonItems(text, label);
    for await (const item of items) {
      if (signal?.aborted) throw abortReason(signal);
      if (item.type === 'entry') meter.entry();
      yield item;
    }
    meter.report();
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal);
    if (error instanceof ReleaseReadError || error instanceof AppError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ReleaseReadError(`${label}: reading the release failed: ${reason}`, { source: label }, { cause: error });
  } finally {
    await opened.close();
  }
}
