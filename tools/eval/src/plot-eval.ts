/**
 * Plot-memory search evaluation (npm run eval:plot). Prints one JSON document; `--save` also writes
 * it to bench/results/plot-eval-<date>-<host>.json. Not a test: targets are reported, not asserted.
 * Output never contains synopsis text (it is third-party; only our questions and titles appear).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { cpus, hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Anime } from '@anime/contracts';
import { AliasIndex, FileSynopsisStore, importSynopses, parseReleaseSource, readCatalogEntries, type SynopsisRecord } from '@anime/catalog';
import { extractYearHint } from '@anime/query';
import { mulberry32, sharedData } from '@anime/testing';
import { PlotIndex, type PlotDocument, type PlotParams } from '@anime/search';
import { buildPlotDocuments } from '@anime/service-vector-search';

/** The repository root (this file runs from dist/tools/eval/src; a build elsewhere runs from the repo as cwd). */
const root = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json')) && dir !== resolve(dir, '..')) dir = resolve(dir, '..');
  return existsSync(join(dir, 'nx.json')) ? dir : process.cwd();
})();

const QuestionSetSchema = z
  .object({
    set: z.string(),
    about: z.string(),
    questions: z.array(
      z.object({ q: z.string().min(5), mal: z.number().int().positive(), title: z.string(), tags: z.array(z.string()) }).strict(),
    ),
  })
  .strict();
type QuestionSet = z.infer<typeof QuestionSetSchema>;

const log = (message: string): void => void process.stderr.write(`eval:plot: ${message}\n`);
/** The clock the year hints are read against (fixed: the data is from mid 2026). */
const NOW = new Date('2026-07-15T00:00:00Z');

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 1000) / 1000;
}

const pct = (n: number, of: number): number => Math.round((1000 * n) / Math.max(1, of)) / 10;

function evaluate(index: PlotIndex, set: QuestionSet, aliases: AliasIndex, titleOf: (id: string) => string) {
  const ranks: number[] = [];
  const byTag = new Map<string, number[]>();
  const buckets = { high: [0, 0], medium: [0, 0], low: [0, 0] } as Record<'high' | 'medium' | 'low', [number, number]>;
  const misses: Array<{ q: string; expected: string; rank: number | null; got: string[]; confidence: number }> = [];
  for (const question of set.questions) {
    const expected = aliases.resolve(`mal:${question.mal}`);
    if (!expected.ok) throw new Error(`set ${set.set}: mal:${question.mal} (${question.title}) is not in the dataset`);
    const { hint, rest } = extractYearHint(question.q, NOW);
    const result = index.search({ text: rest, ...(hint ? { yearHint: hint } : {}), limit: 10 });
    const at = result.hits.findIndex((h) => h.id === expected.id);
    const rank = at < 0 ? 0 : at + 1;
    ranks.push(rank);
    for (const tag of question.tags) byTag.set(tag, [...(byTag.get(tag) ?? []), rank]);
    const label = result.confidence >= 0.6 ? 'high' : result.confidence >= 0.35 ? 'medium' : 'low';
    buckets[label][0]++;
    if (rank === 1) buckets[label][1]++;
    if (rank !== 1) misses.push({ q: question.q, expected: `${expected.id} ${question.title}`, rank: rank || null, got: result.hits.slice(0, 3).map((h) => `${h.id} ${titleOf(h.id)}`), confidence: result.confidence });
  }
  const summary = (rs: number[]) => ({
    n: rs.length,
    top1: pct(rs.filter((r) => r === 1).length, rs.length),
    top3: pct(rs.filter((r) => r >= 1 && r <= 3).length, rs.length),
    top10: pct(rs.filter((r) => r >= 1 && r <= 10).length, rs.length),
    mrr: Math.round((1000 * rs.reduce((s, r) => s + (r ? 1 / r : 0), 0)) / Math.max(1, rs.length)) / 1000,
  });
  return {
    ...summary(ranks),
    byTag: Object.fromEntries([...byTag.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([tag, rs]) => [tag, summary(rs)])),
    confidence: Object.fromEntries(
      Object.entries(buckets).map(([label, [n, right]]) => [label, { answers: n, top1Right: pct(right, n) }]),
    ),
    misses,
  };
}

/** Synopses for entries that have none yet, then extra entries: sentences of real synopses recombined (seeded), up to `size` synopses. */
function topUp(documents: PlotDocument[], size: number): PlotDocument[] {
  const rand = mulberry32(17);
  const sentences = documents.flatMap((d) => (d.synopsis ? d.synopsis.text.split(/(?<=[.!?])\s+/u).filter((s) => s.length > 30) : []));
  const synth = (): NonNullable<PlotDocument['synopsis']> => ({
    text: Array.from({ length: 3 + Math.floor(rand() * 4) }, () => sentences[Math.floor(rand() * sentences.length)]).join(' '),
    source: 'myanimelist',
    sourceUrl: 'https://myanimelist.net/anime/0',
    language: 'en',
    fetchedAt: NOW.toISOString(),
  });
  let count = documents.filter((d) => d.synopsis).length;
  const out = documents.map((doc): PlotDocument => {
    if (doc.synopsis || count >= size) return doc;
    count++;
    return { anime: doc.anime, synopsis: synth() };
  });
  for (let n = 0; count < size; n++, count++) {
    const base = documents[Math.floor(rand() * documents.length)] as PlotDocument;
    out.push({ anime: { ...base.anime, id: `bench:${n}` } as Anime, synopsis: synth() });
  }
  return out;
}

