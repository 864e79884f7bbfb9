import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntoTemp, sharedData, sharedFixtures, spawnApp, startReplayServer, type ReplayServer, type SpawnedApp } from '@anime/testing';

interface Details {
  offline: { title: string; episodes: number };
  fields: Record<string, Array<{ value: unknown; source: string; sourceUrl: string; fetchedAt: string; stale: boolean }>>;
  sources: Array<{ name: string; status: string; reason?: string }>;
}

// The whole path of a live question, in embedded mode: gateway → details (agent) → connector →
// resilience kit → a local server replaying Jikan's real recorded response for Cowboy Bebop.
describe('live details end to end (embedded, replayed upstreams)', () => {
  let app: SpawnedApp;
  let jikan: ReplayServer;
  let empty: ReplayServer;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'live-'));
    // Cowboy Bebop, a real entry of the 2026 dataset (first line after the metadata).
    const [meta, bebop] = readFileSync(sharedData('anime-mapper-2026.jsonl'), 'utf8').slice(0, 20_000).split('\n');
    const release = join(dir, 'release.jsonl');
    writeFileSync(release, `${meta}\n${bebop}\n`);
    jikan = await startReplayServer({ dir: sharedFixtures('jikan'), routes: [{ path: '/v4/anime/1/full', file: 'anime_1_full.json' }] });
    empty = await startReplayServer({ dir: sharedFixtures('kitsu'), routes: [] }); // answers 404 to everything
    app = await spawnApp({
      distDir: buildIntoTemp(),
      app: 'standalone', readyPath: '/health/ready', timeoutMs: 40_000,
      env: {
        DATA_DIR: join(dir, 'data'),
        ANIME_DB_SOURCE: release,
        JIKAN_BASE_URL: `${jikan.url}/v4`,
        KITSU_BASE_URL: `${empty.url}/api/edge`,
        ANILIST_BASE_URL: empty.url,
      },
    });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await jikan?.close();
    await empty?.close();
  });

  it('returns each live value with its source, and names the sources that failed', async () => {
    const res = await fetch(`${app.url}/api/tools/get_anime_details`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ref: 'mal:1', fields: ['synopsis', 'score', 'episodes', 'studios'] }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Details;
    expect(body.offline).toMatchObject({ title: 'Cowboy Bebop', episodes: 26 });
    expect(body.fields['synopsis']?.[0]).toMatchObject({ source: 'jikan', sourceUrl: 'https://myanimelist.net/anime/1', stale: false });
    expect(String(body.fields['synopsis']?.[0]?.value)).toContain('Spike Spiegel');
    expect(body.fields['score']?.[0]).toMatchObject({ source: 'jikan', value: { scale: 10 } });
    expect(body.fields['episodes']).toEqual([expect.objectContaining({ source: 'jikan', value: 26 })]);
    expect(body.sources).toEqual([
      expect.objectContaining({ name: 'anilist', status: 'unavailable', reason: expect.stringContaining('NOT_FOUND') }),
      { name: 'jikan', status: 'ok' },
      expect.objectContaining({ name: 'kitsu', status: 'unavailable', reason: expect.stringContaining('NOT_FOUND') }),
      ...['animeplanet', 'livechart', 'anisearch', 'ann', 'simkl'].map((name) => expect.objectContaining({ name, status: 'skipped', reason: expect.stringContaining('on demand only') })),
    ]);
    expect(jikan.requests.map((r) => r.path)).toEqual(['/v4/anime/1/full']);
  });

  it('answers "Cowboy Bebop synopsis from MAL" through the agent with the live synopsis', async () => {
    const res = await fetch(`${app.url}/api/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'Cowboy Bebop synopsis from MAL' }) });
    const answer = (await res.json()) as { answer: string; sources: Array<{ name: string; used: boolean }> };
    expect(answer.answer).toContain('Spike Spiegel');
    expect(answer.answer).toContain('(jikan)');
    expect(answer.sources).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'jikan', used: true })]));
    // Served from the connector's cache: still one upstream request.
    expect(jikan.requests).toHaveLength(1);
  });
});
