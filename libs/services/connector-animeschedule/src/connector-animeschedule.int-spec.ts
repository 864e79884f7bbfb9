import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ScheduleContracts } from '@anime/contracts';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { RpcClient } from '@anime/platform-messaging';
import { runApp, type RunningApp } from '@anime/platform-runtime';
import { assertReachable, expectEvery, sharedFixtures, startReplayServer, testNatsUrl, uniquePrefix, type ReplayRoute, type ReplayServer } from '@anime/testing';
import { ConnectorAnimescheduleEnvSchema, ConnectorAnimescheduleModule } from './index';

const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().default(0) }).extend(ConnectorAnimescheduleEnvSchema.shape);
/** Inside the recorded week (Wednesday 2025-01-15 12:00 UTC). */
const CLOCK_NOW = '2025-01-15T12:00:00Z';
const RESET_IN_FUTURE = String(Math.floor(Date.now() / 1000) + 3_600);

const ROUTES: ReplayRoute[] = [
  { path: '/api/v3/timetables/sub', query: { week: '3', year: '2025', tz: 'UTC' }, file: 'timetables_sub_2025-01-13.json', headers: { 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '117', 'x-ratelimit-reset': RESET_IN_FUTURE } },
  { path: '/api/v3/anime/cowboy-bebop', file: 'animeschedule_cowboy_bebop_dump.json' },
  // The upstream says its budget is spent: the limiter must hold every further call until the reset.
  { path: '/api/v3/timetables/dub', query: { week: '3', year: '2025', tz: 'UTC' }, body: '[]', headers: { 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': RESET_IN_FUTURE } },
  { path: '/api/v3/anime/no-such-show', status: 404, body: '{"error":"anime not found"}' },
];

// The connector alone on the real NATS: the AniList, Jikan and catalog services are not running,
// so their calls get "no responders" at once — the degraded case the merged schedule must survive.
describe('connector-animeschedule on NATS (AnimeSchedule replayed, other services stopped)', () => {
  let server: ReplayServer;
  let app: RunningApp;
  let rpc: RpcClient;

  beforeAll(async () => {
    await assertReachable(testNatsUrl(), 'NATS');
    server = await startReplayServer({ dir: sharedFixtures('animeschedule'), routes: ROUTES });
    app = await runApp(
      { app: 'connector-animeschedule', envSchema: EnvSchema, processHealth: false, listen: false, modules: (env) => [ConnectorAnimescheduleModule.forRoot(env, { http: { maxRetries: 0 } })] },
      { LOG_LEVEL: 'silent', TRANSPORT: 'nats', NATS_URL: testNatsUrl(), SUBJECT_PREFIX: uniquePrefix('animeschedule'), ANIMESCHEDULE_BASE_URL: `${server.url}/api/v3`, CLOCK_NOW },
    );
    rpc = app.app.get(RpcClient);
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('answers "tomorrow on Crunchyroll" in Berlin from AnimeSchedule alone, naming the stopped sources as unavailable', async () => {
    const answer = await rpc.call(ScheduleContracts.airingList, { day: 'tomorrow', timezone: 'Europe/Berlin', platforms: ['Crunchyroll'] });
    expect(answer).toMatchObject({ timezone: 'Europe/Berlin', from: '2025-01-15T23:00:00.000Z', to: '2025-01-16T22:59:59.999Z', now: '2025-01-15T12:00:00.000Z', airType: 'sub' });
    expect(answer.items.map((i) => `${i.local.time} ${i.title} #${i.episode}`)).toEqual([
      '14:30 Arafou Otoko no Isekai Tsuuhan Seikatsu #2',
      '16:00 Dr. Stone: Science Future #2',
      '16:45 Fuguushoku "Kanteishi" ga Jitsu wa Saikyou Datta #2',
      '17:00 BanG Dream! Ave Mujica #3',
      '18:00 Sousei no Aquarion: Myth of Emotions #2',
      '18:30 Momentary Lily #3',
      '19:15 Douse, Koishite Shimaunda. #2',
      '19:45 Trillion Game #15',
      '20:00 Rurouni Kenshin: Meiji Kenkaku Romantan - Kyoto Douran #14',
    ]);
    expectEvery(
      answer.items,
      (i) => {
        expect(i.platforms, i.title).toContain('crunchyroll');
        expect(i.sources.map((s) => s.name), i.title).toEqual(['animeschedule']);
        expect(i.nextEpisode, i.title).toBeTruthy();
      },
      'the episodes',
    );
    expect(answer.items[0]?.countdown).toEqual({ inSeconds: 91_800, text: 'in 1 d 1 h' });
    expect(answer.sources).toEqual([
      { name: 'animeschedule', status: 'ok', items: 11 },
      expect.objectContaining({ name: 'anilist', status: 'unavailable', reason: expect.stringContaining('SERVICE_UNAVAILABLE') }),
      expect.objectContaining({ name: 'jikan', status: 'unavailable', reason: expect.stringContaining('SERVICE_UNAVAILABLE') }),
      expect.objectContaining({ name: 'catalog', status: 'unavailable' }),
    ]);
    expect(answer.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^anilist unavailable: /u), expect.stringMatching(/^jikan unavailable: /u), expect.stringContaining('without ANIMESCHEDULE_TOKEN')]));
    // One upstream request for the one ISO week, without a token header.
    const sent = server.requests.filter((r) => r.path === '/api/v3/timetables/sub');
    expect(sent.map((r) => r.query)).toEqual([{ week: '3', year: '2025', tz: 'UTC' }]);
    expect(sent[0]?.headers['authorization']).toBeUndefined();
  });

  it('serves the timetable and an anime by slug, unknown dates as null', async () => {
    const week = await rpc.call(ScheduleContracts.timetable, { airType: 'sub' });
    expect(week).toMatchObject({ authenticated: false, stale: false });
    expect(week.items).toHaveLength(67);
    const bebop = await rpc.call(ScheduleContracts.get, { slug: 'cowboy-bebop' });
    expect(bebop).toMatchObject({ title: 'Cowboy Bebop', malId: '1', premier: '1998-04-02T16:00:00.000Z', subPremier: null, dubPremier: null, stale: false });
    await expect(rpc.call(ScheduleContracts.get, { slug: 'no-such-show' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'AnimeSchedule has no anime with slug "no-such-show"' });
  });

  it('rejects a bad time zone, an unknown platform and a too-long window with a message', async () => {
    await expect(rpc.call(ScheduleContracts.airingList, { day: 'today', timezone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('Unknown time zone "Mars/Olympus"') });
    await expect(rpc.call(ScheduleContracts.airingList, { day: 'today', platforms: ['Betamax'] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('Unknown streaming platform "Betamax"') });
    await expect(rpc.call(ScheduleContracts.airingList, { from: '2025-01-01T00:00:00Z', to: '2025-01-20T00:00:00Z' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  // Last: it leaves the source blocked until the (future) reset.
  it('follows X-RateLimit-Remaining: 0 — the next call is refused until the reset instead of hitting the upstream', async () => {
    await rpc.call(ScheduleContracts.timetable, { airType: 'dub' });
    const before = server.requests.length;
    await expect(rpc.call(ScheduleContracts.timetable, { airType: 'raw', week: 4, year: 2025 })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(server.requests.length).toBe(before);
    // The merged schedule still answers, with AnimeSchedule listed as unavailable (rate limited).
    const answer = await rpc.call(ScheduleContracts.airingList, { day: 'friday', air_type: 'raw' });
    expect(answer.sources[0]).toMatchObject({ name: 'animeschedule', status: 'unavailable', reason: expect.stringContaining('RATE_LIMITED') });
  });
});

describe('connector-animeschedule with a token', () => {
  let server: ReplayServer;
  let app: RunningApp;

  beforeAll(async () => {
    server = await startReplayServer({ dir: sharedFixtures('animeschedule'), routes: ROUTES });
    app = await runApp(
      { app: 'connector-animeschedule', envSchema: EnvSchema, transport: 'inprocess', processHealth: false, listen: false, modules: (env) => [ConnectorAnimescheduleModule.forRoot(env)] },
      { LOG_LEVEL: 'silent', ANIMESCHEDULE_BASE_URL: `${server.url}/api/v3`, ANIMESCHEDULE_TOKEN: 'test-token-123', CLOCK_NOW },
    );
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('sends it as a Bearer token and drops the low-limit warning', async () => {
    const answer = await app.app.get(RpcClient).call(ScheduleContracts.airingList, { day: 'today', timezone: 'Asia/Tokyo' });
    expect(server.requests[0]?.headers['authorization']).toBe('Bearer test-token-123');
    expect(answer.warnings.join(' ')).not.toContain('ANIMESCHEDULE_TOKEN');
    // Wednesday 15 in Tokyo: the late-night Tuesday slots are listed with their broadcast form.
    expect(answer.items.slice(0, 2).map((i) => `${i.local.time} (${i.local.broadcastDate} ${i.local.broadcastTime}) ${i.title}`)).toEqual([
      '00:30 (2025-01-14 24:30) Youkai Gakkou no Sensei Hajimemashita!',
      '01:15 (2025-01-14 25:15) Hazure Skill "Kinomi Master": Skill no Mi (Tabetara Shinu) wo Mugen ni Taberareru You ni Natta Ken ni Tsuite',
    ]);
  });
});
