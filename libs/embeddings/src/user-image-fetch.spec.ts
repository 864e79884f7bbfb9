import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, ValidationError } from '@anime/contracts';
import { freePort, makePoster, startReplayServer, type ReplayServer } from '@anime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nonPublicReason, type AddressPolicy } from './address-policy';
import { fetchUserImage } from './user-image-fetch';

describe('fetchUserImage (SSRF guard)', () => {
  let dir: string;
  let server: ReplayServer;
  let port: number;
  /** Exactly one loopback server counts as "public"; everything else gets the real policy. */
  let onlyReplayServer: AddressPolicy;
  const poster = makePoster(11);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'user-image-'));
    await writeFile(join(dir, 'poster.png'), poster);
    const big = makePoster(12, 600);
    await writeFile(join(dir, 'big.png'), big);
    await writeFile(join(dir, 'page.html'), '<!DOCTYPE html><html><body>not a picture</body></html>');
    server = await startReplayServer({
      dir,
      routes: [
        { path: '/poster.png', file: 'poster.png', headers: { 'content-type': 'application/octet-stream' } },
        { path: '/moved', status: 302, headers: { location: '/poster.png' } },
        { path: '/to-private', status: 302, headers: { location: 'http://10.0.0.5/internal' } },
        { path: '/to-metadata', status: 301, headers: { location: 'http://169.254.169.254/latest/meta-data/' } },
        { path: '/to-file', status: 307, headers: { location: 'file:///etc/passwd' } },
        { path: '/loop', status: 302, headers: { location: '/loop' } },
        { path: '/big.png', file: 'big.png', headers: { 'content-type': 'image/png', 'content-length': String(big.length) } },
        { path: '/big-chunked.png', file: 'big.png', headers: { 'content-type': 'image/png', 'transfer-encoding': 'chunked' } },
        { path: '/page.html', file: 'page.html', headers: { 'content-type': 'image/png' } },
        { path: '/slow.png', file: 'poster.png', delayMs: 3_000 },
      ],
    });
    port = Number(new URL(server.url).port);
    onlyReplayServer = (t) => (t.address === '127.0.0.1' && t.port === port ? undefined : nonPublicReason(t.address));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const refusal = async (url: string, options: Parameters<typeof fetchUserImage>[1] = {}): Promise<string> => {
    const error = await fetchUserImage(url, { addressPolicy: onlyReplayServer, ...options }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  };

  it('fetches an image from an allowed server, sniffing the type instead of trusting the header', async () => {
    const image = await fetchUserImage(`${server.url}/poster.png`, { addressPolicy: onlyReplayServer });
    expect(Buffer.from(image.bytes).equals(Buffer.from(poster))).toBe(true);
    expect(image.contentType).toBe('image/png');
    expect(image.finalUrl).toBe(`${server.url}/poster.png`);
    expect(server.requests.at(-1)?.headers.host).toBe(`127.0.0.1:${port}`);
  });

  it('follows a redirect that stays on allowed addresses', async () => {
    const image = await fetchUserImage(`${server.url}/moved`, { addressPolicy: onlyReplayServer });
    expect(image.finalUrl).toBe(`${server.url}/poster.png`);
  });

  it('refuses loopback: another local port, localhost, and IPv4-mapped IPv6', async () => {
    const other = await freePort();
    expect(await refusal(`http://127.0.0.1:${other}/x.png`)).toBe(
      'image URL host 127.0.0.1, a loopback address; private, loopback, link-local and metadata addresses are refused',
    );
    expect(await refusal(`http://localhost:${port}/poster.png`, { addressPolicy: undefined })).toMatch(/^image URL host "localhost" resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(await refusal('http://[::ffff:127.0.0.1]/x.png')).toContain('::ffff:7f00:1, a loopback address');
    expect(await refusal('http://2130706433/x.png')).toContain('127.0.0.1, a loopback address'); // decimal form of 127.0.0.1
  });

  it('refuses private 10.x and the cloud metadata address before connecting', async () => {
    expect(await refusal('http://10.0.0.1/poster.png')).toBe('image URL host 10.0.0.1, a private address; private, loopback, link-local and metadata addresses are refused');
    expect(await refusal('http://169.254.169.254/latest/meta-data/')).toContain('169.254.169.254, a cloud metadata address');
  });

  it('re-checks redirects: an allowed server redirecting to a private or metadata address is refused', async () => {
    expect(await refusal(`${server.url}/to-private`)).toBe(
      'redirect 1 to http://10.0.0.5/internal refused: image URL host 10.0.0.5, a private address; private, loopback, link-local and metadata addresses are refused',
    );
    expect(await refusal(`${server.url}/to-metadata`)).toContain('redirect 1 to http://169.254.169.254/latest/meta-data/ refused: image URL host 169.254.169.254, a cloud metadata address');
    expect(await refusal(`${server.url}/to-file`)).toBe(`redirect 1 from ${server.url}/to-file goes to file:// URLs are refused: only http and https image URLs are allowed`);
    expect(await refusal(`${server.url}/loop`)).toBe(`too many redirects (more than 3) fetching ${server.url}/loop`);
  });

  it('refuses an oversize body, whether announced by Content-Length or only found while streaming', async () => {
    expect(await refusal(`${server.url}/big.png`, { maxBytes: 4096 })).toMatch(/^image is over the 4 KiB limit \(Content-Length \d+ KiB\)$/);
    expect(await refusal(`${server.url}/big-chunked.png`, { maxBytes: 4096 })).toMatch(/^image is over the 4 KiB limit \(stopped after \d+ KiB\)$/);
  });

  it('refuses a body that is not an image even when labelled image/png', async () => {
    expect(await refusal(`${server.url}/page.html`)).toBe('not an image: the body is an HTML page; JPEG, PNG, WebP or GIF expected');
  });

  it('refuses non-http schemes and malformed URLs', async () => {
    expect(await refusal('file:///etc/passwd')).toBe('file:// URLs are refused: only http and https image URLs are allowed');
    expect(await refusal('ftp://example.com/a.png')).toBe('ftp:// URLs are refused: only http and https image URLs are allowed');
    expect(await refusal('gopher://127.0.0.1:6379/_INFO')).toContain('gopher:// URLs are refused');
    expect(await refusal('not a url')).toBe('"not a url" is not a valid URL');
    expect(await refusal(`http://user:pw@127.0.0.1:${port}/poster.png`)).toBe('URLs with credentials are refused');
  });

  it('reports HTTP errors and timeouts with the URL', async () => {
    expect(await refusal(`${server.url}/missing.png`)).toBe(`image URL answered HTTP 404 (${server.url}/missing.png)`);
    expect(await refusal(`${server.url}/slow.png`, { timeoutMs: 200 })).toBe(`image download timed out after 200 ms (${server.url}/slow.png)`);
  });

  it('turns caller cancellation into CancelledError', async () => {
    const controller = new AbortController();
    const pending = fetchUserImage(`${server.url}/slow.png`, { addressPolicy: onlyReplayServer, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });
});
