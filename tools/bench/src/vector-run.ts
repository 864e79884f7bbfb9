/**
 * Vector benchmarks (npm run bench:vectors): the embedded store at 40k × 512 (clustered vectors,
 * with and without the catalog's real filters, recall against float brute force), the ANN
 * alternative it was chosen over, memory with the vectors loaded, and ingest embedding
 * throughput with the tiny test CLIP. Prints one JSON document; `--save` writes it to
 * bench/results/vectors-<date>-<host>.json. Targets are reported, not asserted.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Index, MetricKind, ScalarKind } from 'usearch';
import { SearchFiltersSchema } from '@anime/contracts';
import { readCatalogEntries } from '@anime/catalog';
import { ClipEncoder, entryText } from '@anime/embeddings';
import { EmbeddedVectorWriter, fuseRankings, readVectorSet, type EmbeddedVectorStore } from '@anime/search';
import { buildCatalogView } from '@anime/service-vector-search';
import { buildRealisticDataset, clusteredVectors, jitterVector, loadRealEntries, makePoster, sharedDir, writeReleaseJsonl, writeTinyClip } from '@anime/testing';
import { mulberry32, summarize, type Latency } from './stats';

const root = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json')) && dir !== resolve(dir, '..')) dir = resolve(dir, '..');
  return dir;
})();
const SIZE = Number(process.env['BENCH_SIZE'] ?? 40_000);
const DIM = 512;
const QUERIES = 1_000;
const log = (message: string): void => void process.stderr.write(`bench:vectors: ${message}\n`);
const rssMb = (): number => Math.round(process.memoryUsage().rss / 1e6);

function time(n: number, run: (q: number) => void): Latency {
  for (let q = 0; q < Math.min(100, n); q++) run(q);
  const samples: number[] = [];
  for (let q = 0; q < n; q++) {
    const t = performance.now();
    run(q);
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

function bruteForce(vectors: Float32Array[], ids: string[], query: Float32Array, k: number, keep: (id: string) => boolean): string[] {
  const scored: Array<[string, number]> = [];
  vectors.forEach((v, i) => {
    if (!keep(ids[i] as string)) return;
    let s = 0;
    for (let d = 0; d < DIM; d++) s += (v[d] as number) * (query[d] as number);
    scored.push([ids[i] as string, s]);
  });
  return scored.sort((a, b) => b[1] - a[1]).slice(0, k).map(([id]) => id);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vector-bench-'));
  const rand = mulberry32(42);
  const rssStart = rssMb();

  // Catalog of SIZE realistic entries (real ones first), for real filters and the service's RSS.
  let real: unknown[] = [];
  try {
    real = loadRealEntries(join(sharedDir(), 'data', 'anime-mapper-2026.jsonl'));
  } catch {
    log('shared data not found: generating every entry');
  }
  const release = buildRealisticDataset({ size: SIZE, seed: 7, realEntries: real as never[], lastUpdate: '2026-07-02' });
  const file = join(dir, 'release.jsonl');
  await writeReleaseJsonl(release, file);
  const { entries } = await readCatalogEntries({ kind: 'file', path: file });
  const view = buildCatalogView(entries, { version: '2026-07-02-bench001', lastUpdate: '2026-07-02', source: file, quarantined: 0 });
  real = [];
  global.gc?.();
  const rssCatalog = rssMb();
  log(`catalog: ${entries.length} entries, RSS ${rssCatalog} MB`);

  // Vectors: text for every entry, a picture for 90% (clustered like franchises/genres).
  const ids = entries.map((a) => a.id);
  const textVectors = () => clusteredVectors({ count: ids.length, dim: DIM, clusters: 400, seed: 1 });
  const versionDir = join(dir, 'version');
  mkdirSync(versionDir);
  {
    // Generated floats go out of scope before the RSS reading: the service holds only int8 rows.
    const text = textVectors();
    const picture = clusteredVectors({ count: ids.length, dim: DIM, clusters: 300, seed: 2 });
    const writer = new EmbeddedVectorWriter(versionDir, DIM, 'bench-clustered');
    await writer.add(ids.map((id, i) => ({ payload: { id, type: 'TV', status: 'FINISHED', tags: [], studios: [] }, vectors: { text: text[i] as Float32Array, ...(i % 10 === 9 ? {} : { picture: picture[i] as Float32Array }) } })));
    await writer.finish();
  }
  global.gc?.();
  const vectorBytes = readdirSync(join(versionDir, 'vectors')).reduce((sum, f) => sum + statSync(join(versionDir, 'vectors', f)).size, 0);
  const loadStart = performance.now();
  const store = (await readVectorSet(versionDir))?.store as EmbeddedVectorStore;
  const loadMs = Math.round(performance.now() - loadStart);
  global.gc?.();
  const rssWithVectors = rssMb();
  // The service's own footprint, measured in a clean child process (catalog, then + vectors).
  const service = JSON.parse(execFileSync(process.execPath, ['--expose-gc', join(__dirname, 'vector-rss.js'), file, versionDir], { encoding: 'utf8' })) as Record<string, number>;
  const text = textVectors();

  const queries = Array.from({ length: QUERIES }, (_, q) => jitterVector(text[Math.floor(rand() * ids.length)] as Float32Array, 0.5, 1000 + q));
  const filterSets = {
    selective: SearchFiltersSchema.parse({ types: ['MOVIE'], years: { min: 2000, max: 2015 } }),
    tag: SearchFiltersSchema.parse({ tags: { any: ['action'] } }),
    broad: SearchFiltersSchema.parse({ types: ['TV', 'ONA', 'OVA', 'MOVIE', 'SPECIAL'], tags: { none: ['horror'] } }),
  };
  const results: Record<string, unknown> = {};
  results['unfiltered'] = { latencyMs: time(QUERIES, (q) => store.searchSync({ space: 'text', vector: queries[q] as Float32Array, k: 10 })) };
  for (const [name, filters] of Object.entries(filterSets)) {
    const accept = view.index.matcher(filters) as (id: string) => boolean;
    const share = ids.filter(accept).length / ids.length;
    results[`filter-${name}`] = { allowedShare: Math.round(share * 1000) / 1000, latencyMs: time(QUERIES, (q) => store.searchSync({ space: 'text', vector: queries[q] as Float32Array, k: 10, accept })) };
  }
  // Recall@10 against float32 brute force, unfiltered and filtered.
  for (const [name, accept] of [['unfiltered', () => true], ['filter-selective', view.index.matcher(filterSets.selective) as (id: string) => boolean]] as const) {
    let found = 0;
    for (let q = 0; q < 100; q++) {
      const truth = new Set(bruteForce(text, ids, queries[q] as Float32Array, 10, accept));
      for (const hit of store.searchSync({ space: 'text', vector: queries[q] as Float32Array, k: 10, accept })) if (truth.has(hit.id)) found++;
    }
    (results[name] as Record<string, unknown>)['recallAt10'] = found / 1000;
  }
  log(`embedded store: ${JSON.stringify(results)}`);

  // Fusion risk for title queries: how often the fused top-1 is still the lexical top-1 when the
  // semantic list is unrelated to the text (worst case), or holds that entry at a random rank.
  const fusion: Record<string, Record<string, number>> = {};
  const titleQueries = Array.from({ length: 500 }, () => entries[Math.floor(rand() * entries.length)]?.title as string);
  const lexicalLists = titleQueries.map((title) => view.index.search({ text: title, limit: 100, sort: 'relevance', facets: false }).items.map((i) => i.anime.id));
  const unrelatedLists = titleQueries.map((_, q) => store.searchSync({ space: 'text', vector: queries[q % QUERIES] as Float32Array, k: 100 }).map((h) => h.id));
  for (const weight of [0.5, 0.8, 1]) {
    let keptUnrelated = 0;
    let keptAgreeing = 0;
    lexicalLists.forEach((lexical, q) => {
      const top = lexical[0];
      const unrelated = (unrelatedLists[q] as string[]).filter((id) => id !== top);
      const fuse = (semantic: string[]) => fuseRankings([{ name: 'title', ids: lexical }, { name: 'semantic', ids: semantic, weight }], 60)[0]?.id;
      if (fuse(unrelated) === top) keptUnrelated++;
      const agreeing = [...unrelated];
      agreeing.splice(Math.floor(rand() * 50), 0, top as string);
      if (fuse(agreeing) === top) keptAgreeing++;
    });
    fusion[`semanticWeight${weight}`] = { top1KeptUnrelatedSemantic: keptUnrelated / lexicalLists.length, top1KeptSemanticHasItInTop50: keptAgreeing / lexicalLists.length };
  }
  log(`fusion: ${JSON.stringify(fusion)}`);

  // The alternatives measured for the decision (D23).
  const flat = new Float32Array(ids.length * DIM);
  text.forEach((v, i) => flat.set(v, i * DIM));
  const jsExact = time(50, (q) => {
    const query = queries[q] as Float32Array;
    let best = -2;
    for (let i = 0; i < ids.length; i++) {
      let s = 0;
      const o = i * DIM;
      for (let d = 0; d < DIM; d++) s += (flat[o + d] as number) * (query[d] as number);
      if (s > best) best = s;
    }
  });
  const hnsw = new Index({ dimensions: DIM, metric: MetricKind.Cos, quantization: ScalarKind.F16, connectivity: 16, expansion_add: 128, expansion_search: 64, multi: false });
  let t = performance.now();
  hnsw.add(BigUint64Array.from(ids, (_, i) => BigInt(i)), flat, 2);
  const hnswBuildMs = Math.round(performance.now() - t);
  let hnswFound = 0;
  for (let q = 0; q < 100; q++) {
    const truth = new Set(bruteForce(text, ids, queries[q] as Float32Array, 10, () => true));
    for (const key of hnsw.search(queries[q] as Float32Array, 10, 1).keys) if (truth.has(ids[Number(key)] as string)) hnswFound++;
  }
  const alternatives = {
    jsFloat32BruteForce: { latencyMs: jsExact },
    usearchHnswF16: { buildMs: hnswBuildMs, latencyMs: time(QUERIES, (q) => hnsw.search(queries[q] as Float32Array, 10, 1)), recallAt10: hnswFound / 1000, filtered: 'no filter callback in the JS binding' },
  };

  // Ingest embedding throughput with the tiny CLIP (pipeline cost, not ViT-B/32 compute).
  const clip = await ClipEncoder.load({ model: await writeTinyClip(join(dir, 'clip')), modelsDir: join(dir, 'models'), allowRemote: false });
  const sample = entries.slice(0, 512);
  t = performance.now();
  for (let i = 0; i < sample.length; i += 32) await clip.embedTexts(sample.slice(i, i + 32).map(entryText));
  const textsPerS = Math.round(sample.length / ((performance.now() - t) / 1000));
  const posters = Array.from({ length: 128 }, (_, i) => makePoster(i, 225));
  t = performance.now();
  for (let i = 0; i < posters.length; i += 32) await clip.embedImages(posters.slice(i, i + 32));
  const imagesPerS = Math.round(posters.length / ((performance.now() - t) / 1000));
  await clip.dispose();

  const report = {
    kind: 'vectors',
    date: new Date().toISOString(),
    host: { name: hostname(), cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    size: ids.length,
    dim: DIM,
    embeddedStore: { method: 'exact cosine over int8 rows (usearch exactSearch, 1 thread)', targetP95Ms: 5, ...results },
    fusionTitleTop1: fusion,
    alternatives,
    memory: {
      service,
      benchProcess: { rssStartMb: rssStart, rssWithCatalogMb: rssCatalog, rssWithCatalogAndVectorsMb: rssWithVectors, note: 'includes the generated float vectors; see service for the clean numbers' },
      vectorsOnDiskMb: Math.round(vectorBytes / 1e5) / 10,
      vectorsLoadMs: loadMs,
      spaces: { text: await store.count('text'), picture: await store.count('picture') },
    },
    ingestEmbedding: { model: 'tiny test CLIP (random weights, 512-d)', textsPerS, imagesPerS, batch: 32, note: 'ViT-B/32 compute estimate: see the embeddings benchmark' },
  };
  const json = JSON.stringify(report, null, 2);
  process.stdout.write(`${json}\n`);
  if (process.argv.includes('--save')) {
    const out = join(root, 'bench', 'results');
    mkdirSync(out, { recursive: true });
    const saved = join(out, `vectors-${report.date.slice(0, 10)}-${hostname()}.json`);
    writeFileSync(saved, `${json}\n`);
    log(`saved ${saved}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