/** Live memory after a GC (run with --expose-gc): JS heap + array buffers (the index's typed arrays), and RSS. */
function heapMb(): { heapUsedMb: number; rssMb: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { heapUsedMb: Math.round((m.heapUsed + m.arrayBuffers) / 1048576), rssMb: Math.round(m.rss / 1048576) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { save: { type: 'boolean', default: false }, params: { type: 'string' }, 'no-perf': { type: 'boolean', default: false }, sets: { type: 'string', default: 'a,b' } },
  });
  const params = values.params ? (JSON.parse(values.params) as Partial<PlotParams>) : {};
  const releaseFile = sharedData('anime-mapper-2026.jsonl');
  const synopsesFile = sharedData('anime-mapper-2026-synopses.jsonl');
  const started = Date.now();
  const { entries } = await readCatalogEntries(parseReleaseSource(releaseFile));
  const aliases = new AliasIndex(entries);
  const titles = new Map(entries.map((e) => [e.id, e.title]));
  log(`${entries.length} entries read in ${Date.now() - started} ms`);

  // The real import path (the same as npm run db:enrich) into a throw-away store.
  const dir = mkdtempSync(join(tmpdir(), 'plot-eval-'));
  let records: SynopsisRecord[];
  let importReport: Record<string, unknown>;
  try {
    const store = new FileSynopsisStore(dir);
    const report = await importSynopses({
      store,
      resolver: aliases,
      fetchedAt: '2026-07-01T00:00:00.000Z',
      lines: createInterface({ input: createReadStream(synopsesFile, 'utf8'), crlfDelay: Infinity }),
    });
    importReport = { read: report.read, added: report.added, unmatched: report.unmatched, invalid: report.invalid };
    records = [];
    for await (const r of store.records()) records.push(r);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  log(`synopses imported: ${JSON.stringify(importReport)}`);

  const resolveId = (ref: string): string | undefined => {
    const r = aliases.resolve(ref);
    return r.ok ? r.id : undefined;
  };
  const { documents } = buildPlotDocuments(entries, records, resolveId);
  const before = heapMb();
  const buildStarted = Date.now();
  const index = new PlotIndex(documents, params);
  const buildMs = Date.now() - buildStarted;
  const after = heapMb();
  log(`plot index: ${index.size} entries, ${index.synopses} synopses, built in ${buildMs} ms`);

  const sets: Record<string, unknown> = {};
  const allQuestions: string[] = [];
  for (const name of values.sets.split(',').map((s) => s.trim()).filter(Boolean)) {
    const set = QuestionSetSchema.parse(JSON.parse(readFileSync(join(root, 'bench/eval', `plot-set-${name}.json`), 'utf8')));
    sets[set.set] = evaluate(index, set, aliases, (id) => titles.get(id) ?? '?');
    allQuestions.push(...set.questions.map((q) => q.q));
  }

  let perf: Record<string, unknown> | undefined;
  if (!values['no-perf']) {
    const time = (idx: PlotIndex): { p50: number; p95: number; p99: number; n: number } => {
      const samples: number[] = [];
      for (let round = 0; round < 5; round++) {
        for (const q of allQuestions) {
          const t = process.hrtime.bigint();
          const { hint, rest } = extractYearHint(q, NOW);
          idx.search({ text: rest, ...(hint ? { yearHint: hint } : {}), limit: 10 });
          samples.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
      }
      return { n: samples.length, p50: percentile(samples, 0.5), p95: percentile(samples, 0.95), p99: percentile(samples, 0.99) };
    };
    const at27k = time(index);
    const big = topUp(documents, 40_000);
    const bigBefore = heapMb();
    const bigStarted = Date.now();
    const bigIndex = new PlotIndex(big, params);
    const bigBuildMs = Date.now() - bigStarted;
    const bigAfter = heapMb();
    const at40k = time(bigIndex);
    perf = {
      note: 'liveDeltaMb = JS heap + array buffers retained by the index after GC; rssDeltaMb also holds build garbage the allocator keeps; query = year-hint extraction + search + snippets of 10 hits; 40k = the 27k real entries (22.7k real synopses, others recombined from real sentences) + recombined copies up to 40k synopses',
      at27k: { entries: index.size, synopses: index.synopses, buildMs, ...at27k, liveDeltaMb: after.heapUsedMb - before.heapUsedMb, rssDeltaMb: after.rssMb - before.rssMb },
      at40k: { entries: bigIndex.size, synopses: bigIndex.synopses, buildMs: bigBuildMs, ...at40k, liveDeltaMb: bigAfter.heapUsedMb - bigBefore.heapUsedMb, rssDeltaMb: bigAfter.rssMb - bigBefore.rssMb },
      rssMbAfter: bigAfter.rssMb,
    };
  }

  const report = {
    kind: 'plot-eval',
    generatedAt: new Date().toISOString(),
    host: hostname(),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    dataset: { file: 'anime-mapper-2026.jsonl', entries: entries.length },
    synopses: importReport,
    params: index.params,
    targets: { top3: 80, top10: 95, p95Ms40k: 50, indexRssMb: 150 },
    sets,
    ...(perf ? { perf } : {}),
  };
  const json = JSON.stringify(report, null, 2);
  process.stdout.write(`${json}\n`);
  if (values.save) {
    const dirOut = join(root, 'bench/results');
    mkdirSync(dirOut, { recursive: true });
    const file = join(dirOut, `plot-eval-${report.generatedAt.slice(0, 10)}-${hostname()}.json`);
    writeFileSync(file, `${json}\n`);
    log(`saved ${file}`);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`eval:plot failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
