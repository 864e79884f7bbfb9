/**
 * Full-size, realistic and deterministic anime-offline-database (manami) releases for benchmarks
 * and scale tests. The real dataset has ~40,500 entries; the shared data holds 27,088 real ones.
 * This builder mixes real entries (verbatim, first) with generated ones whose fields follow the
 * distributions measured on the real file (see distributions.ts / vocabulary.ts): types, years,
 * seasons, episodes and durations per type, scores, synonym/tag/studio/producer/source counts,
 * franchises of related entries, real URL shapes and id ranges for all 11 platforms.
 *
 * It reads no files: only `loadRealEntries` does, and only the path it is given.
 */
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { ManamiAnime } from '@anime/contracts';
import { producerNames, studioNames } from './companies';
import {
  DURATION_SECONDS,
  EPISODES,
  FIELD_PRESENCE,
  FIRST_YEAR,
  FRANCHISE_MAIN_OTHER_TYPES,
  FRANCHISE_MAIN_SHARE_TV,
  FRANCHISE_SIDE_TYPES,
  FRANCHISE_SIZES,
  FRANCHISE_YEAR_GAPS,
  NO_PICTURE_SHARE,
  ONGOING_SHARE_RECENT,
  PICTURE_FILE_QUANTILES,
  PICTURE_FOLDER_QUANTILES,
  PRODUCER_COUNTS,
  SCORE_BINS,
  SEASONS,
  SINGLE_TYPES,
  STUDIO_COUNTS,
  SYNONYM_COUNTS,
  TAG_COUNTS,
  UPCOMING_SHARE_CURRENT_YEAR,
  UPCOMING_SHARE_NO_YEAR,
  YEAR_ABSENT_SHARE,
  YEAR_COUNTS,
  YEAR_NULL_SHARE,
  type MainType,
  type NumericDistribution,
} from './distributions';
import type { Draft, DraftType } from './draft';
import { assignIds, choosePlatforms, reservedIdsOf, sourceUrl, sourcesOf, type ReservedIds } from './platform-sources';
import { interpolate, mulberry32, Random, WeightedTable } from './random';
import { createBase, renderTitle, sideTitle, synonymsFor, type FranchiseNaming } from './titles';
import { CHINESE_PRODUCERS, CHINESE_STUDIOS, TAGS } from './vocabulary';

export { mulberry32 } from './random';

/** One dataset entry (the manami schema, `ManamiAnimeSchema` in @anime/contracts). */
export type ManamiEntry = ManamiAnime;

export interface RealisticDatasetOptions {
  /** Total number of entries (real + generated). */
  size: number;
  /** PRNG seed; same seed and size give byte-identical output. Default 1. */
  seed?: number;
  /** Real entries to mix in (verbatim, first); at most `size` of them are used. */
  realEntries?: unknown[];
  /** Release date (YYYY-MM-DD) for the metadata; default 2026-07-02 (the real file's). */
  lastUpdate?: string;
}

/** A dataset release: the metadata of the real release plus its entries. */
export interface DatasetRelease {
  meta: {
    $schema: string;
    license: { name: string; url: string };
    repository: string;
    scoreRange: { minInclusive: number; maxInclusive: number };
    lastUpdate: string;
  };
  data: ManamiEntry[];
}

const DEFAULT_SEED = 1;
const DEFAULT_LAST_UPDATE = '2026-07-02';
const LAST_YEAR = 2026;
const REPOSITORY = 'https://github.com/manami-project/anime-offline-database';
const NO_PICTURE = 'https://raw.githubusercontent.com/manami-project/anime-offline-database/master/pics/no_pic.png';
const NO_THUMBNAIL = 'https://raw.githubusercontent.com/manami-project/anime-offline-database/master/pics/no_pic_thumbnail.png';
/** Share of related links that also carry a second platform URL of the same anime (the full release lists all). */
const RELATED_EXTRA_PLATFORM_SHARE = 0.1;
/** 736 of 20,356 real related URLs point to nothing in the dataset (~7 % of entries with relations have one). */
const UNRESOLVABLE_RELATED_SHARE = 0.07;
const UNRESOLVABLE_RELATED_SHARE_SINGLE = 0.01;

type Status = ManamiEntry['status'];
type Season = ManamiEntry['animeSeason']['season'];
type Score = NonNullable<ManamiEntry['score']>;

