/**
 * Load CLI: `node tools/build/build.mjs && node dist/tools/load/src/run.js [--full] [--modes embedded,distributed]
 * [--clients N] [--duration S] [--dataset sample|real] [--no-pin] [--no-save]`. LOAD_FULL=1 = --full (200 × 60 s, 27k
 * real entries); LOAD_HARDENING=1 = --hardening (200 × 30 s, 27k entries, issue #15's bar: no 5xx but 503
 * shedding, admitted p99 ≤ 1 s, readiness never flaps, RSS back within 10 %); default is the CI variant
 * (32 × 8 s, 10-entry real sample). Prints JSON and writes
 * bench/results/load-<date>-<host>.json. Exits 1 when any 5xx, connection error or timeout was seen.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildQuerySet, hardeningFailures, HARDENING_TARGETS, loadEntries, machine, pinCores, runLoad, startTarget, summaryLine, VARIANTS, type Dataset, type LoadResult, type Mode } from './load';

/** The repository root and the compiled tree this file runs from (dist/tools/load/src). */
const distDir = resolve(__dirname, '../../..');
const root = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json')) && dir !== resolve(dir, '..')) dir = resolve(dir, '..');
  return dir;
})();

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const full = process.argv.includes('--full') || process.env['LOAD_FULL'] === '1';
  const hardening = process.argv.includes('--hardening') || process.env['LOAD_HARDENING'] === '1';
  const base = hardening ? VARIANTS.hardening : full ? VARIANTS.full : VARIANTS.ci;
  const clients = Number(arg('clients') ?? base.clients);
  const durationS = Number(arg('duration') ?? base.durationS);
  const dataset = (arg('dataset') ?? base.dataset) as Dataset;
  const modes = (arg('modes') ?? 'embedded,distributed').split(',') as Mode[];
  const pin = !process.argv.includes('--no-pin');
  // --server-env K=V,K=V: settings for the servers under test (e.g. AGENT_CONCURRENCY=4), recorded in the report.
  const serverEnv = Object.fromEntries((arg('server-env') ?? '').split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));

  const entries = loadEntries(dataset);
  const querySet = buildQuerySet(entries);
  const results: LoadResult[] = [];
  const pinning: string[] = [];
  for (const mode of modes) {
    process.stderr.write(`load: starting ${mode} with ${entries.length} entries\n`);
    const target = await startTarget(mode, distDir, entries, serverEnv);
    try {
      if (pin) pinning.push(`${mode}: ${pinCores(target.pids)}`);
      const result = await runLoad(target, { clients, durationS, querySet });
      process.stderr.write(`load: ${summaryLine(result)}\n`);
      results.push(result);
    } finally {
      await target.stop();
    }
  }
  const date = new Date();
  const report = {
    date: date.toISOString(),
    variant: base.name,
    machine: machine(),
    settings: {
      clients,
      durationS,
      dataset,
      entries: entries.length,
      querySet: { size: querySet.length, mix: '~40% search_anime (titles), ~30% get_anime (source URLs), ~30% /api/query (questions)' },
      rateLimit: 'RATE_LIMIT_POINTS=1000000 (per-client limiter effectively off; all load comes from one IP); admission gates at their defaults (503 + Retry-After past capacity)',
      liveSources: 'ANILIST/JIKAN/KITSU base URLs → http://127.0.0.1:1 (fail fast; not part of this load)',
      pinning: pin ? pinning : ['disabled (--no-pin)'],
      serverEnv,
    },
    results,
    zero5xx: results.every((r) => r.count5xx === 0),
    zero5xxOtherThanShedding: results.every((r) => r.count5xxOther === 0),
    ...(hardening ? { hardening: { targets: HARDENING_TARGETS, failures: Object.fromEntries(results.map((r) => [r.mode, hardeningFailures(r)])) } } : {}),
  };
  const json = JSON.stringify(report, null, 2);
  process.stdout.write(`${json}\n`);
  if (!process.argv.includes('--no-save')) {
    const dir = join(root, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `load-${base.name === 'ci' ? '' : `${base.name}-`}${date.toISOString().slice(0, 10)}-${machine().host}.json`);
    writeFileSync(file, `${json}\n`);
    process.stderr.write(`load: wrote ${file}\n`);
  }
  if (results.some((r) => r.count5xxOther > 0 || r.errors > 0 || r.timeouts > 0 || r.readiness.notReady > 0)) process.exitCode = 1;
  if (hardening && results.some((r) => hardeningFailures(r).length > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
