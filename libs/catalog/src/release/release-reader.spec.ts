import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { compress, init as initZstd } from '@bokuweb/zstd-wasm';
import { sharedData } from '@anime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonReleaseScanner } from './json-release-scanner';
import {
  checkRemoteRelease,
  compressionFromMagic,
  hintFromName,
  isInvalidJsonEntry,
  MalformedReleaseError,
  parseReleaseSource,
  readRelease,
  ReleaseReadError,
  type ReadProgress,
  type ReleaseItem,
  type ReleaseReadOptions,
  type ReleaseSource,
} from './release-reader';

const SAMPLE = sharedData('manami-sample-2025.json');
const MAPPER = sharedData('anime-mapper-2026.jsonl');
const MAL = sharedData('mal-2016-derived.json');
const MAPPER_ENTRIES = 27_088;
const MAL_ENTRIES = 12_297;

const META = {
  $schema: 'https://raw.githubusercontent.com/manami-project/anime-offline-database/refs/tags/2025-27/schemas/anime-offline-database-minified.schema.json',
  license: { name: 'Open Data Commons Open Database License (ODbL) v1.0', url: 'https://github.com/manami-project/anime-offline-database/blob/2025-27/LICENSE' },
  repository: 'https://github.com/manami-project/anime-offline-database',
  scoreRange: { minInclusive: 1, maxInclusive: 10 },
  lastUpdate: '2025-07-01',
};

let dir: string;
let sampleEntries: unknown[];
let mapperHeadLines: string[]; // metadata line + 1999 entries

const file = (name: string): ReleaseSource => ({ kind: 'file', path: join(dir, name) });

async function collect(source: ReleaseSource, options?: ReleaseReadOptions): Promise<{ metas: Record<string, unknown>[]; entries: unknown[]; items: ReleaseItem[] }> {
  const items: ReleaseItem[] = [];
  for await (const item of readRelease(source, options)) items.push(item);
  const metas = items.flatMap((i) => (i.type === 'meta' ? [i.meta] : []));
  const entries = items.flatMap((i) => (i.type === 'entry' ? [i.raw] : []));
  return { metas, entries, items };
}

