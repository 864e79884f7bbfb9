import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, type AppError } from '@anime/contracts';
import { readRelease } from '@anime/catalog';
import { DatasetSourcePolicy } from './dataset-source.policy';

// Issue #15, item 5: the admin `source` override read any local file or URL. Real files, a real
// local HTTP server (the process edge); the policy decides before anything is read.
const dir = mkdtempSync(join(tmpdir(), 'source-policy-'));
const releases = join(dir, 'releases');
const configured = join(dir, 'configured.json');
const secret = join(dir, 'secret.txt');
let server: Server;
let port: number;
const served: string[] = [];

beforeAll(async () => {
  mkdirSync(releases);
  writeFileSync(configured, '{}');
  writeFileSync(join(releases, 'v2.jsonl'), '{"lastUpdate":"2026-07-02"}\n');
  writeFileSync(secret, 'root:$6$s3cr3t:19000:0:99999:7:::\n');
  symlinkSync(secret, join(releases, 'innocent.jsonl'));
  symlinkSync(dir, join(releases, 'up'));
  server = createServer((req, res) => {
    served.push(req.url ?? '');
    const redirect = /^\/to\/(.*)$/.exec(req.url ?? '');
    if (redirect) {
      res.writeHead(302, { location: decodeURIComponent(redirect[1] ?? '') });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.end('{"lastUpdate":"2026-07-02"}\n');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});

const refused = async (policy: DatasetSourcePolicy, source: string): Promise<AppError> => {
  const error = await policy.check(source).catch((e: unknown) => e);
  expect(error, source).toBeInstanceOf(ForbiddenError);
  return error as AppError;
};

async function download(policy: DatasetSourcePolicy, source: string): Promise<string | undefined> {
  const allowed = await policy.check(source);
  for await (const item of readRelease(allowed.source, { fetchImpl: allowed.fetchImpl })) if (item.type === 'meta') return item.meta['lastUpdate'] as string;
  return undefined;
}

describe('DatasetSourcePolicy: files', () => {
  const policy = new DatasetSourcePolicy(configured, [releases]);

  it('allows ANIME_DB_SOURCE and files inside an allow-listed folder (missing ones too: the read says "not found")', async () => {
    expect((await policy.check(undefined)).source).toEqual({ kind: 'file', path: configured });
    expect((await policy.check(configured)).text).toBe(configured);
    expect((await policy.check(join(releases, 'v2.jsonl'))).source).toEqual({ kind: 'file', path: join(releases, 'v2.jsonl') });
    expect((await policy.check(join(releases, 'v3.jsonl'))).source.kind).toBe('file');
  });

  it('refuses /etc/passwd, file: URLs and relative escapes, naming the source and the setting, never the content', async () => {
    for (const source of ['/etc/passwd', 'file:///etc/passwd', `${releases}/../secret.txt`, secret, `${releases}/..`]) {
      const error = await refused(policy, source);
      expect(error.message).toContain(`dataset source "${source}" is not allowed`);
      expect(error.message).toContain('ANIME_DB_SOURCE_ALLOW');
      expect(error.message).not.toMatch(/root|s3cr3t/);
    }
  });

  it('refuses symlinks that lead out of the allowed folder', async () => {
    await refused(policy, join(releases, 'innocent.jsonl'));
    await refused(policy, join(releases, 'up', 'secret.txt'));
  });

  it('allows nothing but ANIME_DB_SOURCE when the allow-list is empty', async () => {
    const strict = new DatasetSourcePolicy(configured, []);
    await refused(strict, join(releases, 'v2.jsonl'));
    expect((await strict.check(undefined)).text).toBe(configured);
  });
});

describe('DatasetSourcePolicy: URLs', () => {
  it('refuses loopback, private and metadata URLs that the allow-list does not name (no request is made)', async () => {
    const policy = new DatasetSourcePolicy(configured, ['https://github.com/manami-project/anime-offline-database/releases/']);
    const before = served.length;
    for (const url of [
      `http://127.0.0.1:${port}/release.jsonl`,
      `http://localhost:${port}/release.jsonl`,
      `http://[::ffff:127.0.0.1]:${port}/release.jsonl`,
      'http://169.254.169.254/latest/meta-data/',
      'https://github.com/someone-else/releases/x.json',
      'https://github.com.evil.example/manami-project/anime-offline-database/releases/x.json',
      'ftp://github.com/manami-project/anime-offline-database/releases/x.json',
    ]) {
      expect((await refused(policy, url)).message).toContain('is not allowed');
    }
    expect(served.length).toBe(before);
    expect((await refused(policy, 'https://user:pw@github.com/manami-project/anime-offline-database/releases/x.json')).message).not.toContain('pw');
  });

  it('allows a URL under an allow-listed prefix (`:*` = any port) and downloads from it', async () => {
    const policy = new DatasetSourcePolicy(configured, ['http://127.0.0.1:*/mirror/']);
    expect(await download(policy, `http://127.0.0.1:${port}/mirror/anime-offline-database.jsonl`)).toBe('2026-07-02');
    await refused(policy, `http://127.0.0.1:${port}/mirrors/x.jsonl`);
    await refused(policy, `http://127.0.0.1:${port}/other/x.jsonl`);
  });

  it('checks every redirect hop: a named mirror cannot bounce the download to a host it does not name on an inside address', async () => {
    const policy = new DatasetSourcePolicy(configured, ['http://127.0.0.1:*/']);
    for (const target of [`http://localhost:${port}/secret`, `http://[::ffff:7f00:1]:${port}/secret`, `http://[::127.0.0.1]:${port}/secret`, 'http://169.254.169.254/latest/meta-data/']) {
      const before = served.length;
      const error = await download(policy, `http://127.0.0.1:${port}/to/${encodeURIComponent(target)}`).catch((e: unknown) => e);
      expect(error, target).toBeInstanceOf(ForbiddenError);
      expect((error as Error).message, target).toMatch(/dataset URL host .*(a loopback address|a cloud metadata address); only public addresses/);
      expect(served.slice(before), target).toEqual([`/to/${encodeURIComponent(target)}`]); // the inside host was never asked
    }
  });

  it('refuses non-http redirects and redirect loops', async () => {
    const policy = new DatasetSourcePolicy(configured, ['http://127.0.0.1:*/']);
    await expect(download(policy, `http://127.0.0.1:${port}/to/${encodeURIComponent('file:///etc/passwd')}`)).rejects.toThrow(/file:\/\/ URLs are refused/);
    let url = `http://127.0.0.1:${port}/release.jsonl`;
    for (let i = 0; i < 7; i++) url = `http://127.0.0.1:${port}/to/${encodeURIComponent(url)}`;
    await expect(download(policy, url)).rejects.toThrow(/too many redirects/);
  });
});
