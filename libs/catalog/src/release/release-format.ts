/** The two release layouts the dataset ships: one root object with `data`, or JSON Lines. */
export type ReleaseFormat = 'json' | 'jsonl';

/** Compression of the raw bytes; decided by magic bytes, the file name is only a hint. */
export type ReleaseCompression = 'none' | 'zstd' | 'gzip';

/** What a file name says about a release (either part may be unknown). */
export interface NameHint {
  format?: ReleaseFormat;
  compression?: Exclude<ReleaseCompression, 'none'>;
}

const COMPRESSION_SUFFIXES: ReadonlyArray<[string, Exclude<ReleaseCompression, 'none'>]> = [
  ['.zst', 'zstd'],
  ['.zstd', 'zstd'],
  ['.gz', 'gzip'],
  ['.gzip', 'gzip'],
];

/**
 * Reads format and compression from a file name or URL path
 * (`anime-offline-database.jsonl.zst` → jsonl + zstd). Unknown parts stay undefined, and the
 * reader then sniffs the content instead.
 */
export function hintFromName(name: string): NameHint {
  // Only the last path segment counts; for a URL that is its path (signed redirect URLs carry
  // long query strings). A local path may legally contain "?" or "#", so it is taken as is.
  let path = name;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) {
    try {
      path = decodeURIComponent(new URL(name).pathname);
    } catch {
      path = name.split(/[?#]/, 1)[0] ?? name;
    }
  }
  let base = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
  const hint: NameHint = {};
  for (const [suffix, compression] of COMPRESSION_SUFFIXES) {
    if (base.endsWith(suffix)) {
      hint.compression = compression;
      base = base.slice(0, -suffix.length);
      break;
    }
  }
  if (base.endsWith('.jsonl') || base.endsWith('.ndjson')) hint.format = 'jsonl';
  else if (base.endsWith('.json')) hint.format = 'json';
  return hint;
}

/** Compression from the first bytes: zstd frames start 28 b5 2f fd, gzip members 1f 8b. */
export function compressionFromMagic(head: Uint8Array): ReleaseCompression {
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  return 'none';
}

/** Outcome of sniffing decompressed text: a format, or "need more text" while undecided. */
export type SniffResult = ReleaseFormat | 'undecided';

/**
 * Decides the format from the start of the (decompressed) text, for names that do not say:
 * - `[` → json (a bare array of entries, as in hand-made samples);
 * - a first line that is a complete JSON object → json if it has `data` (a minified release
 *   with a trailing newline), else jsonl (its first line is the metadata);
 * - `{` whose first line is not a complete object (pretty-printed json) → json;
 * - `{` with no newline within `maxProbe` chars → json (minified json is one long line).
 * `final` says no more text will come.
 */
export function sniffFormat(text: string, final: boolean, maxProbe = 1 << 20): SniffResult {
  const start = firstNonWhitespace(text);
  if (start < 0) {
    if (final) return 'json'; // empty input: let the json reader report "no data"
    return 'undecided';
  }
  const first = text[start];
  if (first === '[') return 'json';
  if (first !== '{') return 'json'; // not JSON at all: the json reader names the offending char
  const newline = text.indexOf('\n', start);
  if (newline < 0) {
    if (!final && text.length - start < maxProbe) return 'undecided';
    return 'json';
  }
  const parsed = tryParse(text.slice(start, newline));
  if (parsed === undefined) return 'json';
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && !Object.hasOwn(parsed, 'data')) return 'jsonl';
  return 'json';
}

/** Index of the first char that is not JSON whitespace (or a BOM), -1 if none. */
export function firstNonWhitespace(text: string, from = 0): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xfeff) return i;
  }
  return -1;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