// Tables prepared once per process (cumulative weights), not per build.
const YEAR_TABLE = new WeightedTable(YEAR_COUNTS.map((count, i) => [FIRST_YEAR + i, count] as const));
const SEASON_TABLE = new WeightedTable(SEASONS);
const FRANCHISE_SIZE_TABLE = new WeightedTable(FRANCHISE_SIZES);
const SINGLE_TYPE_TABLE = new WeightedTable(SINGLE_TYPES);
const MAIN_OTHER_TYPE_TABLE = new WeightedTable(FRANCHISE_MAIN_OTHER_TYPES);
const SIDE_TYPE_TABLE = new WeightedTable(FRANCHISE_SIDE_TYPES);
const YEAR_GAP_TABLE = new WeightedTable(FRANCHISE_YEAR_GAPS);
const SCORE_TABLE = new WeightedTable(SCORE_BINS);
const SYNONYM_COUNT_TABLE = new WeightedTable(SYNONYM_COUNTS);
const TAG_COUNT_TABLE = new WeightedTable(TAG_COUNTS);
const STUDIO_COUNT_TABLE = new WeightedTable(STUDIO_COUNTS);
const PRODUCER_COUNT_TABLE = new WeightedTable(PRODUCER_COUNTS);
const TAG_TABLE = new WeightedTable(TAGS);
/** Marks the tail in a numeric table (values are ≥ 1, so −1 is free). */
const TAIL = -1;
const numericTables = new Map<NumericDistribution, WeightedTable<number>>();

function sampleNumeric(rng: Random, dist: NumericDistribution): number {
  let table = numericTables.get(dist);
  if (!table) {
    table = new WeightedTable<number>([...dist.common, [TAIL, dist.tailWeight]]);
    numericTables.set(dist, table);
  }
  const value = rng.weighted(table);
  if (value !== TAIL) return value;
  // Geometric between the tail's quantile points: rare values are spread over orders of magnitude
  // (TV: 21 … 3,000 episodes), and a linear last segment would over-draw the extremes.
  const u = rng.next() * (dist.tail.length - 1);
  const i = Math.min(Math.floor(u), dist.tail.length - 2);
  const lo = Math.max(1, dist.tail[i]);
  const hi = Math.max(1, dist.tail[i + 1]);
  const raw = lo * Math.pow(hi / lo, u - i);
  return Math.max(dist.step, Math.round(raw / dist.step) * dist.step);
}

/** Entry fields decided while drafting (ids and related URLs come later). */
interface Details {
  status: Status;
  season: Season;
  episodes: number;
  duration: number | undefined;
  score: Score | undefined;
  synonyms: string[];
  studios: string[];
  producers: string[];
  tags: string[];
}

function drawYear(rng: Random): number | null | undefined {
  const u = rng.next();
  if (u < YEAR_ABSENT_SHARE) return undefined;
  if (u < YEAR_ABSENT_SHARE + YEAR_NULL_SHARE) return null;
  return rng.weighted(YEAR_TABLE);
}

/** Up to `count` distinct values from `draw`, starting with `initial` (bounded retries: no endless loop on a small pool). */
function distinct(count: number, initial: readonly string[], draw: () => string): string[] {
  const out = new Set(initial.slice(0, count));
  for (let attempts = 0; out.size < count && attempts < count * 10; attempts++) out.add(draw());
  return [...out].sort();
}

function drawStatus(rng: Random, type: DraftType, year: number | null | undefined): Status {
  if (type === 'UNKNOWN') return 'UPCOMING';
  if (typeof year !== 'number') return rng.chance(UPCOMING_SHARE_NO_YEAR) ? 'UPCOMING' : 'FINISHED';
  if (year >= LAST_YEAR) return rng.chance(UPCOMING_SHARE_CURRENT_YEAR) ? 'UPCOMING' : rng.chance(0.15) ? 'ONGOING' : 'FINISHED';
  // Long-running TV/web series are the ones still airing years after their start.
  const ongoing = ONGOING_SHARE_RECENT * (type === 'TV' || type === 'ONA' ? 1.5 : 0.5);
  return year >= 2005 && rng.chance(ongoing) ? 'ONGOING' : 'FINISHED';
}

