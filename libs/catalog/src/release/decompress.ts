import { Readable } from 'node:stream';
import { constants as zlibConstants, createGunzip, gunzipSync } from 'node:zlib';
import { Decompress } from 'fzstd';
import { MalformedReleaseError } from './release-errors';
import type { ReleaseCompression } from './release-format';

/**
 * Decompresses a zstd byte stream chunk by chunk with fzstd's streaming decoder, so only the
 * zstd window (not the whole release) is held in memory. Truncated or corrupt input (or bytes
 * after the last frame) becomes a {@link MalformedReleaseError}.
 */
export async function* zstdChunks(input: AsyncIterable<Uint8Array>, label: string): AsyncGenerator<Uint8Array> {
  // fzstd calls back synchronously from push(); each block it hands over is a fresh array.
  let pending: Uint8Array[] = [];
  const decoder = new Decompress((data) => {
    if (data.length > 0) pending.push(data);
  });
  const push = (chunk: Uint8Array, final: boolean): Uint8Array[] => {
    try {
      decoder.push(chunk, final);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new MalformedReleaseError(`${label}: corrupt or truncated zstd data (${reason})`, { source: label, compression: 'zstd' }, { cause: error });
    }
    const out = pending;
    pending = [];
    return out;
  };
  for await (const chunk of input) {
    for (const block of push(chunk, false)) yield block;
  }
  // The final push makes fzstd check that the last frame is complete.
  for (const block of push(new Uint8Array(0), true)) yield block;
}

/** Decompresses a gzip byte stream (concatenated members too) with node:zlib. */
export async function* gzipChunks(input: AsyncIterable<Uint8Array>, label: string): AsyncGenerator<Uint8Array> {
  const source = Readable.from(input, { objectMode: false });
  const gunzip = createGunzip();
  // Errors of the source (abort, network) travel through gunzip unchanged; only zlib's own
  // errors mean "corrupt gzip".
  let sourceError: unknown;
  source.on('error', (error) => {
    sourceError = error;
    gunzip.destroy(error);
  });
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (sourceError !== undefined) throw sourceError;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MalformedReleaseError(`${label}: corrupt or truncated gzip data (${reason})`, { source: label, compression: 'gzip' }, { cause: error });
  } finally {
    source.unpipe(gunzip);
    source.destroy();
    gunzip.destroy();
  }
}

/**
 * Decompresses as much of a release's *first bytes* as possible (for a peek at its metadata);
 * never throws — a cut-off block simply yields less.
 */
export function decompressHead(head: Uint8Array, compression: ReleaseCompression): Uint8Array {
  if (compression === 'none') return head;
  if (compression === 'gzip') {
    try {
      // SYNC_FLUSH: hand back what decodes so far instead of failing on the missing end.
      return gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      return new Uint8Array(0);
    }
  }
  const blocks: Uint8Array[] = [];
  try {
    new Decompress((data) => {
      blocks.push(data);
    }).push(head, false);
  } catch {
    // Keep whatever blocks decoded before the error.
  }
  return concatBytes(blocks);
}

/** Joins byte chunks into one array. */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
