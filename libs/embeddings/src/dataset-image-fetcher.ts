import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertImage } from './image-sniff';

/** The hosts manami's `picture`/`thumbnail` URLs point at (IMAGE_HOSTS_ALLOW's default). */
export const DEFAULT_IMAGE_HOSTS: string[] = ['cdn.myanimelist.net', 'media.kitsu.app', 's4.anilist.co', 'cdn.anime-planet.com'];

/**
 * Pictures that stand for "no picture" (MAL's app icon, anime-planet's seasonal defaults,
 * manami's no_pic). Embedding them would make every entry without art look alike.
 */
const PLACEHOLDERS = [/^https:\/\/cdn\.myanimelist\.net\/img\/sp\/icon\//, /^https:\/\/cdn\.anime-planet\.com\/images\/anime\/default\//, /\/manami-project\/anime-offline-database\/.*\/pics\/no_pic/];

export interface DatasetImageFetcherOptions {
  /** `host` or `host:port` entries (IMAGE_HOSTS_ALLOW); a host without a port allows its scheme's default port only. */
  allowHosts: string[];
  /** Where downloaded images are kept (by content hash) with a URL → hash index. */
  cacheDir: string;
  /** Downloads in flight at once; default 8. */
  concurrency?: number;
  /** Per-download deadline; default 15 s. */
  timeoutMs?: number;
  /** Largest image accepted; default 5 MiB. */
  maxBytes?: number;
  /** HTTP client; default the global fetch. */
  fetch?: typeof fetch;
}

/** Counters for an ingest run's report: why images were or were not obtained. */
export interface DatasetImageStats {
  downloaded: number;
  fromCache: number;
  placeholder: number;
  hostNotAllowed: number;
  failed: number;
  /** Failures by reason (`HTTP 404`, `timeout`, `not an image`, `too large`, `network`, `redirect`, `cache write`). */
  failures: Record<string, number>;
}

type Outcome = { bytes: Uint8Array; hash: string } | undefined;
const MAX_REDIRECTS = 3;

/**
 * Downloads dataset pictures for embedding: only from allow-listed hosts (this is not the
 * user-URL path — that one is SSRF-guarded instead), a bounded number at a time, each URL once
 * per process, and cached on disk so a re-ingest does not download the catalog again. A missing,
 * placeholder or failed image gives `undefined` (and a count) — never a stand-in image.
 */
export class DatasetImageFetcher {
  private readonly allow: Set<string>;
  private readonly inFlight = new Map<string, Promise<Outcome>>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  private readonly counters: DatasetImageStats = { downloaded: 0, fromCache: 0, placeholder: 0, hostNotAllowed: 0, failed: 0, failures: {} };
  private readonly o: Required<Omit<DatasetImageFetcherOptions, 'allowHosts'>>;

  constructor(options: DatasetImageFetcherOptions) {
    this.allow = new Set(options.allowHosts.map((h) => h.trim().toLowerCase()).filter(Boolean));
    this.o = { concurrency: 8, timeoutMs: 15_000, maxBytes: 5 << 20, fetch: globalThis.fetch, ...options };
  }

  /** The image at `url` and the SHA-256 of its bytes, or undefined when it cannot be had. */
  get(url: string): Promise<Outcome> {
    let pending = this.inFlight.get(url);
    if (!pending) {
      pending = this.load(url).finally(() => this.inFlight.delete(url));
      this.inFlight.set(url, pending);
    }
    return pending;
  }

  /** A snapshot of the counters. */
  stats(): DatasetImageStats {
    return { ...this.counters, failures: { ...this.counters.failures } };
  }

  private async load(url: string): Promise<Outcome> {
    if (PLACEHOLDERS.some((p) => p.test(url))) {
      this.counters.placeholder++;
      return undefined;
    }
    if (!this.isAllowed(url)) {
      this.counters.hostNotAllowed++;
      return undefined;
    }
    const cached = await this.readCache(url);
    if (cached) {
      this.counters.fromCache++;
      return cached;
    }
    await this.acquire();
    try {
      const bytes = await this.download(url);
      const hash = createHash('sha256').update(bytes).digest('hex');
      // The image is good even if the disk is not: count the cache problem, keep the image.
      await this.writeCache(url, hash, bytes).catch(() => this.countFailure('cache write'));
      this.counters.downloaded++;
      return { bytes, hash };
    } catch (error) {
      this.counters.failed++;
      this.countFailure(error instanceof DownloadFailure ? error.reason : 'network');
      return undefined;
    } finally {
      this.release();
    }
  }

  private countFailure(reason: string): void {
    this.counters.failures[reason] = (this.counters.failures[reason] ?? 0) + 1;
  }

  private isAllowed(raw: string): boolean {
    try {
      const url = new URL(raw);
      return (url.protocol === 'https:' || url.protocol === 'http:') && this.allow.has(url.host.toLowerCase());
    } catch {
      return false;
    }
  }

  private async download(url: string): Promise<Uint8Array> {
    const signal = AbortSignal.timeout(this.o.timeoutMs);
    let current = url;
    try {
      for (let hop = 0; ; hop++) {
        const response = await this.o.fetch(current, { redirect: 'manual', signal, headers: { accept: 'image/*' } });
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) {
          await response.body?.cancel();
          current = new URL(location, current).href;
          if (hop >= MAX_REDIRECTS || !this.isAllowed(current)) throw new DownloadFailure('redirect');
          continue;
        }
        if (!response.ok) {
          await response.body?.cancel();
          throw new DownloadFailure(`HTTP ${response.status}`);
        }
        const bytes = await this.readCapped(response);
        try {
          assertImage(bytes, this.o.maxBytes);
        } catch {
          throw new DownloadFailure('not an image');
        }
        return bytes;
      }
    } catch (error) {
      if (signal.aborted) throw new DownloadFailure('timeout');
      throw error;
    }
  }

  private async readCapped(response: Response): Promise<Uint8Array> {
    if (Number(response.headers.get('content-length')) > this.o.maxBytes) {
      await response.body?.cancel();
      throw new DownloadFailure('too large');
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of response.body ?? []) {
      total += chunk.length;
      if (total > this.o.maxBytes) throw new DownloadFailure('too large');
      chunks.push(chunk);
    }
    return new Uint8Array(Buffer.concat(chunks));
  }

  private urlIndexPath(url: string): string {
    const key = createHash('sha256').update(url).digest('hex');
    return join(this.o.cacheDir, 'urls', key.slice(0, 2), key);
  }

  private blobPath(hash: string): string {
    return join(this.o.cacheDir, 'blobs', hash.slice(0, 2), hash);
  }

  private async readCache(url: string): Promise<Outcome> {
    try {
      const hash = (await readFile(this.urlIndexPath(url), 'utf8')).trim();
      const bytes = new Uint8Array(await readFile(this.blobPath(hash)));
      // A torn or tampered blob is a miss, not an image.
      return createHash('sha256').update(bytes).digest('hex') === hash ? { bytes, hash } : undefined;
    } catch {
      return undefined;
    }
  }

  private async writeCache(url: string, hash: string, bytes: Uint8Array): Promise<void> {
    await atomicWrite(this.blobPath(hash), bytes);
    await atomicWrite(this.urlIndexPath(url), hash);
  }

  private async acquire(): Promise<void> {
    if (this.active < this.o.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resume) => this.waiting.push(resume));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

class DownloadFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

async function atomicWrite(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path);
}