function drawScore(rng: Random, popularity: number, main: Score | undefined): Score {
  const bin = SCORE_TABLE.at(rng.coupled(popularity, 0.3));
  let mean = bin + rng.next() * 0.25;
  // Members of a franchise score alike.
  if (main) mean = (mean + main.arithmeticMean + (rng.next() - 0.5) * 0.6) / 2;
  mean = Math.min(10, Math.max(1, mean));
  return {
    arithmeticGeometricMean: Math.max(1, mean - rng.next() * 0.01),
    arithmeticMean: mean,
    median: Math.min(10, Math.max(1, mean + (rng.next() - 0.5) * 0.4)),
  };
}

interface MainRef {
  draft: Draft;
  details: Details;
}

function drawDetails(rng: Random, draft: Draft, main: MainRef | undefined): Details {
  const { type, year, popularity } = draft;
  const status = drawStatus(rng, type, year);
  // The real file has no season exactly when it has no year; the full release also has a few old ones.
  const season: Season = typeof year === 'number' && !rng.chance(0.005) ? rng.weighted(SEASON_TABLE) : 'UNDEFINED';
  let episodes = 0;
  let duration: number | undefined;
  let score: Score | undefined;
  if (type !== 'UNKNOWN') {
    const mainType: MainType = type;
    const unknownEpisodes = (status === 'UPCOMING' && rng.chance(0.7)) || (status === 'ONGOING' && rng.chance(0.6));
    episodes = unknownEpisodes ? 0 : sampleNumeric(rng, EPISODES[mainType]);
    if (rng.chance(FIELD_PRESENCE[mainType].duration)) {
      const inherited = main && main.draft.type === type && main.details.duration !== undefined && rng.chance(0.6);
      duration = inherited ? main.details.duration : sampleNumeric(rng, DURATION_SECONDS[mainType]);
    }
    if (status !== 'UPCOMING' && rng.chance(FIELD_PRESENCE[mainType].score)) score = drawScore(rng, popularity, main?.details.score);
  }
  const synonyms = synonymsFor(rng, draft.form, draft.base, SYNONYM_COUNT_TABLE.at(rng.coupled(popularity, 0.6)));

  const tagCount = TAG_COUNT_TABLE.at(rng.coupled(popularity, 0.5));
  const inheritedTags = main ? main.details.tags.filter(() => rng.chance(0.8)) : [];
  const tags = distinct(tagCount, inheritedTags, () => rng.weighted(TAG_TABLE));

  const chinese = draft.base.style === 'zh';
  const studioCount = STUDIO_COUNT_TABLE.at(rng.coupled(popularity, 0.3));
  const studios =
    main && studioCount > 0 && main.details.studios.length > 0 && rng.chance(0.7)
      ? main.details.studios
      : distinct(studioCount, [], () => (chinese && rng.chance(0.7) ? rng.pick(CHINESE_STUDIOS) : rng.weighted(studioNames())));
  const producerCount = PRODUCER_COUNT_TABLE.at(rng.coupled(popularity, 0.5));
  const inheritedProducers = main ? main.details.producers.filter(() => rng.chance(0.6)) : [];
  const producers = distinct(producerCount, inheritedProducers, () =>
    chinese && rng.chance(0.6) ? rng.pick(CHINESE_PRODUCERS) : rng.weighted(producerNames()),
  );
  return { status, season, episodes, duration, score, synonyms, studios, producers, tags };
}

function franchiseSize(rng: Random, left: number): number {
  let size = rng.weighted(FRANCHISE_SIZE_TABLE);
  // Buckets of the size table: 10 = 10–19, 20 = 20–49, 50 = 50–120.
  if (size === 10) size = rng.int(10, 19);
  else if (size === 20) size = rng.int(20, 49);
  else if (size === 50) size = rng.int(50, 120);
  return Math.min(size, left);
}

/**
 * Drafts one franchise: a main entry, then sequels (TV, some movies) chained after it and side
 * entries (specials, OVAs, movies, web shorts) hanging off one of those, each linked both ways.
 */
