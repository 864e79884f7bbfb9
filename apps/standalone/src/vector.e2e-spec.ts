import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntoTemp, loadRealEntries, makePoster, sampleEntries, sharedData, spawnApp, startPosterServer, writeRelease, writeTinyClip, type PosterServer, type SpawnedApp } from '@anime/testing';

const ADMIN_KEY = 'vector-e2e-admin-key-0123';
type Entry = { title: string; sources: string[]; relatedAnime: string[]; picture: string; thumbnail: string };
type Match = { anime: { id: string; title: string }; similarity: number };
type ImageAnswer = { items: Match[]; lowConfidence: boolean; note?: string; warnings: string[] };

// `npm start` with the generated tiny CLIP: ingest embeds the real sample (posters served by a
// local image server on IMAGE_HOSTS_ALLOW), then image, similar and semantic search over REST.
describe('vector search (standalone, tiny CLIP, embedded store)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vector-e2e-'));
  let images: PosterServer;
  let app: SpawnedApp;
  let entries: Entry[];

  beforeAll(async () => {
    images = await startPosterServer();
    // The 10 real 2025 entries plus the real 2026 entries of the Shingeki no Kyojin franchise.
    const sample = sampleEntries() as Entry[];
    const aot = sample.find((e) => e.title === 'Shingeki no Kyojin') as Entry;
    const franchise = (loadRealEntries(sharedData('anime-mapper-2026.jsonl')) as unknown as Entry[]).filter((e) => e.sources.some((s) => aot.relatedAnime.includes(s))).slice(0, 8);
    entries = [...sample, ...franchise].map((e, i) => ({ ...e, picture: images.url(i), thumbnail: images.url(i) }));
    const release = writeRelease(join(dir, 'anime-offline-database-minified.json'), entries, '2025-07-21');
    app = await spawnApp({
      distDir: buildIntoTemp(),
      app: 'standalone',
      env: {
        DATA_DIR: join(dir, 'data'),
        ANIME_DB_SOURCE: release,
        INGEST_ON_START: 'true',
        EMBEDDINGS: 'on',
        CLIP_MODEL: await writeTinyClip(join(dir, 'clip')),
        MODELS_DIR: join(dir, 'models'),
        IMAGE_HOSTS_ALLOW: images.host,
        ADMIN_API_KEYS: ADMIN_KEY,
      },
      readyPath: '/health/ready',
      timeoutMs: 90_000,
    });
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
    await images?.close();
  });

  const tool = (name: string, body: unknown) => fetch(`${app.url}/api/tools/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('the ingest job embedded every entry and poster (progress phase "embed")', async () => {
    const status = (await (await fetch(`${app.url}/api/admin/update-status`, { headers: { 'x-api-key': ADMIN_KEY } })).json()) as { job: { state: string; vectors?: unknown; timings?: Record<string, number> } };
    expect(status.job.state).toBe('succeeded');
    expect(status.job.vectors).toMatchObject({ embedded: entries.length, carried: 0, images: { embedded: entries.length, missing: 0 } });
    expect(status.job.timings?.['embed']).toBeGreaterThanOrEqual(0);
  });

  it('finds the entry whose poster is sent as base64 first, with high similarity', async () => {
    for (const i of [0, 4, 12]) {
      const res = await tool('search_anime_by_image', { image_base64: Buffer.from(makePoster(i, 160)).toString('base64'), limit: 3 });
      expect(res.status).toBe(200);
      const answer = (await res.json()) as ImageAnswer;
      expect(answer.items[0]?.anime.title).toBe(entries[i]?.title);
      expect(answer.items[0]?.similarity).toBeGreaterThan(0.98);
      expect(answer.lowConfidence).toBe(false);
      expect(answer.warnings).toEqual([]);
    }
  });

  it('takes the poster as a multipart upload too', async () => {
    const form = new FormData();
    form.append('image', new Blob([makePoster(2, 160)], { type: 'image/png' }), 'poster.png');
    form.append('limit', '2');
    const res = await fetch(`${app.url}/api/tools/search_anime_by_image`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as ImageAnswer;
    expect(answer.items).toHaveLength(2);
    expect(answer.items[0]?.anime.title).toBe(entries[2]?.title);
  });

  it('refuses an oversized upload with 413 and a form without the image field with 400', async () => {
    const big = new FormData();
    big.append('image', new Blob([new Uint8Array(5 * 1024 * 1024)], { type: 'image/png' }), 'big.png');
    const tooLarge = await fetch(`${app.url}/api/tools/search_anime_by_image`, { method: 'POST', body: big });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
    const wrong = new FormData();
    wrong.append('picture', new Blob([makePoster(1, 160)], { type: 'image/png' }), 'poster.png');
    const misnamed = await fetch(`${app.url}/api/tools/search_anime_by_image`, { method: 'POST', body: wrong });
    expect(misnamed.status).toBe(400);
    expect(((await misnamed.json()) as { message: string }).message).toContain('send the picture as the "image" field');
  });

  it('refuses an image URL on a loopback address (SSRF guard) with a clear 400', async () => {
    const res = await tool('search_anime_by_image', { image_url: `${app.url}/health` });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; detail?: string; message?: string };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(problem)).toMatch(/127\.0\.0\.1|loopback|not a public/i);
  });

  it('find_similar_anime explains every result and leaves the franchise out on request', async () => {
    const found = (await (await tool('search_anime', { text: 'Shingeki no Kyojin', limit: 1 })).json()) as { items: Array<{ anime: { id: string } }> };
    const related = (await (await tool('get_related_anime', { ref: found.items[0]?.anime.id })).json()) as { anime: { id: string }; related: Array<{ id: string }> };
    expect(related.related.length).toBeGreaterThan(3);
    const franchise = new Set([related.anime.id, ...related.related.map((r) => r.id)]);
    const withFranchise = (await (await tool('find_similar_anime', { ref: 'Shingeki no Kyojin', limit: 10 })).json()) as { items: Array<{ anime: { id: string }; why: string[] }> };
    expect(withFranchise.items.some((i) => franchise.has(i.anime.id))).toBe(true);
    const res = await tool('find_similar_anime', { ref: 'Shingeki no Kyojin', excludeFranchise: true, limit: 10 });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { items: Array<{ anime: { id: string }; why: string[] }>; warnings: string[] };
    expect(answer.items.length).toBeGreaterThan(0);
    for (const item of answer.items) {
      expect(franchise.has(item.anime.id)).toBe(false);
      expect(item.why.length).toBeGreaterThan(0);
    }
    expect(answer.warnings).toEqual([]);
  });

  it('search_anime with semantic fuses title and vector rankings; visually similar and multimodal answer', async () => {
    const semanticRes = await tool('search_anime', { text: 'Dandadan', semantic: true, limit: 5 });
    const semantic = (await semanticRes.json()) as { items: Array<{ anime: { id: string; title: string }; matchedBy: string[] }>; warnings?: string[] };
    expect(semanticRes.status, JSON.stringify(semantic)).toBe(200);
    expect(semantic.items[0]?.anime.title).toBe('Dandadan');
    expect(semantic.items[0]?.matchedBy).toContain('semantic');
    expect(semantic.warnings).toBeUndefined();
    const visual = (await (await tool('find_visually_similar_anime', { ref: semantic.items[0]?.anime.id, limit: 3 })).json()) as { items: Match[] };
    expect(visual.items).toHaveLength(3);
    const multimodal = await tool('search_multimodal_anime', { text: 'a red-haired girl and a mecha', image_base64: Buffer.from(makePoster(5, 160)).toString('base64'), weights: { text: 0.2, image: 0.8 } });
    expect(multimodal.status).toBe(200);
    expect(((await multimodal.json()) as { used: unknown }).used).toEqual({ text: true, image: true });
  });
});
