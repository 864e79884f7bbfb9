/**
 * A bounded HTTP load run against the gateway (autocannon): N concurrent clients for T seconds on a
 * mixed, real query set, in embedded mode (apps/standalone) or distributed mode (gateway + ingest +
 * vector-search + agent-orchestrator as processes on NATS + Redis). Shared by the CLI (run.ts) and
 * the CI test (load.e2e-spec.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, hostname, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { ManamiAnime } from '@anime/contracts';
import { assertReachable, loadRealEntries, mulberry32, sampleEntries, sharedData, spawnApp, testNatsUrl, testRedisUrl, uniquePrefix, writeRelease, type SpawnedApp } from '@anime/testing';

export type Mode = 'embedded' | 'distributed';
export type Dataset = 'sample' | 'real';
export type Kind = 'search_anime' | 'get_anime' | 'query';

export interface Variant {
  readonly name: 'ci' | 'full' | 'hardening';
  readonly clients: number;
  readonly durationS: number;
  readonly dataset: Dataset;
}

/** CI: small and quick (the whole test file stays under ~60 s). Full: LOAD_FULL=1 or --full. */
export const VARIANTS: Record<'ci' | 'full' | 'hardening', Variant> = {
  // CI shares 2 cores with the servers: 32 clients keep the tail well inside the 10 s request timeout.
  ci: { name: 'ci', clients: 32, durationS: 8, dataset: 'sample' },
  full: { name: 'full', clients: 200, durationS: 60, dataset: 'real' },
  // Issue #15's bar: 200 connections × 30 s on the real 27k entries; past capacity the gateway
  // sheds with 503 + Retry-After, admitted requests keep p99 ≤ 1 s, readiness never flaps, RSS recovers.
  hardening: { name: 'hardening', clients: 200, durationS: 30, dataset: 'real' },
};

/** What the hardening variant must meet (issue #15). */
export const HARDENING_TARGETS = { admittedP99Ms: 1_000, rssRecoveryRatio: 1.1 } as const;

/** Natural-language questions a user asks (POST /api/query). */
export const QUESTIONS = [
  'dark psychological anime from the 2010s',
  'Dandadan',
  'top 5 Kyoto Animation movies',
  'something like Death Note',
  'best rated action anime',
  'short comedy series from 2023',
  'top 3 highly rated anime',
  'mecha movies from the 90s',
];

export interface Target {
  readonly mode: Mode;
  readonly url: string;
  readonly entries: number;
  readonly bootMs: number;
  readonly pids: number[];
  stop(): Promise<void>;
}

/** Fail-fast live sources (not part of this load) and a limiter high enough not to turn load into 429s. */
function baseEnv(dir: string, release: string): Record<string, string> {
  return {
    DATA_DIR: join(dir, 'data'),
    ANIME_DB_SOURCE: release,
    RATE_LIMIT_POINTS: '1000000',
    ANILIST_BASE_URL: 'http://127.0.0.1:1',
    JIKAN_BASE_URL: 'http://127.0.0.1:1/v4',
    KITSU_BASE_URL: 'http://127.0.0.1:1/api/edge',
  };
}

/** The release the system ingests at boot: the 10-entry real sample, or the 27k real entries. */
export function loadEntries(dataset: Dataset): ManamiAnime[] {
  return dataset === 'real' ? loadRealEntries(sharedData('anime-mapper-2026.jsonl')) : (sampleEntries() as ManamiAnime[]);
}