function draftFranchise(rng: Random, franchise: number, size: number, drafts: Draft[], details: Details[], titles: Set<string>): void {
  const mainType: DraftType =
    size === 1 ? rng.weighted(SINGLE_TYPE_TABLE) : rng.chance(FRANCHISE_MAIN_SHARE_TV) ? 'TV' : rng.weighted(MAIN_OTHER_TYPE_TABLE);
  // Chinese productions are mostly web series. Real titles are 99.6 % distinct: retry a clash a few times.
  let base = createBase(rng, mainType === 'ONA');
  for (let attempt = 0; titles.has(renderTitle(base.tokens)) && attempt < 5; attempt++) base = createBase(rng, mainType === 'ONA');
  titles.add(renderTitle(base.tokens));
  let year = drawYear(rng);
  if (mainType === 'UNKNOWN') year = rng.chance(0.5) ? LAST_YEAR : undefined;
  const mainDraft: Draft = {
    franchise,
    base,
    form: base,
    type: mainType,
    year,
    // Franchises grow around well-known anime.
    popularity: size > 1 ? Math.max(rng.next(), rng.next()) : rng.next(),
    related: [],
    platforms: [],
    ids: {},
    kitsuIo: false,
  };
  const mainIndex = drafts.length;
  drafts.push(mainDraft);
  const main: MainRef = { draft: mainDraft, details: drawDetails(rng, mainDraft, undefined) };
  details.push(main.details);

  const spine = [mainIndex];
  const naming: FranchiseNaming = { seasons: 1, movies: 0, used: new Set([renderTitle(base.tokens)]) };
  for (let i = 1; i < size; i++) {
    const type = rng.weighted(SIDE_TYPE_TABLE);
    const last = spine[spine.length - 1];
    const chained = type === 'TV' || (type === 'MOVIE' && rng.chance(0.5));
    const parentIndex = chained ? last : rng.chance(0.5) ? mainIndex : rng.pick(spine);
    const parent = drafts[parentIndex];
    const sideYear = typeof parent.year === 'number' ? Math.min(LAST_YEAR, parent.year + rng.weighted(YEAR_GAP_TABLE)) : parent.year;
    const form = sideTitle(rng, base, type, naming);
    titles.add(renderTitle(form.tokens));
    const draft: Draft = {
      franchise,
      base,
      form,
      type,
      year: sideYear,
      popularity: rng.next(),
      related: [parentIndex],
      platforms: [],
      ids: {},
      kitsuIo: false,
    };
    const index = drafts.length;
    drafts.push(draft);
    parent.related.push(index);
    if (chained) spine.push(index);
    details.push(drawDetails(rng, draft, main));
  }
}

function pictureOf(rng: Random, draft: Draft): { picture: string; thumbnail: string } {
  // MAL's CDN is the dataset's picture source; without a MAL entry (or picture) it uses its placeholder.
  if (draft.ids.myanimelist === undefined || rng.chance(NO_PICTURE_SHARE)) return { picture: NO_PICTURE, thumbnail: NO_THUMBNAIL };
  const folder = Math.round(interpolate(PICTURE_FOLDER_QUANTILES, rng.next()));
  const file = Math.round(interpolate(PICTURE_FILE_QUANTILES, rng.next()));
  const path = `https://cdn.myanimelist.net/images/anime/${folder}/${file}`;
  return { picture: `${path}.jpg`, thumbnail: `${path}t.jpg` };
}

/** MAL ids used by no entry (generated or real), for related links that resolve to nothing. */
function unusedMalIds(rng: Random, drafts: readonly Draft[], reserved: ReservedIds): () => string {
  const used = new Set(reserved.get('myanimelist') ?? []);
  let max = 1;
  for (const draft of drafts) {
    const id = draft.ids.myanimelist;
    if (id === undefined) continue;
    used.add(id);
    max = Math.max(max, Number(id));
  }
  const limit = max + 5000;
  return () => {
    let id = String(rng.int(1, limit));
    // At most ~two thirds of the range is used, so this ends after a couple of draws.
    while (used.has(id)) id = String(rng.int(1, limit));
    return id;
  };
}

function relatedUrlsOf(rng: Random, draft: Draft, sources: readonly string[][], drafts: readonly Draft[], unusedMal: () => string): string[] {
  const urls = new Set<string>();
  for (const index of draft.related) {
    const other = sources[index];
    const mal = drafts[index].ids.myanimelist;
    urls.add(mal !== undefined ? sourceUrl('myanimelist', mal) : other[0]);
    if (other.length > 1 && rng.chance(RELATED_EXTRA_PLATFORM_SHARE)) urls.add(rng.pick(other));
  }
  if (rng.chance(draft.related.length > 0 ? UNRESOLVABLE_RELATED_SHARE : UNRESOLVABLE_RELATED_SHARE_SINGLE)) {
    urls.add(sourceUrl('myanimelist', unusedMal()));
  }
  return [...urls].sort();
}

