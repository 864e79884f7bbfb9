import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertReachable,
  buildIntoTemp,
  sharedFixtures,
  spawnApp,
  startReplayServer,
  testNatsUrl,
  uniquePrefix,
  writeSampleRelease,
  type ReplayRoute,
  type ReplayServer,
  type SpawnedApp,
} from '@anime/testing';

const FULL = /^\/v4\/anime\/\d+\/full$/;
const ok: ReplayRoute[] = [{ path: FULL, file: 'anime_1_full.json' }];
const failing = (status: number): ReplayRoute[] => [{ path: FULL, status, body: JSON.stringify({ status, message: 'recorded failure' }) }];
const hanging: ReplayRoute[] = [{ path: FULL, file: 'anime_1_full.json', delayMs: 8_000 }];

interface SourceStatus {
  name: string;
  status: string;
  reason?: string;
}

// Chaos, bounded and loopback-only: the Jikan replay server turns into a 500 storm, then 429s,
// then hangs, while the services run as separate processes on NATS. The connector's breaker must
// open after the configured run of failures (fail fast: the upstream sees no more requests), let
// one probe through after the configured reset, and close when the upstream is back. 429s are the
// upstream saying "slow down", not "broken": they never open it.
describe('chaos: upstream failure storm against a connector on NATS', () => {
  let jikan: ReplayServer;
  let gateway: SpawnedApp;
  const apps: SpawnedApp[] = [];
  const RESET_MS = 2_000;

  beforeAll(async () => {
    await assertReachable(testNatsUrl(), 'NATS');
    jikan = await startReplayServer({ dir: sharedFixtures('jikan'), routes: failing(500) });
    const dir = mkdtempSync(join(tmpdir(), 'breaker-storm-'));
    const env = {
      TRANSPORT: 'nats',
      NATS_URL: testNatsUrl(),
      SUBJECT_PREFIX: uniquePrefix('breaker-storm'),
      DATA_DIR: join(dir, 'data'),
      ANIME_DB_SOURCE: writeSampleRelease(join(dir, 'release.json')),
      JIKAN_BASE_URL: `${jikan.url}/v4`,
      ANILIST_BASE_URL: 'http://127.0.0.1:1',
      KITSU_BASE_URL: 'http://127.0.0.1:1',
      RATE_LIMIT_POINTS: '100000',
      // What an operator sets: 3 failures in a row open it, a probe after 2 s, no retries.
      UPSTREAM_BREAKER_FAILURES: '3',
      UPSTREAM_BREAKER_RESET_MS: String(RESET_MS),
      UPSTREAM_RETRIES: '0',
      UPSTREAM_TIMEOUT_MS: '500',
    };
    const distDir = buildIntoTemp();
    gateway = await spawnApp({ distDir, app: 'gateway', env });
    for (const app of ['ingest', 'vector-search', 'agent-orchestrator', 'connector-jikan']) apps.push(await spawnApp({ distDir, app, env }));
    const deadline = Date.now() + 20_000;
    while ((await fetch(`${gateway.url}/health/ready`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('the system did not become ready');
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all([gateway, ...apps].map((a) => a?.stop()));
    await jikan?.close();
  });

  /** Jikan's part of a details answer for one MAL id (each phase asks for ids never fetched successfully, so no cache hides the upstream). */
  const jikanStatus = async (malId: string): Promise<SourceStatus> => {
    const response = await fetch(`${gateway.url}/api/tools/get_anime_details`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ref: `mal:${malId}`, fields: ['episodes'], sources: ['jikan'] }),
    });
    expect(response.status).toBe(200); // the answer always comes: the failure is in `sources`
    const body = (await response.json()) as { sources: SourceStatus[]; warnings: string[] };
    const status = body.sources.find((s) => s.name === 'jikan');
    if (!status) throw new Error(`no jikan status in ${JSON.stringify(body)}`);
    // An unavailable jikan is always named in the warnings (asserted on every answer, whatever its status).
    expect(status.status !== 'unavailable' || body.warnings.join('\n').includes('jikan'), `jikan ${status.status}, warnings: ${body.warnings.join('; ')}`).toBe(true);
    return status;
  };
  const upstreamHits = () => jikan.requests.filter((r) => FULL.test(r.path)).length;
  const jikanHealth = async () => {
    const ready = (await (await fetch(`${gateway.url}/health/ready`)).json()) as { status: string; degraded: string[] };
    return { status: ready.status, degraded: ready.degraded.filter((d) => d.startsWith('connector-jikan')).join('\n') };
  };

  it('a 500 storm opens the breaker after 3 failures; it fails fast, probes after the reset and closes on success', async () => {
    for (const id of ['16498', '40748', '31964']) {
      const status = await jikanStatus(id);
      expect(status.status).toBe('unavailable');
      expect(status.reason).toMatch(/SOURCE_UNAVAILABLE/);
    }
    expect(upstreamHits()).toBe(3);
    expect((await jikanHealth()).degraded).toMatch(/upstream: breaker open after 3 failures/);

    // Open: no request reaches the upstream, the answer says why at once.
    const fastFail = await jikanStatus('21');
    expect(fastFail.status).toBe('unavailable');
    expect(fastFail.reason).toMatch(/SOURCE_UNAVAILABLE/);
    expect(upstreamHits()).toBe(3);

    // The upstream recovers; after the reset a probe goes through and the breaker closes.
    jikan.setRoutes(ok);
    await expect.poll(async () => (await jikanStatus('21')).status, { timeout: RESET_MS * 3, interval: 300 }).toBe('ok');
    expect(upstreamHits()).toBe(4);
    await expect.poll(async () => (await jikanHealth()).degraded, { timeout: 5_000 }).toBe('');

    // The numbers behind it, as the admin console shows them: 4 upstream requests, 3 of them 500s, one failed fast.
    const health = (await (await fetch(`${gateway.url}/health`)).json()) as { services: Array<{ name: string; checks: Array<{ name: string; stats?: Record<string, number> }> }> };
    const traffic = health.services.find((s) => s.name === 'connector-jikan')?.checks.find((c) => c.name === 'traffic')?.stats;
    expect(traffic).toMatchObject({ 'jikan.requests': 4, 'jikan.failures': 3, 'jikan.successRate': 0.25 });
    expect(traffic?.['jikan.breakerRejections']).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('429s do not open the breaker (they are rate limits, not outages)', async () => {
    jikan.setRoutes(failing(429));
    const before = upstreamHits();
    for (const id of ['34566', '223', '1535', '121']) {
      const status = await jikanStatus(id);
      expect(status.status).toBe('unavailable');
      expect(status.reason).toMatch(/RATE_LIMITED|rate/i);
    }
    expect(upstreamHits() - before).toBeGreaterThanOrEqual(3); // more than the threshold reached the upstream
    expect((await jikanHealth()).degraded).toBe('');
    jikan.setRoutes(ok);
  }, 30_000);

  it('hanging upstream: timeouts open the breaker; it closes again once answers are fast', async () => {
    jikan.setRoutes(hanging);
    for (const id of ['34566', '223', '1535']) {
      const started = Date.now();
      const status = await jikanStatus(id);
      expect(status.status).toBe('unavailable');
      expect(Date.now() - started).toBeLessThan(4_000); // cut by the 500 ms timeout, not the 8 s hang
    }
    await expect.poll(async () => (await jikanHealth()).degraded, { timeout: 3_000 }).toMatch(/upstream: breaker open after 3 failures/);
    const hits = upstreamHits();
    expect((await jikanStatus('121')).status).toBe('unavailable');
    expect(upstreamHits()).toBe(hits);

    jikan.setRoutes(ok);
    await expect.poll(async () => (await jikanStatus('121')).status, { timeout: RESET_MS * 3, interval: 300 }).toBe('ok');
    await expect.poll(async () => (await jikanHealth()).degraded, { timeout: 5_000 }).toBe('');
  }, 30_000);
});
