import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntoTemp, expectEvery, sharedData, sharedFixtures, spawnApp, startReplayServer, type ReplayServer, type SpawnedApp } from '@anime/testing';

interface Schedule {
  items: Array<{ title: string; animeId?: string; episode?: number; airingAt: string; local: { date: string; time: string; weekday: string }; platforms: string[]; sources: Array<{ name: string; airingAt: string }> }>;
  sources: Array<{ name: string; status: string }>;
  warnings: string[];
}

/** Inside the recorded AnimeSchedule week (Wednesday 2025-01-15 12:00 UTC); test-only clock of the schedule and the planner. */
const CLOCK_NOW = '2025-01-15T12:00:00Z';
/**
 * No AniList airingSchedules recording exists: one page is built in its documented shape for Dr. STONE:
 * SCIENCE FUTURE (real AniList 172019 / MAL 57592 ids) at its slot that week, 2025-01-16T15:00Z = 1737039600.
 */
const ANILIST_PAGE = JSON.stringify({
  data: { Page: { pageInfo: { hasNextPage: false }, airingSchedules: [{ episode: 2, airingAt: 1_737_039_600, media: { id: 172_019, idMal: 57_592, title: { romaji: 'Dr. STONE: SCIENCE FUTURE', english: 'Dr. STONE SCIENCE FUTURE' } } }] } },
});

// The whole path in embedded mode: REST → gateway tool / agent → schedule service → AnimeSchedule,
// AniList and Jikan connectors (replayed upstreams) + the catalog (a real 2026 dataset entry).
describe('schedule end to end (embedded, replayed upstreams, injected clock)', () => {
  let app: SpawnedApp;
  let animeschedule: ReplayServer;
  let anilist: ReplayServer;
  let jikan: ReplayServer;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedule-'));
    const lines = readFileSync(sharedData('anime-mapper-2026.jsonl'), 'utf8').split('\n');
    const drStone = lines.find((l) => l.includes('"https://myanimelist.net/anime/57592"'));
    const release = join(dir, 'release.jsonl');
    writeFileSync(release, `${lines[0]}\n${drStone}\n`);
    animeschedule = await startReplayServer({ dir: sharedFixtures('animeschedule'), routes: [{ path: '/api/v3/timetables/sub', query: { week: '3', year: '2025' }, file: 'timetables_sub_2025-01-13.json' }] });
    anilist = await startReplayServer({ dir: sharedFixtures('anilist'), routes: [{ method: 'POST', path: '/', body: ANILIST_PAGE }] });
    jikan = await startReplayServer({ dir: sharedFixtures('jikan'), routes: [{ path: '/v4/schedules', file: 'anime-next_program_data.js__schedules_tuesday.json' }] });
    app = await spawnApp({
      distDir: buildIntoTemp(),
      app: 'standalone', readyPath: '/health/ready', timeoutMs: 40_000,
      env: {
        DATA_DIR: join(dir, 'data'),
        ANIME_DB_SOURCE: release,
        ANIMESCHEDULE_BASE_URL: `${animeschedule.url}/api/v3`,
        ANILIST_BASE_URL: anilist.url,
        JIKAN_BASE_URL: `${jikan.url}/v4`,
        CLOCK_NOW,
      },
    });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await Promise.all([animeschedule?.close(), anilist?.close(), jikan?.close()]);
  });

  const post = (path: string, body: unknown): Promise<Response> => fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('POST /api/tools/anime_schedule: tomorrow in Los Angeles on Crunchyroll, Dr. STONE joined across AnimeSchedule and AniList by catalog id', async () => {
    const res = await post('/api/tools/anime_schedule', { day: 'tomorrow', timezone: 'America/Los_Angeles', platforms: ['Crunchyroll'] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Schedule;
    expect(body.sources.map((s) => `${s.name} ${s.status}`)).toEqual(['animeschedule ok', 'anilist ok', 'jikan ok', 'catalog ok']);
    const drStone = body.items.find((i) => i.animeId === 'mal:57592');
    expect(drStone).toMatchObject({ title: 'Dr. Stone: Science Future', episode: 2, airingAt: '2025-01-16T15:00:00.000Z', local: { date: '2025-01-16', weekday: 'Thursday', time: '07:00' } });
    expect(drStone?.sources).toEqual([expect.objectContaining({ name: 'animeschedule' }), expect.objectContaining({ name: 'anilist', airingAt: '2025-01-16T15:00:00.000Z' })]);
    // The Friday-05:00-UTC release is still Thursday evening in Los Angeles.
    expect(body.items.at(-1)).toMatchObject({ title: 'Shiguang Dailiren: Yingdu Pian', local: { date: '2025-01-16', time: '21:00' } });
    expectEvery(body.items, (i) => expect(i.platforms, i.title).toContain('crunchyroll'), 'the episodes');
    expect(animeschedule.requests.map((r) => r.query)).toEqual([{ week: '3', year: '2025', tz: 'UTC' }]);
  });

  it('POST /api/query "what\'s airing tomorrow on Crunchyroll": the agent answers from the merged schedule', async () => {
    const res = await post('/api/query', { query: "what's airing tomorrow on Crunchyroll" });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { answer: string; sources: Array<{ name: string; used: boolean }>; warnings: string[] };
    expect(answer.answer).toContain('Thursday 2025-01-16 15:00 UTC — Dr. Stone: Science Future #2 (sub, crunchyroll, youtube; in 1 d 3 h; from animeschedule + anilist)');
    expect(answer.answer).not.toContain('Watashi no Shiawase'); // a Monday Netflix show
    expect(answer.sources).toEqual(expect.arrayContaining([{ name: 'animeschedule', used: true, detail: 'ok' }, { name: 'anilist', used: true, detail: 'ok' }]));
    expect(answer.warnings).toEqual(expect.arrayContaining([expect.stringContaining('without ANIMESCHEDULE_TOKEN')]));
  });

  it('a bad time zone is a 400 problem naming the zone', async () => {
    const res = await post('/api/tools/anime_schedule', { day: 'today', timezone: 'Mars/Olympus' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('Unknown time zone "Mars/Olympus"') });
  });
});