function toEntry(draft: Draft, details: Details, sources: string[], relatedAnime: string[], picture: { picture: string; thumbnail: string }): ManamiEntry {
  const animeSeason: ManamiEntry['animeSeason'] = draft.year === undefined ? { season: details.season } : { season: details.season, year: draft.year };
  // Key order as in the real release, so serialised output looks like it.
  return {
    sources,
    title: renderTitle(draft.form.tokens),
    type: draft.type,
    episodes: details.episodes,
    status: details.status,
    animeSeason,
    picture: picture.picture,
    thumbnail: picture.thumbnail,
    ...(details.duration !== undefined ? { duration: { value: details.duration, unit: 'SECONDS' as const } } : {}),
    ...(details.score !== undefined ? { score: details.score } : {}),
    synonyms: details.synonyms,
    studios: details.studios,
    producers: details.producers,
    relatedAnime,
    tags: details.tags,
  };
}

function isoWeekTag(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  // ISO week: the week (Monday–Sunday) belongs to the year of its Thursday.
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-${String(week).padStart(2, '0')}`;
}

function releaseMeta(lastUpdate: string): DatasetRelease['meta'] {
  const tag = isoWeekTag(lastUpdate);
  return {
    $schema: `https://raw.githubusercontent.com/manami-project/anime-offline-database/refs/tags/${tag}/schemas/anime-offline-database.schema.json`,
    license: {
      name: 'Open Data Commons Open Database License (ODbL) v1.0 + Database Contents License (DbCL) v1.0',
      url: `${REPOSITORY}/blob/${tag}/LICENSE`,
    },
    repository: REPOSITORY,
    scoreRange: { minInclusive: 1.0, maxInclusive: 10.0 },
    lastUpdate,
  };
}

function checkRealEntry(entry: unknown, index: number): ManamiEntry {
  const sources = typeof entry === 'object' && entry !== null ? (entry as { sources?: unknown }).sources : undefined;
  if (!Array.isArray(sources) || !sources.every((s) => typeof s === 'string')) {
    throw new TypeError(`realEntries[${index}] is not a dataset entry (no sources array)`);
  }
  return entry as ManamiEntry;
}

/**
 * Builds a release of `size` entries: `realEntries` first and unchanged, then generated entries
 * (in shuffled order) whose fields follow the real dataset's distributions. Generated source ids
 * are unique per platform and never reuse an id of the real entries. Deterministic: the same
 * options give byte-identical JSON. Reads no files.
 */
export function buildRealisticDataset(options: RealisticDatasetOptions): DatasetRelease {
  const { size } = options;
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`size must be a non-negative integer, got ${size}`);
  const lastUpdate = options.lastUpdate ?? DEFAULT_LAST_UPDATE;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(lastUpdate) || Number.isNaN(Date.parse(lastUpdate))) {
    throw new RangeError(`lastUpdate must be a YYYY-MM-DD date, got ${lastUpdate}`);
  }
  const real = (options.realEntries ?? []).slice(0, size).map(checkRealEntry);
  const reserved = reservedIdsOf(real);
  const rng = new Random(mulberry32(options.seed ?? DEFAULT_SEED));

  const drafts: Draft[] = [];
  const details: Details[] = [];
  const titles = new Set<string>();
  const target = size - real.length;
  for (let franchise = 0; drafts.length < target; franchise++) {
    draftFranchise(rng, franchise, franchiseSize(rng, target - drafts.length), drafts, details, titles);
  }
  for (const draft of drafts) choosePlatforms(rng, draft);
  assignIds(rng, drafts, reserved);

  const sources = drafts.map(sourcesOf);
  const unusedMal = unusedMalIds(rng, drafts, reserved);
  const generated = drafts.map((draft, i) =>
    toEntry(draft, details[i], sources[i], relatedUrlsOf(rng, draft, sources, drafts, unusedMal), pictureOf(rng, draft)),
  );
  // Franchise members are drafted next to each other; the release is not grouped that way.
  rng.shuffle(generated);
  return { meta: releaseMeta(lastUpdate), data: [...real, ...generated] };
}

// ---------------------------------------------------------------------------------------------
// Files

