import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePoster, startReplayServer, type ReplayServer } from '@anime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetImageFetcher, DEFAULT_IMAGE_HOSTS } from './dataset-image-fetcher';

const POSTERS = 12;

describe('DatasetImageFetcher against a local image server', () => {
  let root: string;
  let server: ReplayServer;
  let host: string;
  const posters = Array.from({ length: POSTERS }, (_, i) => makePoster(100 + i));
  const big = makePoster(999, 800);
  const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'dataset-images-'));
    const files = join(root, 'served');
    await mkdir(files);
    await Promise.all(posters.map((p, i) => writeFile(join(files, `${i}.png`), p)));
    await writeFile(join(files, 'page.html'), '<!DOCTYPE html><html></html>');
    await writeFile(join(files, 'big.png'), big);
    server = await startReplayServer({
      dir: files,
      routes: [
        ...posters.map((_, i) => ({ path: `/images/anime/${i}.png`, file: `${i}.png`, headers: { 'content-type': 'image/png' }, delayMs: 30 })),
        { path: '/images/html', file: 'page.html' },
        { path: '/images/big.png', file: 'big.png' },
        { path: '/images/slow.png', file: '0.png', delayMs: 2_000 },
        { path: '/images/moved', status: 302, headers: { location: '/images/anime/1.png' } },
        { path: '/images/elsewhere', status: 302, headers: { location: 'http://10.0.0.1/x.png' } },
      ],
    });
    host = new URL(server.url).host;
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  const fresh = (name: string, extra: Partial<ConstructorParameters<typeof DatasetImageFetcher>[0]> = {}): DatasetImageFetcher =>
    new DatasetImageFetcher({ allowHosts: [host], cacheDir: join(root, name), ...extra });
  const requestsFor = (path: string): number => server.requests.filter((r) => r.path === path).length;

  it('downloads an allow-listed image with its content hash, then serves it from the disk cache', async () => {
    const fetcher = fresh('cache');
    const image = await fetcher.get(`${server.url}/images/anime/0.png`);
    expect(Buffer.from(image!.bytes).equals(Buffer.from(posters[0]!))).toBe(true);
    expect(image!.hash).toBe(sha256(posters[0]!));
    expect(requestsFor('/images/anime/0.png')).toBe(1);

    expect((await fetcher.get(`${server.url}/images/anime/0.png`))!.hash).toBe(image!.hash);
    const restarted = fresh('cache');
    expect((await restarted.get(`${server.url}/images/anime/0.png`))!.hash).toBe(image!.hash);
    expect(requestsFor('/images/anime/0.png')).toBe(1);
    expect(fetcher.stats()).toMatchObject({ downloaded: 1, fromCache: 1, failed: 0 });
    expect(restarted.stats()).toMatchObject({ downloaded: 0, fromCache: 1 });
  });

  it('never has more downloads in flight than the concurrency limit, and fetches a URL once when asked twice at once', async () => {
    let inFlight = 0;
    let peak = 0;
    const counting: typeof fetch = async (input, init) => {
      peak = Math.max(peak, ++inFlight);
      try {
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const fetcher = fresh('concurrency', { concurrency: 3, fetch: counting });
    const urls = posters.map((_, i) => `${server.url}/images/anime/${i}.png`);
    const before = requestsFor('/images/anime/5.png');
    const results = await Promise.all([...urls, urls[5]!].map((u) => fetcher.get(u)));
    expect(results.map((r) => r?.hash)).toEqual([...posters, posters[5]!].map(sha256));
    expect(peak).toBe(3);
    expect(requestsFor('/images/anime/5.png') - before).toBe(1);
  });

  it('refuses hosts that are not allow-listed without any request, and placeholder pictures', async () => {
    const fetcher = fresh('refused');
    const count = server.requests.length;
    const otherPort = `http://127.0.0.1:${Number(new URL(server.url).port) + 1}/images/anime/0.png`;
    expect(await fetcher.get(otherPort)).toBeUndefined();
    expect(await fetcher.get('http://169.254.169.254/latest/meta-data/')).toBeUndefined();
    expect(await fetcher.get('file:///etc/passwd')).toBeUndefined();
    expect(await fetcher.get('https://cdn.myanimelist.net/img/sp/icon/apple-touch-icon-256.png')).toBeUndefined();
    expect(await fetcher.get('https://cdn.anime-planet.com/images/anime/default/default-anime-summer.png')).toBeUndefined();
    expect(server.requests.length).toBe(count);
    expect(fetcher.stats()).toMatchObject({ hostNotAllowed: 3, placeholder: 2, downloaded: 0 });
  });

  it('turns failures into undefined with a counted reason — never a stand-in image', async () => {
    const maxBytes = Math.max(...posters.map((p) => p.length));
    expect(big.length).toBeGreaterThan(maxBytes);
    const fetcher = fresh('failures', { maxBytes, timeoutMs: 300 });
    const outcomes = await Promise.all(
      ['/images/missing.png', '/images/html', '/images/big.png', '/images/slow.png', '/images/elsewhere'].map((p) => fetcher.get(`${server.url}${p}`)),
    );
    expect(outcomes).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(fetcher.stats()).toMatchObject({ failed: 5, downloaded: 0, failures: { 'HTTP 404': 1, 'not an image': 1, 'too large': 1, timeout: 1, redirect: 1 } });
    expect(await fetcher.get(`${server.url}/images/moved`)).toMatchObject({ hash: sha256(posters[1]!) });
  });

  it('defaults to the CDN hosts the dataset’s pictures use', () => {
    expect(DEFAULT_IMAGE_HOSTS).toEqual(expect.arrayContaining(['cdn.myanimelist.net', 'media.kitsu.app']));
  });
});
