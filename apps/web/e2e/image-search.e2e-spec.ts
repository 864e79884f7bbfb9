import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntoTemp, expectEvery, makePoster, repoRoot, sampleEntries, spawnApp, startPosterServer, writeRelease, writeTinyClip, type PosterServer, type SpawnedApp } from '@anime/testing';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = join(repoRoot(), 'reports', 'screenshots');

type Entry = { title: string; sources: string[]; picture: string; thumbnail: string };

// Image search and similar anime in the browser, against `npm start` with the generated tiny CLIP
// (real loading and inference path, random weights): ingest embeds the real 2025 sample, whose
// posters a local image server (on IMAGE_HOSTS_ALLOW) serves as generated PNGs.
describe('web console: image search and similar anime (headless Chromium, tiny CLIP)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-image-'));
  let images: PosterServer;
  let app: SpawnedApp;
  let browser: Browser;
  let entries: Entry[];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    images = await startPosterServer();
    entries = (sampleEntries() as Entry[]).map((e, i) => ({ ...e, picture: images.url(i), thumbnail: images.url(i) }));
    app = await spawnApp({
      distDir: buildIntoTemp(),
      app: 'standalone',
      env: {
        DATA_DIR: join(dir, 'data'),
        ANIME_DB_SOURCE: writeRelease(join(dir, 'release.json'), entries, '2025-07-21'),
        EMBEDDINGS: 'on',
        CLIP_MODEL: await writeTinyClip(join(dir, 'clip')),
        MODELS_DIR: join(dir, 'models'),
        IMAGE_HOSTS_ALLOW: images.host,
        ANILIST_BASE_URL: 'http://127.0.0.1:1',
        JIKAN_BASE_URL: 'http://127.0.0.1:1/v4',
        KITSU_BASE_URL: 'http://127.0.0.1:1/api/edge',
      },
      readyPath: '/health/ready',
      timeoutMs: 90_000,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await images?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${app.url}/${path}`);
    return page;
  }

  it('a dropped-in poster file finds its anime first, with its similarity', async () => {
    const page = await open('#/image');
    const target = 3;
    await page.locator('input[type="file"]').setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: Buffer.from(makePoster(target, 160)) });
    const first = page.locator('section[aria-label="Matches"] a.card-link').first();
    await first.waitFor({ timeout: 20_000 });
    expect(await first.locator('.card-title').textContent()).toBe(entries[target]?.title);
    const similarity = Number((await first.locator('.card-extra').textContent())?.replace('similarity ', ''));
    expect(similarity).toBeGreaterThan(0.98);
    await expect.poll(() => page.locator('section[aria-label="Matches"] .notice').count()).toBe(0); // a confident match: no weak-match note
    await page.screenshot({ path: join(SCREENSHOTS, 'image-search-match.png'), fullPage: true });
    await page.context().close();
  }, 60_000);

  it('an image URL on a private address is refused with an understandable message', async () => {
    const page = await open('#/image');
    await page.getByLabel('Or the image’s URL').fill('http://127.0.0.1:9/poster.png');
    await page.getByRole('button', { name: 'Search' }).click();
    const alert = page.getByRole('alert').first();
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toMatch(/private|loopback|not allowed|refused/i);
    await page.context().close();
  }, 30_000);

  it('an anime page lists similar anime, each with its "why"', async () => {
    const page = await open('#/anime/mal%3A16498');
    const cards = page.locator('section[aria-labelledby="similar-h"] a.card-link');
    await cards.first().waitFor({ timeout: 20_000 });
    expect(await cards.count()).toBeGreaterThan(0);
    const whys = await page.locator('section[aria-labelledby="similar-h"] .card-why').allTextContents();
    expect(whys.length).toBe(await cards.count());
    expectEvery(whys, (w) => expect(w.trim().length).toBeGreaterThan(0), 'the similar cards’ whys');
    await page.screenshot({ path: join(SCREENSHOTS, 'anime-similar.png'), fullPage: true });
    await page.context().close();
  }, 60_000);
});
