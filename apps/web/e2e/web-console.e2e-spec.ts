import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildIntoTemp, repoRoot, sampleEntries, sharedData, sharedFixtures, spawnApp, startReplayServer, writeSampleRelease, type ReplayServer, type SpawnedApp } from '@anime/testing';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
// Flags that work as root on these machines; without the background-networking ones Chromium
// floods the closed network with connection attempts.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const KEY = 'web-console-admin-key-0123456789';
const SCREENSHOTS = join(repoRoot(), 'reports', 'screenshots');

// The web console in a real headless browser against `npm start`'s embedded system (built
// standalone, spawned): the real 2025 sample release plus Cowboy Bebop from the 2026 data, live
// sources replayed from recorded responses (Jikan's real Cowboy Bebop; the others answer 404).
describe('web console (headless Chromium, embedded system)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-console-'));
  const bebop: unknown = JSON.parse(readFileSync(sharedData('anime-mapper-2026.jsonl'), 'utf8').slice(0, 20_000).split('\n')[1] ?? 'null');
  const entries = [...sampleEntries(), bebop] as Array<{ title: string; type: string }>;
  let dist: string;
  let app: SpawnedApp;
  let jikan: ReplayServer;
  let animeschedule: ReplayServer;
  let empty: ReplayServer;
  let anisearch: ReplayServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    const release = writeSampleRelease(join(dir, 'release.json'), '2025-07-21', [bebop]);
    jikan = await startReplayServer({
      dir: sharedFixtures('jikan'),
      routes: [
        { path: '/v4/anime/1/full', file: 'anime_1_full.json' },
        { path: '/v4/schedules', file: 'anime-next_program_data.js__schedules_tuesday.json' },
      ],
    });
    // The recorded AnimeSchedule week (ISO week 3 of 2025, sub); the schedule's clock is frozen
    // inside it. A local week outside UTC also touches a neighbouring UTC week, for which nothing
    // was recorded: those answer an empty timetable.
    animeschedule = await startReplayServer({
      dir: sharedFixtures('animeschedule'),
      routes: [
        { path: '/api/v3/timetables/sub', query: { week: '3', year: '2025' }, file: 'timetables_sub_2025-01-13.json' },
        { path: '/api/v3/timetables/sub', query: { week: '2', year: '2025' }, body: '[]', headers: { 'content-type': 'application/json' } },
        { path: '/api/v3/timetables/sub', query: { week: '4', year: '2025' }, body: '[]', headers: { 'content-type': 'application/json' } },
      ],
    });
    empty = await startReplayServer({ dir: sharedFixtures('kitsu'), routes: [] }); // 404 to everything
    anisearch = await startReplayServer({ dir: sharedFixtures('anisearch'), routes: [{ path: '/anime/3633', file: '3633.html' }] });
    dist = buildIntoTemp(); // builds the web console too (tools/build/build.mjs → <out>/web)
    app = await spawnApp({
      distDir: dist,
      app: 'standalone',
      readyPath: '/health/ready',
      timeoutMs: 40_000,
      env: {
        DATA_DIR: join(dir, 'data'),
        ANIME_DB_SOURCE: release,
        // The admin test updates from the real 27k release: an operator allow-lists it (issue #15).
        ANIME_DB_SOURCE_ALLOW: sharedData('anime-mapper-2026.jsonl'),
        ADMIN_API_KEYS: KEY,
        JIKAN_BASE_URL: `${jikan.url}/v4`,
        KITSU_BASE_URL: `${empty.url}/api/edge`,
        ANILIST_BASE_URL: empty.url,
        ANIMESCHEDULE_BASE_URL: `${animeschedule.url}/api/v3`,
        ANISEARCH_BASE_URL: anisearch.url,
        ANIMEPLANET_BASE_URL: empty.url,
        LIVECHART_BASE_URL: empty.url,
        ANN_BASE_URL: empty.url,
        SIMKL_BASE_URL: empty.url,
        CLOCK_NOW: '2025-01-15T12:00:00Z', // test-only: the schedule's and planner's "now"; live data keeps the wall clock
        RATE_LIMIT_POINTS: '10000',
      },
    });
    // playwright-core gives each launch a new empty profile dir itself (no --user-data-dir flag).
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await Promise.all([jikan?.close(), animeschedule?.close(), empty?.close(), anisearch?.close()]);
  });

  /** A fresh tab; posters (third-party CDNs, unreachable here) fail at once, so placeholders show. */
  async function open(path: string, viewport = { width: 1280, height: 900 }, server = app.url): Promise<Page> {
    context = await browser.newContext({ viewport });
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    page = await context.newPage();
    problems = [];
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('net::ERR_FAILED') && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${server}/${path}`);
    return page;
  }
  afterEach(async (ctx) => {
    // A failed test leaves a picture of what the browser showed.
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) await shoot(`failed-${ctx.task.name.replace(/[^\w]+/g, '-').slice(0, 60)}`);
    // No script errors and no CSP violations on any page.
    expect(problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
    problems = [];
    await context?.close();
  });
  const shoot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const cards = () => page.locator('.card-grid a.card-link');

  it('serves the console at / with a same-origin-only CSP', async () => {
    const res = await fetch(`${app.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${app.url}${script}`);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${app.url}/assets/..%2Fpackage.json`)).status).toBe(404);
  });

  it('search "Dandadan" → the card → its page with platform links and source badges', async () => {
    await open('#/search');
    await page.getByLabel('Ask or search').fill('Dandadan');
    await page.getByLabel('Ask or search').press('Enter');
    const card = page.getByRole('list', { name: 'Answers' }).getByRole('link', { name: /^Dandadan/ });
    await card.waitFor();
    await expect.poll(() => page.locator('.understood').textContent()).toContain('Dandadan');
    await shoot('search-dandadan');

    await card.click();
    await page.getByRole('heading', { level: 1, name: 'Dandadan' }).waitFor();
    const links = page.getByRole('navigation', { name: 'Listed on' }).getByRole('link');
    const dandadan = (sampleEntries() as Array<{ title: string; sources: string[] }>).find((e) => e.title === 'Dandadan')!;
    await expect.poll(() => links.count()).toBe(dandadan.sources.length);
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.sort()).toEqual([...dandadan.sources].sort());
    expect(await page.getByRole('link', { name: 'MyAnimeList' }).first().getAttribute('href')).toBe('https://myanimelist.net/anime/57334');
    // The live sources do not know Dandadan here (404 replays): each is badged with why.
    const statuses = page.locator('section[aria-labelledby="live-h"] ul[aria-label="Live sources"] li');
    // Three API sources, five scraped sites (asked only on demand, so listed as skipped).
    await expect.poll(() => statuses.count()).toBe(8);
    const texts = await statuses.allTextContents();
    expect(texts).toEqual(expect.arrayContaining([expect.stringMatching(/^MyAnimeList \(Jikan\): unavailable/)]));
    expect(texts.filter((t) => /skipped/.test(t))).toHaveLength(5);
    await page.locator('table.compare').waitFor();
    await expect.poll(() => page.locator('section[aria-labelledby="dataset-h"] dd').allTextContents()).toEqual(expect.arrayContaining(['TV', '12', 'fall 2024']));
    await shoot('anime-dandadan');
  });

  it('shows each live value with a badge naming its source and age', async () => {
    await open('#/anime/mal%3A1');
    const synopsis = page.locator('dd[data-field="synopsis"]');
    await synopsis.waitFor({ timeout: 15_000 });
    expect(await synopsis.textContent()).toContain('Spike Spiegel');
    const badge = synopsis.locator('.source-badge');
    expect(await badge.textContent()).toMatch(/^MyAnimeList \(Jikan\) · (just now|\d+ s ago)$/);
    expect(await badge.getAttribute('aria-label')).toMatch(/^From MyAnimeList \(Jikan\), fetched /);
    expect(await page.locator('dd[data-field="score"] .source-badge').count()).toBe(1);
    // Jikan answered, the others did not: the comparison table has the offline row and Jikan's.
    await expect.poll(() => page.locator('table.compare tbody tr').count()).toBe(2);
    await shoot('anime-cowboy-bebop-live');
  });

  it('asks the scraped sites on demand: AniSearch’s German synopsis with its badge', async () => {
    await open('#/anime/mal%3A1535');
    const askAll = page.getByRole('button', { name: /Also ask the 5 scraped sites/ });
    await askAll.click();
    const german = page.locator('dd[data-field="synopses"] p[lang="de"]');
    await german.first().waitFor({ timeout: 15_000 });
    expect(await german.first().textContent()).toMatch(/Light Yagami/);
    expect(await page.locator('dd[data-field="synopses"] .live-value').first().textContent()).toMatch(/aniSearch · /i);
    // Each scraped site is now asked: AniSearch answered, the others say why not.
    expect(await page.locator('section[aria-labelledby="live-h"] li[data-source="anisearch"]').textContent()).toMatch(/: ok/);
    expect(await page.locator('section[aria-labelledby="live-h"] li[data-source="simkl"]').textContent()).toMatch(/: (unavailable|not-listed)/);
    await shoot('anime-death-note-scraped');
  });

  it('narrows the grid with a filter (type Movie)', async () => {
    await open('#/search');
    await expect.poll(() => cards().count()).toBe(entries.length);
    expect(await page.locator('.result-status').textContent()).toBe(`${entries.length} results`);
    const movies = entries.filter((e) => e.type === 'MOVIE');
    expect(movies.length).toBeGreaterThan(0);
    expect(movies.length).toBeLessThan(entries.length);
    await page.getByRole('checkbox', { name: 'Movie' }).check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => cards().count()).toBe(movies.length);
    expect(await cards().locator('.card-title').allTextContents()).toEqual(movies.map((m) => m.title));
    await shoot('search-filtered');
  });

  it('moves between cards with the arrow keys', async () => {
    await open('#/search');
    await expect.poll(() => cards().count()).toBe(entries.length);
    await cards().first().focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate('document.activeElement.dataset.id')).toBe(await cards().nth(1).getAttribute('data-id'));
    await page.keyboard.press('End');
    expect(await page.evaluate('document.activeElement.dataset.id')).toBe(await cards().last().getAttribute('data-id'));
  });

  it('fits a phone-sized screen (375 px) without sideways scrolling', async () => {
    await open('#/anime/mal%3A1', { width: 375, height: 812 });
    await page.locator('dd[data-field="synopsis"]').waitFor({ timeout: 15_000 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shoot('anime-phone');
    await page.goto(`${app.url}/#/search`);
    await expect.poll(() => cards().count()).toBe(entries.length);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shoot('search-phone');
  });

  it('explains an error in words, with its errorId', async () => {
    await open('#/anime/mal%3A999999999');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Not found\./);
    expect(await alert.locator('.error-id code').textContent()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('renders the week of the recorded schedule in two time zones', async () => {
    await open('#/schedule?week=2025-01-15&tz=UTC&air=sub');
    const day = (date: string) => page.locator(`section.day[data-date="${date}"]`);
    const drStone = (date: string) => day(date).locator('li.episode', { hasText: 'Dr. Stone: Science Future' });
    await drStone('2025-01-16').waitFor();
    expect(await page.getByLabel('Week of').inputValue()).toBe('2025-01-13'); // snapped to the Monday
    expect(await page.locator('section.day').count()).toBe(7);
    expect(await drStone('2025-01-16').locator('time').textContent()).toBe('15:00');
    expect(await drStone('2025-01-16').locator('time').getAttribute('datetime')).toBe('2025-01-16T15:00:00.000Z');
    // The countdown runs on the server's clock (frozen at Wednesday 12:00 UTC here).
    expect(await page.getByRole('timer').textContent()).toMatch(/^Next episode: .+ in (\d+ d )?\d\d:\d\d:\d\d$/);
    await shoot('schedule-utc');

    await page.getByLabel('Time zone').fill('Asia/Tokyo');
    await page.getByRole('button', { name: 'Show week' }).click();
    // Thursday 15:00 UTC is Friday midnight in Tokyo.
    await drStone('2025-01-17').waitFor();
    expect(await drStone('2025-01-17').locator('time').textContent()).toBe('00:00');
    expect(await drStone('2025-01-16').count()).toBe(0);
    expect(page.url()).toContain('tz=Asia%2FTokyo');
    await shoot('schedule-tokyo');
  });

  it('offers the drop zone on the image page of this server, which lists search_anime_by_image', async () => {
    const tools = ((await (await fetch(`${app.url}/api/tools`)).json()) as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
    expect(tools).toContain('search_anime_by_image');
    await open('#/image');
    await page.getByRole('group', { name: 'Drop or paste an image here' }).waitFor();
    expect(await page.getByText('Image search is not available on this server').count()).toBe(0);
    await shoot('image-search');
  });

  it('says so on the image page of a server without search_anime_by_image (a gateway from before image search)', async () => {
    // The same built console, served beside this server's real tool list less the image tools:
    // a known server configuration for the other state of the page.
    const listing = (await (await fetch(`${app.url}/api/tools`)).json()) as { tools: Array<{ name: string }> };
    const older = { tools: listing.tools.filter((t) => !['search_anime_by_image', 'search_multimodal_anime'].includes(t.name)) };
    expect(older.tools.length).toBeGreaterThan(0);
    expect(older.tools.length).toBeLessThan(listing.tools.length);
    const web = join(dist, 'web');
    const withoutImageSearch = await startReplayServer({
      dir: web,
      routes: [
        { path: '/', file: 'index.html' },
        ...readdirSync(join(web, 'assets')).map((file) => ({
          path: `/assets/${file}`,
          file: `assets/${file}`,
          headers: { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' },
        })),
        { path: '/api/tools', body: JSON.stringify(older), headers: { 'content-type': 'application/json' } },
      ],
    });
    try {
      await open('#/image', undefined, withoutImageSearch.url);
      await page.getByText('Image search is not available on this server').waitFor();
      expect(await page.getByRole('group', { name: 'Drop or paste an image here' }).count()).toBe(0);
      expect(withoutImageSearch.requests.map((r) => r.path)).toContain('/api/tools');
      await shoot('image-search-unavailable');
    } finally {
      await withoutImageSearch.close();
    }
  });

  it('admin: unlocks with the key, runs an update from a local file and follows its progress bar', async () => {
    await open('#/admin');
    await page.getByRole('textbox', { name: 'Admin API key' }).fill(KEY);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.locator('dd[data-field="lastUpdate"]').textContent()).toBe('2025-07-21');
    // Source health: the Jikan row counts the requests the anime pages above made, with their success rate.
    const jikanRow = page.locator('tr').filter({ has: page.locator('td', { hasText: /^jikan$/ }) });
    await jikanRow.waitFor();
    const cells = await jikanRow.locator('td').allTextContents();
    expect(cells[1]).toMatch(/^up/);
    expect(Number(cells[2])).toBeGreaterThan(0);
    expect(cells[3]).toMatch(/^\d+ %$/);
    await page.getByLabel('Kind').selectOption('full');
    // The real 27k-entry 2026 data: big enough that the job is seen running.
    await page.getByLabel('Release (URL or server path, optional)').fill(sharedData('anime-mapper-2026.jsonl'));
    // 11 → 27k entries trips the id-churn safety check: the operator overrides it knowingly.
    await page.getByLabel('Switch even if a safety check fails').check();
    await page.getByRole('button', { name: 'Start update' }).click();
    const bar = page.getByRole('progressbar', { name: 'Update progress' });
    await page.locator('.job[data-state="running"], .job[data-state="queued"]').waitFor();
    await shoot('admin-update-running');
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const job = page.locator('.job');
          seen.add(`${await job.getAttribute('data-state')}:${(await bar.getAttribute('aria-valuenow')) ?? '?'}`);
          return job.getAttribute('data-state');
        },
        { timeout: 90_000, interval: 200 },
      )
      .toMatch(/^(succeeded|failed|interrupted)$/);
    expect(await page.locator('.job').textContent()).toMatch(/^full update succeeded.*Done: activated/);
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    expect([...seen].some((s) => s.startsWith('running:'))).toBe(true);
    await page.getByText(/The catalog now serves version 2026-07-02/).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('dd[data-field="lastUpdate"]').textContent(), { timeout: 10_000 }).toBe('2026-07-02');
    await shoot('admin-update-done');
  }, 120_000);
});