function asEntry(value: unknown, where: string): ManamiEntry {
  const sources = typeof value === 'object' && value !== null ? (value as { sources?: unknown }).sources : undefined;
  if (!Array.isArray(sources)) throw new Error(`${where} is not a dataset entry (no sources array)`);
  return value as ManamiEntry;
}

/**
 * Reads real entries from a release file: JSONL (metadata on the first line, one entry per line),
 * a JSON release (`{..meta, data: [...]}`) or a bare JSON array of entries. Returns at most
 * `limit` entries, unvalidated beyond having a `sources` array (they are used verbatim).
 */
export function loadRealEntries(file: string, limit = Number.POSITIVE_INFINITY): ManamiEntry[] {
  const text = readFileSync(file, 'utf8');
  const start = text.search(/\S/);
  if (start < 0) return [];
  if (text.charAt(start) === '[') {
    const data: unknown = JSON.parse(text);
    if (!Array.isArray(data)) throw new Error(`${file}: expected an array of entries`);
    return data.slice(0, limit).map((e, i) => asEntry(e, `${file}[${i}]`));
  }
  const firstEnd = text.indexOf('\n', start);
  let first: unknown;
  try {
    first = JSON.parse(text.slice(start, firstEnd < 0 ? undefined : firstEnd));
  } catch {
    first = undefined; // a pretty-printed JSON release: its first line alone is not JSON
  }
  const isJsonl = typeof first === 'object' && first !== null && !('data' in first) && firstEnd >= 0;
  if (!isJsonl) {
    const release = JSON.parse(text) as { data?: unknown };
    if (!Array.isArray(release.data)) throw new Error(`${file}: expected a release object with a data array`);
    return release.data.slice(0, limit).map((e, i) => asEntry(e, `${file} data[${i}]`));
  }
  const entries: ManamiEntry[] = [];
  // A JSONL release starts with its metadata line; a headless file starts with an entry.
  if ('sources' in (first as object)) entries.push(asEntry(first, `${file}:1`));
  let line = 1;
  for (let pos = firstEnd + 1; pos < text.length && entries.length < limit; line++) {
    const end = text.indexOf('\n', pos);
    const raw = text.slice(pos, end < 0 ? undefined : end).trim();
    pos = end < 0 ? text.length : end + 1;
    if (raw) entries.push(asEntry(JSON.parse(raw), `${file}:${line + 1}`));
  }
  return entries;
}

/** Chunks of roughly this many UTF-16 units are handed to the stream (few writes, bounded memory). */
const CHUNK_SIZE = 1 << 20;

function* chunked(parts: Iterable<string>): Generator<string> {
  let buffer = '';
  for (const part of parts) {
    buffer += part;
    if (buffer.length >= CHUNK_SIZE) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

async function writeStreamed(path: string, parts: Iterable<string>): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const done = finished(stream);
  // Observed at the end; this keeps an early failure (e.g. missing folder) from being unhandled meanwhile.
  done.catch(() => undefined);
  try {
    for (const chunk of chunked(parts)) {
      if (stream.errored) throw stream.errored;
      if (!stream.write(chunk)) await once(stream, 'drain');
    }
  } finally {
    stream.end();
  }
  await done;
}

function* jsonlParts(release: DatasetRelease): Generator<string> {
  yield `${JSON.stringify(release.meta)}\n`;
  for (const entry of release.data) yield `${JSON.stringify(entry)}\n`;
}

function* jsonParts(release: DatasetRelease): Generator<string> {
  const meta = JSON.stringify(release.meta);
  yield meta === '{}' ? '{"data":[' : `${meta.slice(0, -1)},"data":[`;
  let first = true;
  for (const entry of release.data) {
    yield first ? JSON.stringify(entry) : `,${JSON.stringify(entry)}`;
    first = false;
  }
  yield ']}';
}

/** Writes the release as JSONL (metadata line, then one entry per line), streamed in chunks. */
export async function writeReleaseJsonl(release: DatasetRelease, path: string): Promise<void> {
  await writeStreamed(path, jsonlParts(release));
}

/** Writes the release as minified JSON (`{..meta, "data": [...]}`, the real JSON layout), streamed in chunks. */
export async function writeReleaseJson(release: DatasetRelease, path: string): Promise<void> {
  await writeStreamed(path, jsonParts(release));
}