const titleOf = (raw: unknown): unknown => (raw as { title?: unknown }).title;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'release-reader-'));
  await initZstd();
  sampleEntries = JSON.parse(await readFile(SAMPLE, 'utf8')) as unknown[];
  const release = { ...META, data: sampleEntries };
  const minified = Buffer.from(JSON.stringify(release));
  const pretty = Buffer.from(JSON.stringify(release, null, 2));
  await writeFile(join(dir, 'sample.json'), minified);
  await writeFile(join(dir, 'sample-pretty.json'), pretty);
  await writeFile(join(dir, 'sample.json.zst'), compress(minified, 10));
  await writeFile(join(dir, 'sample.json.gz'), gzipSync(pretty));
  // Names that say nothing about the format: the content decides.
  await writeFile(join(dir, 'sample-download'), minified);
  await writeFile(join(dir, 'sample-download.zst'), compress(minified, 3));
  // Meta keys after data (allowed by JSON; the meta item then comes last).
  await writeFile(join(dir, 'meta-after.json'), JSON.stringify({ data: sampleEntries, ...META }));
  const { lastUpdate, ...before } = META;
  await writeFile(join(dir, 'meta-split.json'), JSON.stringify({ ...before, data: sampleEntries.slice(0, 3), lastUpdate }));
  await writeFile(join(dir, 'bare-array.json'), await readFile(SAMPLE));

  const mapperText = await readFile(MAPPER, 'utf8');
  mapperHeadLines = mapperText.split('\n', 2000);
  const mapperHead = Buffer.from(mapperHeadLines.join('\n') + '\n');
  await writeFile(join(dir, 'mapper-2000.jsonl'), mapperHead);
  await writeFile(join(dir, 'mapper-2000.jsonl.zst'), compress(mapperHead, 19));
  await writeFile(join(dir, 'mapper-2000.zst'), compress(mapperHead, 3));
  await writeFile(join(dir, 'mapper-2000.jsonl.gz'), gzipSync(mapperHead));
  // One broken line (a cut-off object), blank lines and CRLF endings around it.
  const broken = [mapperHeadLines[0], mapperHeadLines[1], '', mapperHeadLines[2]!.slice(0, 150), mapperHeadLines[3], '   ', mapperHeadLines[4]].join('\r\n');
  await writeFile(join(dir, 'broken.jsonl'), broken + '\r\n');
  // Truncated downloads.
  await writeFile(join(dir, 'truncated.json'), minified.subarray(0, Math.floor(minified.length / 2)));
  const zst = compress(minified, 10);
  await writeFile(join(dir, 'truncated.json.zst'), zst.subarray(0, zst.length - 40));
  await writeFile(join(dir, 'not-a-release.json'), JSON.stringify({ hello: 'world' }));
  // The full 7 MB mal release, compressed, served over HTTP below.
  await writeFile(join(dir, 'mal.json.zst'), compress(await readFile(MAL), 3));
  await writeFile(join(dir, 'mapper.jsonl'), mapperText);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('parseReleaseSource / detection', () => {
  it('tells URLs from paths', () => {
    expect(parseReleaseSource('https://github.com/x/releases/download/latest/a.json.zst')).toEqual({
      kind: 'url',
      url: 'https://github.com/x/releases/download/latest/a.json.zst',
    });
    expect(parseReleaseSource('HTTP://example.org/a.jsonl')).toEqual({ kind: 'url', url: 'HTTP://example.org/a.jsonl' });
    expect(parseReleaseSource('file:///tmp/a%20b.json')).toEqual({ kind: 'file', path: '/tmp/a b.json' });
    expect(parseReleaseSource('data/a.json')).toEqual({ kind: 'file', path: resolve('data/a.json') });
    expect(() => parseReleaseSource('  ')).toThrow(ReleaseReadError);
  });

  it('reads hints from names and compression from magic bytes', () => {
    expect(hintFromName('/x/anime-offline-database.jsonl.zst')).toEqual({ format: 'jsonl', compression: 'zstd' });
    expect(hintFromName('anime-offline-database-minified.json')).toEqual({ format: 'json' });
    expect(hintFromName('https://objects.example.com/download/latest/a.json.gz?sig=1.jsonl')).toEqual({ format: 'json', compression: 'gzip' });
    expect(hintFromName('/tmp/odd#name.jsonl')).toEqual({ format: 'jsonl' });
    expect(hintFromName('/download/latest/release')).toEqual({});
    expect(compressionFromMagic(new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0]))).toBe('zstd');
    expect(compressionFromMagic(new Uint8Array([0x1f, 0x8b, 8]))).toBe('gzip');
    expect(compressionFromMagic(Buffer.from('{"a":1}'))).toBe('none');
  });
});