/** Starts one mode and waits until `/health/ready` is 200 (the dataset is ingested and served). */
export async function startTarget(mode: Mode, distDir: string, entries: readonly ManamiAnime[], serverEnv: Record<string, string> = {}): Promise<Target> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), `load-${mode}-`));
  const release = writeRelease(join(dir, 'release.json'), entries, '2026-07-02');
  const bootMs = (entries.length > 1000 ? 120 : 40) * 1000;
  const apps: SpawnedApp[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(apps.map((a) => a.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (mode === 'embedded') {
      apps.push(await spawnApp({ distDir, app: 'standalone', env: { ...baseEnv(dir, release), ...serverEnv }, readyPath: '/health/ready', timeoutMs: bootMs }));
    } else {
      await assertReachable(testNatsUrl(), 'NATS');
      await assertReachable(testRedisUrl(), 'Redis');
      const env = {
        ...baseEnv(dir, release),
        ...serverEnv,
        TRANSPORT: 'nats',
        NATS_URL: testNatsUrl(),
        REDIS_URL: testRedisUrl(),
        SUBJECT_PREFIX: uniquePrefix('load'),
        RATE_LIMIT_REDIS_PREFIX: uniquePrefix('load-rl'),
      };
      const gateway = await spawnApp({ distDir, app: 'gateway', env });
      apps.push(gateway);
      apps.push(...(await Promise.all(['ingest', 'vector-search', 'agent-orchestrator'].map((app) => spawnApp({ distDir, app, env, timeoutMs: bootMs })))));
      const deadline = Date.now() + bootMs;
      for (;;) {
        const res = await fetch(`${gateway.url}/health/ready`);
        if (res.status === 200) break;
        if (Date.now() > deadline) throw new Error(`distributed system not ready: ${await res.text()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const [front] = apps;
  if (!front) throw new Error(`${mode}: no app started`);
  return {
    mode,
    url: front.url,
    entries: entries.length,
    bootMs: Math.round(performance.now() - started),
    pids: apps.map((a) => a.process.pid).filter((p): p is number => p !== undefined),
    stop,
  };
}

export interface LoadRequest {
  readonly kind: Kind;
  readonly path: string;
  readonly body: string;
}

/**
 * The mixed query set: ~40% title searches (exact, lower-cased, prefixes of real titles), ~30% id
 * lookups (real source URLs), ~30% natural-language questions. Drawn from up to 500 real entries.
 */
export function buildQuerySet(entries: readonly ManamiAnime[], size = 2_000, seed = 1): LoadRequest[] {
  const rand = mulberry32(seed); // reproducible query sequence
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const pool = entries.length <= 500 ? entries : Array.from({ length: 500 }, () => pick(entries));
  return Array.from({ length: size }, (): LoadRequest => {
    const anime = pick(pool);
    const r = rand();
    if (r < 0.4) {
      const variants = [anime.title, anime.title.toLowerCase(), anime.title.slice(0, Math.max(4, Math.ceil(anime.title.length * 0.6)))];
      return { kind: 'search_anime', path: '/api/tools/search_anime', body: JSON.stringify({ text: pick(variants) }) };
    }
    if (r < 0.7) return { kind: 'get_anime', path: '/api/tools/get_anime', body: JSON.stringify({ ref: pick(anime.sources) }) };
    return { kind: 'query', path: '/api/query', body: JSON.stringify({ query: pick(QUESTIONS) }) };
  });
}

export interface LatencyStats {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

function latencyStats(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => (sorted.length ? Math.round((sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number) * 10) / 10 : 0);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

export interface LoadResult {
  readonly mode: Mode;
  readonly clients: number;
  readonly durationS: number;
  readonly entries: number;
  readonly bootMs: number;
  readonly requests: number;
  readonly reqPerSec: number;
  /** All responses, any status (ms, measured per request by this harness). */
  readonly latencyMs: LatencyStats;
  readonly byKind: Record<Kind, LatencyStats & { statusCodes: Record<string, number> }>;
  readonly statusCodes: Record<string, number>;
  readonly non2xx: number;
  readonly count5xx: number;
  /** Connection errors and timeouts (no HTTP status): counted apart, as failures. */
  readonly errors: number;
  readonly timeouts: number;
  /** autocannon's own summary (2xx only; it reports p97.5, not p95). */
  readonly autocannon: { latencyP50: number; latencyP97_5: number; latencyP99: number; reqPerSecAvg: number };
  /** 503s the gateway answered on purpose (load shedding) and every other 5xx (never allowed). */
  readonly shed503: number;
  readonly count5xxOther: number;
  /** Latency of the requests that were admitted (every answer but the shed 503s). */
  readonly admittedLatencyMs: LatencyStats;
  /** `/health/ready` polled every 250 ms during the run: how often it was not 200. */
  readonly readiness: { polls: number; notReady: number; statuses: Record<string, number> };
  /** Resident memory of the server processes (MB): before the load, at its end, and the lowest within 30 s after. */
  readonly rssMb?: { before: number; atEnd: number; after: number; ratio: number };
}

/** Runs N clients for T seconds against `target`, each request drawn from `querySet`. */
export async function runLoad(target: Target, options: { clients: number; durationS: number; querySet: readonly LoadRequest[]; timeoutS?: number }): Promise<LoadResult> {
  const samples: Record<Kind, number[]> = { search_anime: [], get_anime: [], query: [] };
  const codes: Record<Kind, Record<string, number>> = { search_anime: {}, get_anime: {}, query: {} };
  let next = 0;
  interface Context {
    req?: LoadRequest;
    t0?: number;
  }
  const rssBefore = rssMbOf(target.pids);
  const readiness = { polls: 0, notReady: 0, statuses: {} as Record<string, number> };
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const status = await fetch(`${target.url}/health/ready`, { signal: AbortSignal.timeout(5_000) }).then((r) => String(r.status), () => 'error');
      readiness.polls += 1;
      readiness.statuses[status] = (readiness.statuses[status] ?? 0) + 1;
      if (status !== '200') readiness.notReady += 1;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const admitted: number[] = [];
  const result = await autocannon({
    url: target.url,
    connections: options.clients,
    duration: options.durationS,
    timeout: options.timeoutS ?? 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const req = options.querySet[next++ % options.querySet.length] as LoadRequest;
          Object.assign(context, { req, t0: performance.now() } satisfies Context);
          return { ...request, method: 'POST', path: req.path, body: req.body, headers: { 'content-type': 'application/json' } };
        },
        onResponse: (status, _body, context) => {
          const { req, t0 } = context as Context;
          if (!req || t0 === undefined) return;
          const ms = performance.now() - t0;
          samples[req.kind].push(ms);
          if (status !== 503) admitted.push(ms);
          codes[req.kind][status] = (codes[req.kind][status] ?? 0) + 1;
        },
      },
    ],
  });
  polling = false;
  await poller;
  const rssAtEnd = rssMbOf(target.pids);
  let rssAfter = rssAtEnd;
  if (rssBefore !== undefined && rssAtEnd !== undefined) {
    // Let the servers settle (GC, released buffers): the lowest RSS within 30 s, stopping early once recovered.
    for (let i = 0; i < 30 && (rssAfter as number) > rssBefore * HARDENING_TARGETS.rssRecoveryRatio; i++) {
      await new Promise((r) => setTimeout(r, 1_000));
      rssAfter = Math.min(rssAfter as number, rssMbOf(target.pids) ?? Infinity);
    }
  }
  const statusCodes: Record<string, number> = {};
  for (const perKind of Object.values(codes)) for (const [code, n] of Object.entries(perKind)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const requests = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  const kinds = Object.keys(samples) as Kind[];
  return {
    mode: target.mode,
    clients: options.clients,
    durationS: options.durationS,
    entries: target.entries,
    bootMs: target.bootMs,
    requests,
    reqPerSec: Math.round((requests / options.durationS) * 10) / 10,
    latencyMs: latencyStats(kinds.flatMap((k) => samples[k])),
    byKind: Object.fromEntries(kinds.map((k) => [k, { ...latencyStats(samples[k]), statusCodes: codes[k] }])) as LoadResult['byKind'],
    statusCodes,
    non2xx: Object.entries(statusCodes).filter(([c]) => !c.startsWith('2')).reduce((a, [, n]) => a + n, 0),
    count5xx: Object.entries(statusCodes).filter(([c]) => c.startsWith('5')).reduce((a, [, n]) => a + n, 0),
    errors: result.errors,
    timeouts: result.timeouts,
    autocannon: { latencyP50: result.latency.p50, latencyP97_5: result.latency.p97_5, latencyP99: result.latency.p99, reqPerSecAvg: result.requests.average },
    shed503: statusCodes['503'] ?? 0,
    count5xxOther: Object.entries(statusCodes).filter(([c]) => c.startsWith('5') && c !== '503').reduce((a, [, n]) => a + n, 0),
    admittedLatencyMs: latencyStats(admitted),
    readiness,
    ...(rssBefore !== undefined && rssAtEnd !== undefined && rssAfter !== undefined
      ? { rssMb: { before: rssBefore, atEnd: rssAtEnd, after: rssAfter, ratio: Math.round((rssAfter / rssBefore) * 1000) / 1000 } }
      : {}),
  };
}

/** Summed resident memory (MB) of these processes from /proc (Linux); undefined elsewhere. */
export function rssMbOf(pids: readonly number[]): number | undefined {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (!m) return undefined;
      kb += Number(m[1]);
    } catch {
      return undefined;
    }
  }
  return Math.round(kb / 1024);
}

/** Why a result misses the hardening bar (issue #15); empty = met. */
export function hardeningFailures(r: LoadResult): string[] {
  const failures: string[] = [];
  if (r.count5xxOther > 0) failures.push(`${r.count5xxOther} 5xx other than deliberate 503 shedding`);
  if (r.errors + r.timeouts > 0) failures.push(`${r.errors} connection errors and ${r.timeouts} timeouts`);
  if (r.admittedLatencyMs.p99 > HARDENING_TARGETS.admittedP99Ms) failures.push(`p99 of admitted requests ${r.admittedLatencyMs.p99} ms > ${HARDENING_TARGETS.admittedP99Ms} ms`);
  if (r.readiness.notReady > 0) failures.push(`/health/ready was not 200 in ${r.readiness.notReady} of ${r.readiness.polls} polls`);
  if (r.rssMb && r.rssMb.ratio > HARDENING_TARGETS.rssRecoveryRatio) failures.push(`RSS ${r.rssMb.after} MB after the load vs ${r.rssMb.before} MB before (×${r.rssMb.ratio} > ×${HARDENING_TARGETS.rssRecoveryRatio})`);
  return failures;
}

/**
 * Pins the servers to cores 1..n-1 and this (loader) process to core 0 when `taskset` exists and
 * there are ≥ 2 cores, so the loader does not steal the servers' CPU. Returns what was done.
 */
export function pinCores(serverPids: readonly number[]): string {
  const n = cpus().length;
  if (n < 2 || spawnSync('taskset', ['--version']).status !== 0) return 'not pinned (no taskset or 1 core)';
  const servers = n === 2 ? '1' : `1-${n - 1}`;
  for (const pid of serverPids) spawnSync('taskset', ['-a', '-p', '-c', servers, String(pid)]);
  spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)]);
  return `loader on core 0, servers on core(s) ${servers} (NATS/Redis not pinned)`;
}

export function machine(): { host: string; cpu: string; cores: number; memoryGb: number; node: string; platform: string } {
  return {
    host: hostname(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function summaryLine(r: LoadResult): string {
  const codes = Object.entries(r.statusCodes)
    .map(([c, n]) => `${c}×${n}`)
    .join(' ');
  const rss = r.rssMb ? `, RSS ${r.rssMb.before} → ${r.rssMb.atEnd} → ${r.rssMb.after} MB` : '';
  return `${r.mode}: ${r.clients} clients × ${r.durationS}s on ${r.entries} entries: ${r.reqPerSec} req/s, p50 ${r.latencyMs.p50} / p95 ${r.latencyMs.p95} / p99 ${r.latencyMs.p99} ms (admitted p99 ${r.admittedLatencyMs.p99} ms), codes ${codes}, shed ${r.shed503}, errors ${r.errors}, timeouts ${r.timeouts}, ready ${r.readiness.polls - r.readiness.notReady}/${r.readiness.polls}${rss}`;
}