describe('readRelease: local files', () => {
  it('streams the wrapped 2025 sample: meta first, then 10 entries in order', async () => {
    const { items, metas, entries } = await collect(file('sample.json'));
    expect(items[0]).toEqual({ type: 'meta', meta: META });
    expect(metas).toHaveLength(1);
    expect(entries).toHaveLength(10);
    expect(titleOf(entries[0])).toBe('Dandadan');
    expect(titleOf(entries[9])).toBe('Fullmetal Alchemist');
    expect(entries).toEqual(sampleEntries);
    expect(items.slice(1).map((i) => (i.type === 'entry' ? i.index : -1))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reads pretty-printed, zstd, gzip and unnamed variants identically', async () => {
    for (const name of ['sample-pretty.json', 'sample.json.zst', 'sample.json.gz', 'sample-download', 'sample-download.zst']) {
      const { items } = await collect(file(name));
      expect(items[0], name).toEqual({ type: 'meta', meta: META });
      expect(items.slice(1).map((i) => (i.type === 'entry' ? i.raw : undefined)), name).toEqual(sampleEntries);
    }
  });

  it('yields meta last when the root fields follow data, and a complete last meta when split', async () => {
    const after = await collect(file('meta-after.json'));
    expect(after.entries).toEqual(sampleEntries);
    expect(after.items.at(-1)).toEqual({ type: 'meta', meta: META });
    expect(after.metas).toHaveLength(1);

    const split = await collect(file('meta-split.json'));
    expect(split.entries).toHaveLength(3);
    expect(split.metas).toHaveLength(2);
    expect(split.metas[0]).not.toHaveProperty('lastUpdate');
    expect(split.items.at(-1)).toEqual({ type: 'meta', meta: META });
  });

  it('accepts a bare array of entries with an empty meta', async () => {
    const { metas, entries } = await collect(file('bare-array.json'));
    expect(metas).toEqual([{}]);
    expect(entries).toEqual(sampleEntries);
  });

  it('streams the 27,088-entry anime-mapper JSONL with throttled progress', async () => {
    const size = (await stat(MAPPER)).size;
    const progress: ReadProgress[] = [];
    let meta: Record<string, unknown> | undefined;
    let count = 0;
    let first: unknown;
    let lastIndex = -1;
    for await (const item of readRelease({ kind: 'file', path: MAPPER }, { onProgress: (p) => progress.push(p) })) {
      if (item.type === 'meta') meta = item.meta;
      else {
        if (count === 0) first = titleOf(item.raw);
        count++;
        lastIndex = item.index;
        expect(isInvalidJsonEntry(item.raw)).toBe(false);
      }
    }
    expect(count).toBe(MAPPER_ENTRIES);
    expect(lastIndex).toBe(MAPPER_ENTRIES - 1);
    expect(meta?.['lastUpdate']).toBe('2026-07-02');
    expect(first).toBe('Cowboy Bebop');
    // Throttled: about one report per 1000 entries (or 250 ms), plus the final one.
    expect(progress.length).toBeGreaterThanOrEqual(27);
    expect(progress.length).toBeLessThan(200);
    expect(progress.at(-1)).toEqual({ bytesRead: size, totalBytes: size, entries: MAPPER_ENTRIES });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.bytesRead).toBeGreaterThanOrEqual(progress[i - 1]!.bytesRead);
  });

  it('reads the 12,297-entry mal-2016 release exactly as JSON.parse does', async () => {
    const expected = JSON.parse(await readFile(MAL, 'utf8')) as { data: unknown[]; lastUpdate: string };
    const { metas, entries } = await collect({ kind: 'file', path: MAL });
    expect(entries).toHaveLength(MAL_ENTRIES);
    expect(metas).toHaveLength(1);
    expect(metas[0]?.['lastUpdate']).toBe('2016-12-21');
    expect(metas[0]).not.toHaveProperty('data');
    expect(entries).toEqual(expected.data);
  });

  it('reads jsonl.zst / jsonl.gz / unnamed .zst identically to the plain JSONL', async () => {
    const plain = await collect(file('mapper-2000.jsonl'));
    expect(plain.entries).toHaveLength(1999);
    expect(plain.metas[0]?.['lastUpdate']).toBe('2026-07-02');
    expect(titleOf(plain.entries[0])).toBe('Cowboy Bebop');
    for (const name of ['mapper-2000.jsonl.zst', 'mapper-2000.jsonl.gz', 'mapper-2000.zst']) {
      const other = await collect(file(name));
      expect(other.items, name).toEqual(plain.items);
    }
  });

  it('refuses a JSONL release with a broken line whole, naming the line but not its text', async () => {
    const error = await collect(file('broken.jsonl')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedReleaseError);
    expect((error as MalformedReleaseError).code).toBe('RELEASE_MALFORMED');
    expect((error as Error).message).toMatch(/line 4 is not valid JSON .*refused whole \(1 entries read before it\)/);
    expect((error as Error).message).not.toContain(mapperHeadLines[2]!.slice(0, 20));
    expect((error as MalformedReleaseError).details).toEqual({ source: join(dir, 'broken.jsonl'), line: 4, entries: 1 });
  });

  it('rejects missing, truncated and non-release files with ReleaseReadError', async () => {
    const missing = join(dir, 'nope', 'anime-offline-database-minified.json');
    await expect(collect({ kind: 'file', path: missing })).rejects.toThrow(ReleaseReadError);
    await expect(collect({ kind: 'file', path: missing })).rejects.toThrow(missing);
    await expect(collect(file('truncated.json'))).rejects.toThrow(/unexpected end of input inside "data"/);
    await expect(collect(file('truncated.json.zst'))).rejects.toThrow(/zstd/);
    await expect(collect(file('not-a-release.json'))).rejects.toThrow(/no "data" array/);
    await expect(collect({ kind: 'file', path: dir })).rejects.toThrow(/directory/);
  });

  it('stops promptly when aborted, with fewer entries than the file holds', async () => {
    const controller = new AbortController();
    let count = 0;
    const run = async (): Promise<void> => {
      for await (const item of readRelease({ kind: 'file', path: MAPPER }, { signal: controller.signal })) {
        if (item.type === 'entry' && ++count === 500) controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
    expect(count).toBe(500);

    const already = new AbortController();
    already.abort();
    await expect(collect({ kind: 'file', path: MAPPER }, { signal: already.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('stops reading when the consumer breaks out early', async () => {
    let count = 0;
    for await (const item of readRelease({ kind: 'file', path: MAL })) {
      if (item.type === 'entry' && ++count === 10) break;
    }
    expect(count).toBe(10);
  });
});

describe('JsonReleaseScanner', () => {
  it('finds the same values whatever the chunk boundaries (escapes, brackets in strings, unicode)', () => {
    const tricky = [
      { title: 'Quote " and backslash \\ and \\" mixed', tags: ['[not an array]', '{not an object}'] },
      { title: '日本語のタイトル 🎌', synonyms: ['\u00e9\u00e8', '\\'], n: -1.5e3, ok: true, none: null },
      [1, [2, [3]], { a: { b: [] } }],
      'a string entry',
      42,
      false,
    ];
    const text = ` \n{ "lastUpdate" : "2025-01-01", "weird\\"key": {"x": "}"}, "data" : [ ${tricky.map((t) => JSON.stringify(t)).join(' ,\n ')} ] , "n": 7 }\n`;
    for (const size of [1, 2, 3, 5, 7, 13, 64, text.length]) {
      const scanner = new JsonReleaseScanner('test');
      const items: ReleaseItem[] = [];
      for (let i = 0; i < text.length; i += size) {
        scanner.write(text.slice(i, i + size));
        items.push(...scanner.take());
      }
      scanner.end();
      items.push(...scanner.take());
      expect(items.filter((i) => i.type === 'entry').map((i) => (i.type === 'entry' ? i.raw : undefined)), `chunk ${size}`).toEqual(tricky);
      expect(items.at(-1), `chunk ${size}`).toEqual({ type: 'meta', meta: { lastUpdate: '2025-01-01', 'weird"key': { x: '}' }, n: 7 } });
    }
  });

  it('reports structural errors with an offset', () => {
    const scanner = new JsonReleaseScanner('bad.json');
    expect(() => scanner.write('{"lastUpdate": "x" "data": []}')).toThrow(/expected "," or "}" .* at char 19/);
    const dataNotArray = new JsonReleaseScanner('bad.json');
    expect(() => dataNotArray.write('{"data": {}}')).toThrow(/"data" must be an array/);
    const trailing = new JsonReleaseScanner('bad.json');
    expect(() => trailing.write('{"data": []} x')).toThrow(/after the end of the root value/);
  });
});

// ---------------------------------------------------------------------------------------------
// A purpose-built file server: HEAD, ETag/If-None-Match, byte ranges (or not), and a record of
// what it sent, so the tests can prove what was (not) downloaded.

interface Served {
  method: string;
  path: string;
  range?: string;
  userAgent?: string;
  status: number;
  /** Body bytes the server wrote. */
  bytes: number;
  /** False when the client hung up before the whole body was written. */
  finished: boolean;
}

interface FileServer {
  url: string;
  served: Served[];
  close(): Promise<void>;
}

async function startFileServer(root: string, options: { honorRange: boolean }): Promise<FileServer> {
  const served: Served[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const record: Served = {
        method: req.method ?? 'GET',
        path,
        range: req.headers.range,
        userAgent: req.headers['user-agent'],
        status: 0,
        bytes: 0,
        finished: false,
      };
      served.push(record);
      res.on('close', () => {
        record.finished = res.writableFinished;
      });
      const full = join(root, path);
      const info = await stat(full).catch(() => undefined);
      if (!info?.isFile()) return end(res, record, 404);
      const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
      res.setHeader('etag', etag);
      res.setHeader('last-modified', info.mtime.toUTCString());
      res.setHeader('accept-ranges', options.honorRange ? 'bytes' : 'none');
      if (req.headers['if-none-match'] === etag) return end(res, record, 304);
      let start = 0;
      let last = info.size - 1;
      let status = 200;
      const match = options.honorRange ? /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '') : null;
      if (match) {
        start = Number(match[1]);
        last = Math.min(match[2] ? Number(match[2]) : info.size - 1, info.size - 1);
        if (start >= info.size) {
          res.setHeader('content-range', `bytes */${info.size}`);
          return end(res, record, 416);
        }
        status = 206;
        res.setHeader('content-range', `bytes ${start}-${last}/${info.size}`);
      }
      record.status = status;
      res.writeHead(status, { 'content-length': String(last - start + 1), 'content-type': 'application/octet-stream' });
      if (req.method === 'HEAD') return void res.end();
      const stream = createReadStream(full, { start, end: last });
      stream.on('data', (chunk) => (record.bytes += chunk.length));
      res.on('close', () => stream.destroy());
      stream.pipe(res);
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function end(res: ServerResponse, record: Served, status: number): void {
  record.status = status;
  res.writeHead(status);
  res.end();
}

/** A port nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('URL sources', () => {
  let server: FileServer;
  let noRange: FileServer;
  beforeAll(async () => {
    server = await startFileServer(dir, { honorRange: true });
    noRange = await startFileServer(dir, { honorRange: false });
  });
  afterAll(async () => {
    await server?.close();
    await noRange?.close();
  });

  it('streams a compressed release over HTTP with the default User-Agent and Content-Length progress', async () => {
    const progress: ReadProgress[] = [];
    const { metas, entries } = await collect({ kind: 'url', url: `${server.url}/mal.json.zst` }, { onProgress: (p) => progress.push(p) });
    expect(entries).toHaveLength(MAL_ENTRIES);
    expect(metas[0]?.['lastUpdate']).toBe('2016-12-21');
    const size = (await stat(join(dir, 'mal.json.zst'))).size;
    expect(progress.at(-1)).toEqual({ bytesRead: size, totalBytes: size, entries: MAL_ENTRIES });
    expect(server.served.at(-1)?.userAgent).toBe('anime-mcp-server (+https://github.com/)');
  });

  it('reads an unnamed JSONL URL by sniffing, with a custom User-Agent', async () => {
    const { items } = await collect({ kind: 'url', url: `${server.url}/mapper-2000.zst` }, { userAgent: 'test-agent/1' });
    const plain = await collect(file('mapper-2000.jsonl'));
    expect(items).toEqual(plain.items);
    expect(server.served.at(-1)?.userAgent).toBe('test-agent/1');
  });

  it('names the URL and status on HTTP errors', async () => {
    const url = `${server.url}/missing.json`;
    const error = await collect({ kind: 'url', url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReleaseReadError);
    expect((error as ReleaseReadError).message).toContain(url);
    expect((error as ReleaseReadError).message).toContain('404');
    expect((error as ReleaseReadError).details).toMatchObject({ url, status: 404 });
  });

  it('explains the offline workaround when the host is unreachable', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/x.json`;
    const error = await collect({ kind: 'url', url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReleaseReadError);
    const message = (error as ReleaseReadError).message;
    expect(message).toContain(url);
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain('ANIME_DB_SOURCE');
    await expect(checkRemoteRelease(url)).rejects.toThrow(/ANIME_DB_SOURCE/);
  });

  it('aborts a download mid-stream and hangs up', async () => {
    const controller = new AbortController();
    let count = 0;
    const run = async (): Promise<void> => {
      for await (const item of readRelease({ kind: 'url', url: `${server.url}/mapper.jsonl` }, { signal: controller.signal })) {
        if (item.type === 'entry' && ++count === 300) controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
    expect(count).toBe(300);
    await expect.poll(() => server.served.at(-1)?.finished, { timeout: 5000 }).toBe(false);
    const last = server.served.at(-1);
    expect(last?.path).toBe('/mapper.jsonl');
    expect(last?.bytes).toBeLessThan((await stat(MAPPER)).size);
  });

  describe('checkRemoteRelease', () => {
    it('reads lastUpdate of a 7 MB JSON release from its first 4 KiB', async () => {
      await writeFile(join(dir, 'mal-plain.json'), await readFile(MAL));
      const size = (await stat(MAL)).size;
      const before = server.served.length;
      const result = await checkRemoteRelease(`${server.url}/mal-plain.json`);
      expect(result).toMatchObject({ url: `${server.url}/mal-plain.json`, lastUpdate: '2016-12-21', contentLength: size });
      expect(result.etag).toMatch(/^".+"$/);
      expect(result.lastModified).toBeTruthy();
      expect(result.notModified).toBeUndefined();
      const requests = server.served.slice(before);
      expect(requests.map((r) => r.method)).toEqual(['HEAD', 'GET']);
      expect(requests[1]).toMatchObject({ range: 'bytes=0-4095', status: 206, bytes: 4096 });
    });

    it('reads lastUpdate from JSONL, JSONL.zst and json.zst heads', async () => {
      expect((await checkRemoteRelease(`${server.url}/mapper.jsonl`)).lastUpdate).toBe('2026-07-02');
      const before = server.served.length;
      expect((await checkRemoteRelease(`${server.url}/mapper-2000.jsonl.zst`)).lastUpdate).toBe('2026-07-02');
      expect((await checkRemoteRelease(`${server.url}/mapper-2000.jsonl.gz`)).lastUpdate).toBe('2026-07-02');
      expect((await checkRemoteRelease(`${server.url}/mal.json.zst`)).lastUpdate).toBe('2016-12-21');
      const gets = server.served.slice(before).filter((r) => r.method === 'GET');
      expect(gets.every((r) => r.status === 206 && r.range !== undefined)).toBe(true);
      const zstSize = (await stat(join(dir, 'mal.json.zst'))).size;
      const malGets = gets.filter((r) => r.path === '/mal.json.zst');
      expect(malGets.reduce((n, r) => n + r.bytes, 0)).toBeLessThan(zstSize);
    });

    it('names the URL and status when the release is missing', async () => {
      const url = `${server.url}/gone.json`;
      await expect(checkRemoteRelease(url)).rejects.toThrow(ReleaseReadError);
      await expect(checkRemoteRelease(url)).rejects.toThrow(`${url} failed: HTTP 404`);
    });

    it('answers notModified for a matching ETag without reading content', async () => {
      const first = await checkRemoteRelease(`${server.url}/mapper.jsonl`);
      expect(first.etag).toBeTruthy();
      const before = server.served.length;
      const again = await checkRemoteRelease(`${server.url}/mapper.jsonl`, { etag: first.etag });
      expect(again).toMatchObject({ notModified: true, etag: first.etag });
      expect(server.served.slice(before)).toEqual([expect.objectContaining({ method: 'HEAD', status: 304 })]);
      const changed = await checkRemoteRelease(`${server.url}/mapper.jsonl`, { etag: '"older"' });
      expect(changed.notModified).toBeUndefined();
      expect(changed.lastUpdate).toBe('2026-07-02');
    });

    it('cuts the body short when the server ignores Range', async () => {
      const size = (await stat(MAPPER)).size;
      const info = await checkRemoteRelease(`${noRange.url}/mapper.jsonl`);
      expect(info).toMatchObject({ lastUpdate: '2026-07-02', contentLength: size });
      const get = noRange.served.find((r) => r.method === 'GET' && r.path === '/mapper.jsonl');
      expect(get?.status).toBe(200);
      await expect.poll(() => get?.finished, { timeout: 5000 }).toBe(false);
      expect(get?.bytes).toBeLessThan(size);
    });

    it('finds lastUpdate after data only when the whole file fits the peek window', async () => {
      // The 10-entry sample fits in the 256 KiB window, so its closing root fields are seen.
      expect((await checkRemoteRelease(`${server.url}/meta-after.json`)).lastUpdate).toBe('2025-07-01');
      const mal = JSON.parse(await readFile(MAL, 'utf8')) as { data: unknown[] };
      await writeFile(join(dir, 'mal-meta-after.json'), JSON.stringify({ data: mal.data, ...META }));
      const before = server.served.length;
      const info = await checkRemoteRelease(`${server.url}/mal-meta-after.json`);
      expect(info.lastUpdate).toBeUndefined();
      expect(info.contentLength).toBe((await stat(join(dir, 'mal-meta-after.json'))).size);
      const bytes = server.served.slice(before).reduce((n, r) => n + r.bytes, 0);
      expect(bytes).toBe(262_144);
    });
  });
});
