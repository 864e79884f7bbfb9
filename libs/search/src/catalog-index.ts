import {
  NotFoundError,
  ValidationError,
  type Anime,
  type AnimeSummary,
  type Platform,
  type SearchFilters,
} from '@anime/contracts';
import type { z } from 'zod';
import type { SearchAnimeRequestSchema, SearchAnimeResponseSchema } from '@anime/contracts';
import { TypoIndex } from './fuzzy';
import type { IdPredicate } from './vectors/vector-store.port';
import { PackedLists } from './packed-lists';
import { priorOf } from './prior';
import { compactText, foldText, hasCjk, tokenize } from './text/normalize';

/** One catalog entry as the index receives it: the related URLs already resolved to ids. */
export interface IndexedEntry {
  anime: Anime;
  relatedIds: readonly string[];
}

export interface DatasetInfo {
  version: string;
  lastUpdate: string;
}

export type SearchRequest = z.output<typeof SearchAnimeRequestSchema>;
export type SearchResponse = z.output<typeof SearchAnimeResponseSchema>;

/** A hit before paging; the matched title is looked up only for the page shown. */
interface Ranked {
  i: number;
  relevance: number;
  form?: number;
}

export interface SearchOptions {
  /** Resolves `filters.relatedTo` (id, platform id or URL) to a catalog id. */
  resolveRef?: (ref: string) => string | undefined;
}

const TYPES: readonly Anime['type'][] = ['TV', 'MOVIE', 'OVA', 'ONA', 'SPECIAL', 'UNKNOWN'];
const STATUSES: readonly Anime['status'][] = ['FINISHED', 'ONGOING', 'UPCOMING', 'UNKNOWN'];
const SEASONS: readonly Anime['animeSeason']['season'][] = ['SPRING', 'SUMMER', 'FALL', 'WINTER', 'UNDEFINED'];
const PLATFORM_BITS: readonly Platform[] = [
  'myanimelist', 'anilist', 'kitsu', 'anidb', 'anime-planet', 'anisearch', 'livechart', 'notify-moe', 'simkl', 'animecountdown', 'animenewsnetwork',
];

// Match tiers: far apart so the prior (≤ ~40) and the main-title bonus only reorder within a tier.
const TIER_EXACT = 1000;
const TIER_EXACT_FOLDED = 900;
const TIER_EXACT_COMPACT = 850;
const TIER_PREFIX = 600;
const MAIN_TITLE_BONUS = 15;
const MIN_COVERAGE = 0.5;
/** Tokens in more title forms than this never add new candidates on their own. */
const COMMON_TOKEN_DF = 3000;
const MAX_PREFIX_EXPANSIONS = 256;
/** Completions of a half-typed last word are capped by the titles they touch (most common first). */
const PREFIX_POSTINGS_BUDGET = 6000;

/**
 * The in-memory lexical catalog index of one dataset version: titles and synonyms in every
 * script (folded words, CJK bigrams, exact/compact title maps, prefix and one-typo lookups),
 * columnar filter data, and precomputed orders for filter-only queries.
 */
export class CatalogIndex {
  readonly size: number;
  private readonly entries: Anime[];
  private readonly idToIndex = new Map<string, number>();
  private readonly prior: Float32Array;
  // Title forms (title + synonyms), flat arrays to keep the heap small.
  private readonly formEntry: Int32Array;
  /** Which title of the entry a form is (0 = main title, n = synonym n-1). */
  private readonly formTitle: Uint16Array;
  private readonly formFolded: string[];
  private readonly formTokens: Uint16Array;
  private readonly exactFolded = new Map<string, number[]>();
  private readonly exactCompact = new Map<string, number[]>();
  /** Token → list number in `postingLists`. */
  private readonly postings = new Map<string, number>();
  private readonly postingLists: PackedLists;
  private readonly vocabulary: string[];
  private readonly fuzzy: TypoIndex;
  // Filter columns.
  private readonly year: Int16Array;
  private readonly typeCode: Uint8Array;
  private readonly statusCode: Uint8Array;
  private readonly seasonCode: Uint8Array;
  private readonly episodes: Int32Array;
  private readonly durationSec: Int32Array;
  private readonly score: Float32Array;
  private readonly platformMask: Uint16Array;
  private readonly tagIds: PackedLists;
  private readonly studioIds: PackedLists;
  private readonly producerIds: PackedLists;
  private readonly tagDict = new Map<string, number>();
  /** Tag id → ascending entry positions (the inverse of `tagIds`), built on first use. */
  private tagPostings: PackedLists | undefined;
  private readonly tagNames: string[] = [];
  private readonly companyDict = new Map<string, number>();
  private readonly related: PackedLists;
  // Orders for filter-only queries (no sort at query time).
  private readonly orderByPrior: Int32Array;
  private readonly orderByScore: Int32Array;
  private readonly orderByYear: Int32Array;
  private readonly orderByTitle: Int32Array;
  // Scratch buffers reused by every text query.
  private readonly scratchScore: Float32Array;
  private readonly scratchMatched: Uint8Array;
  private readonly scratchStamp: Int32Array;

  constructor(
    input: readonly IndexedEntry[],
    readonly dataset: DatasetInfo,
  ) {
    const n = input.length;
    this.size = n;
    this.entries = input.map((e) => e.anime);
    this.prior = new Float32Array(n);
    this.year = new Int16Array(n);
    this.typeCode = new Uint8Array(n);
    this.statusCode = new Uint8Array(n);
    this.seasonCode = new Uint8Array(n);
    this.episodes = new Int32Array(n);
    this.durationSec = new Int32Array(n);
    this.score = new Float32Array(n);
    this.platformMask = new Uint16Array(n);
    const tagIds: number[][] = [];
    const studioIds: number[][] = [];
    const producerIds: number[][] = [];

    const formTitle: number[] = [];
    const folded: string[] = [];
    const formEntry: number[] = [];
    const formTokens: number[] = [];
    const postingLists = new Map<string, number[]>();

    input.forEach(({ anime }, i) => {
      this.idToIndex.set(anime.id, i);
      this.prior[i] = priorOf(anime);
      this.year[i] = anime.animeSeason.year ?? 0;
      this.typeCode[i] = TYPES.indexOf(anime.type);
      this.statusCode[i] = STATUSES.indexOf(anime.status);
      this.seasonCode[i] = SEASONS.indexOf(anime.animeSeason.season);
      this.episodes[i] = anime.episodes;
      this.durationSec[i] = anime.duration?.value ?? 0;
      this.score[i] = anime.score?.arithmeticMean ?? Number.NaN;
      let mask = 0;
      for (const p of anime.platformIds) mask |= 1 << PLATFORM_BITS.indexOf(p.platform);
      this.platformMask[i] = mask;
      tagIds.push(anime.tags.map((t) => this.intern(this.tagDict, t.toLowerCase(), this.tagNames)));
      studioIds.push(anime.studios.map((s) => this.intern(this.companyDict, s.toLowerCase())));
      producerIds.push(anime.producers.map((s) => this.intern(this.companyDict, s.toLowerCase())));

      const seen = new Set<string>();
      [anime.title, ...anime.synonyms].forEach((title, t) => {
        const f = foldText(title);
        if (!f || seen.has(f)) return;
        seen.add(f);
        const form = formEntry.length;
        const tokens = tokenize(f);
        formEntry.push(i);
        formTitle.push(Math.min(t, 65535));
        folded.push(f);
        formTokens.push(Math.min(tokens.length, 65535));
        push(this.exactFolded, f, form);
        // Single-word titles are their own compact form: found through exactFolded at query time.
        if (f.includes(' ')) push(this.exactCompact, compactText(f), form);
        for (const token of new Set(tokens)) push(postingLists, token, form);
      });
    });

    this.tagIds = new PackedLists(tagIds);
    this.studioIds = new PackedLists(studioIds);
    this.producerIds = new PackedLists(producerIds);
    this.formEntry = Int32Array.from(formEntry);
    this.formTitle = Uint16Array.from(formTitle);
    this.formFolded = folded;
    this.formTokens = Uint16Array.from(formTokens);
    const lists: number[][] = [];
    for (const [token, list] of postingLists) {
      this.postings.set(token, lists.length);
      lists.push(list);
    }
    this.postingLists = new PackedLists(lists);
    this.vocabulary = [...postingLists.keys()].filter((t) => !hasCjk(t)).sort();
    this.fuzzy = new TypoIndex(this.vocabulary);
    this.scratchScore = new Float32Array(formEntry.length);
    this.scratchMatched = new Uint8Array(formEntry.length);
    this.scratchStamp = new Int32Array(formEntry.length);

    // Relations in both directions (A lists B, or B lists A).
    const relatedSets = Array.from({ length: n }, () => new Set<number>());
    input.forEach(({ relatedIds }, i) => {
      for (const id of relatedIds) {
        const j = this.idToIndex.get(id);
        if (j === undefined || j === i) continue;
        relatedSets[i]?.add(j);
        relatedSets[j]?.add(i);
      }
    });
    this.related = new PackedLists(relatedSets.map((s) => [...s]));

    const all = Array.from({ length: n }, (_, i) => i);
    const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
    this.orderByPrior = Int32Array.from([...all].sort((a, b) => this.prior[b]! - this.prior[a]!));
    this.orderByScore = Int32Array.from([...all].sort((a, b) => nanLast(this.score[b]!, this.score[a]!) || this.prior[b]! - this.prior[a]!));
    this.orderByYear = Int32Array.from([...all].sort((a, b) => this.year[b]! - this.year[a]! || this.prior[b]! - this.prior[a]!));
    this.orderByTitle = Int32Array.from([...all].sort((a, b) => collator.compare(this.entries[a]!.title, this.entries[b]!.title)));
  }

  /** The entry with this catalog id. */
  get(id: string): Anime | undefined {
    const i = this.idToIndex.get(id);
    return i === undefined ? undefined : this.entries[i];
  }

  /** Catalog ids of the entries related to `id` (both directions), best known first. */
  relatedOf(id: string): Anime[] {
    const i = this.idToIndex.get(id);
    if (i === undefined) return [];
    return [...this.related.get(i)].sort((a, b) => (this.year[a] || 9999) - (this.year[b] || 9999)).map((j) => this.entries[j] as Anime);
  }

  /** The compact view of an entry (platforms from the index, so entries may drop platformIds). */
  summary(anime: Anime): AnimeSummary {
    const i = this.idToIndex.get(anime.id);
    return i === undefined ? summarize(anime) : this.summaryAt(i);
  }

  /** Platforms an entry is listed on. */
  platformsOf(id: string): Platform[] {
    const i = this.idToIndex.get(id);
    const mask = i === undefined ? 0 : (this.platformMask[i] as number);
    return PLATFORM_BITS.filter((_, bit) => (mask & (1 << bit)) !== 0);
  }

  private summaryAt(i: number): AnimeSummary {
    const anime = this.entries[i] as Anime;
    return { ...summarize({ ...anime, platformIds: [] }), platforms: this.platformsOf(anime.id) };
  }

  /** Every entry (for stats). */
  all(): readonly Anime[] {
    return this.entries;
  }

  /** The position of an id in {@link all} (undefined when the id is not in this version). */
  positionOfId(id: string): number | undefined {
    return this.idToIndex.get(id);
  }

  /**
   * The compiled lexical filters as a predicate on catalog ids (undefined = no filter), so
   * vector search applies exactly the filters the title search does.
   */
  matcher(filters: SearchFilters | undefined, options: SearchOptions = {}): IdPredicate | undefined {
    if (!filters || Object.keys(filters).length === 0) return undefined;
    const filter = this.compileFilters(filters, options);
    const byId = (id: string): boolean => {
      const i = this.idToIndex.get(id);
      return i !== undefined && filter(i);
    };
    return Object.assign(byId, { byPosition: { positionOf: this.positionOf, test: filter } });
  }

  /** Position of an id in this index (stable per index: stores cache row → position maps by it). */
  private readonly positionOf = (id: string): number | undefined => this.idToIndex.get(id);

  search(request: SearchRequest, options: SearchOptions = {}): SearchResponse {
    const filter = this.compileFilters(request.filters, options);
    const text = request.text?.trim();
    const offset = decodeCursor(request.cursor, this.dataset.version, request);
    let page: Ranked[];
    let total: number;
    let matched: ArrayLike<number> | undefined;
    if (text && foldText(text)) {
      const ordered = this.applySort(this.rankText(text, filter), request);
      page = ordered.slice(offset, offset + request.limit);
      total = ordered.length;
      if (request.facets) matched = ordered.map((r) => r.i);
    } else {
      // Filters only: walk the precomputed order of the sort and keep positions (no objects) —
      // a loose filter matches thousands of entries, and only one page of them is returned.
      const hits = this.matchInOrder(filter, request);
      page = Array.from(hits.subarray(offset, offset + request.limit), (i) => ({ i, relevance: round(this.prior[i] ?? 0) }));
      total = hits.length;
      if (request.facets) matched = hits;
    }
    const next = offset + request.limit;
    return {
      items: page.map((r) => ({
        anime: this.summaryAt(r.i),
        relevance: r.relevance,
        ...(r.form !== undefined ? { matchedTitle: this.rawTitle(r.form) } : {}),
      })),
      total,
      ...(next < total ? { nextCursor: encodeCursor(next, this.dataset.version, request) } : {}),
      ...(matched ? { facets: this.facets(matched) } : {}),
      dataset: this.dataset,
    };
  }

  private rankText(text: string, filter: (i: number) => boolean): Ranked[] {
    const qFolded = foldText(text);
    const qCompact = compactText(qFolded);
    const qRaw = text.trim().toLowerCase();
    const qTokens = [...new Set(tokenize(qFolded))];
    const nForms = this.formEntry.length;
    const touched: number[] = [];
    let totalWeight = 0;

    // Expansions of every query token, rarest token first: rare words pick the candidates,
    // very common ones ("no", "the", "wa") only add to candidates already found.
    const plans = qTokens.map((token, t) => {
      const expansions: Array<[string, number]> = [];
      if (this.postings.has(token)) expansions.push([token, 1]);
      if (t === qTokens.length - 1 && !hasCjk(token)) for (const term of this.prefixTerms(token, PREFIX_POSTINGS_BUDGET)) expansions.push([term, 0.85]);
      if (!this.postings.has(token) && !hasCjk(token)) for (const term of this.fuzzy.lookup(token)) expansions.push([term, 0.7]);
      const first = expansions[0];
      const df = first ? (this.postingsOf(first[0])?.length ?? 1) : 1;
      return { expansions, df, weight: Math.log(1 + nForms / df) };
    });
    plans.sort((a, b) => a.df - b.df);
    plans.forEach(({ expansions, df, weight }, t) => {
      const stamp = t + 1;
      totalWeight += weight;
      const onlyExisting = touched.length > 0 && df > COMMON_TOKEN_DF;
      for (const [term, factor] of expansions) {
        const list = this.postingsOf(term);
        if (!list) continue;
        if (onlyExisting && touched.length * 16 < list.length) {
          // Few candidates, long list: look each candidate up instead of walking the list.
          for (let k = 0; k < touched.length; k++) {
            const form = touched[k] as number;
            if (this.scratchStamp[form] === stamp || !sortedHas(list, form)) continue;
            this.scratchStamp[form] = stamp;
            this.scratchScore[form] = (this.scratchScore[form] ?? 0) + weight * factor;
            this.scratchMatched[form] = (this.scratchMatched[form] ?? 0) + 1;
          }
          continue;
        }
        for (const form of list) {
          if (this.scratchStamp[form] === stamp) continue; // this query token already counted here
          const fresh = this.scratchMatched[form] === 0;
          if (fresh && onlyExisting) continue;
          if (fresh) touched.push(form);
          this.scratchStamp[form] = stamp;
          this.scratchScore[form] = (this.scratchScore[form] ?? 0) + weight * factor;
          this.scratchMatched[form] = (this.scratchMatched[form] ?? 0) + 1;
        }
      }
    });

    const exactFolded = new Set(this.exactFolded.get(qFolded));
    const exactCompact = new Set([...(this.exactCompact.get(qCompact) ?? []), ...(qCompact !== qFolded ? (this.exactFolded.get(qCompact) ?? []) : [])]);
    const candidates = touched.length ? touched : [];
    for (const form of exactFolded) if (this.scratchMatched[form] === 0) candidates.push(form);
    for (const form of exactCompact) if (this.scratchMatched[form] === 0 && !exactFolded.has(form)) candidates.push(form);

    const best = new Map<number, { score: number; form: number }>();
    for (const form of candidates) {
      const coverage = totalWeight > 0 ? (this.scratchScore[form] ?? 0) / totalWeight : 0;
      const isExactFolded = exactFolded.has(form);
      const isExactCompact = exactCompact.has(form);
      // Cheap rejection first: most touched forms share only a common word with the query.
      if (coverage < MIN_COVERAGE && !isExactFolded && !isExactCompact) continue;
      const titleCoverage = Math.min(1, (this.scratchMatched[form] ?? 0) / Math.max(1, this.formTokens[form] ?? 1));
      let score: number;
      if (isExactFolded) score = this.rawTitle(form).trim().toLowerCase() === qRaw ? TIER_EXACT : TIER_EXACT_FOLDED;
      else if (isExactCompact) score = TIER_EXACT_COMPACT;
      else if (coverage >= 0.999 && (this.formFolded[form] as string).startsWith(`${qFolded} `)) score = TIER_PREFIX + 100 * titleCoverage;
      else score = 400 * coverage + 150 * coverage * titleCoverage;
      if (this.formTitle[form] === 0) score += MAIN_TITLE_BONUS;
      const i = this.formEntry[form] as number;
      const current = best.get(i);
      if (!current || score > current.score) best.set(i, { score, form });
    }
    for (const form of touched) {
      this.scratchScore[form] = 0;
      this.scratchMatched[form] = 0;
      this.scratchStamp[form] = 0;
    }

    const ranked: Ranked[] = [];
    for (const [i, { score, form }] of best) {
      if (filter(i)) ranked.push({ i, relevance: round(score + (this.prior[i] ?? 0)), form });
    }
    ranked.sort((a, b) => b.relevance - a.relevance || (this.prior[b.i] ?? 0) - (this.prior[a.i] ?? 0));
    return ranked;
  }

  private postingsOf(token: string): Int32Array | undefined {
    const list = this.postings.get(token);
    return list === undefined ? undefined : this.postingLists.get(list);
  }

  private rawTitle(form: number): string {
    const entry = this.entries[this.formEntry[form] as number] as Anime;
    const t = this.formTitle[form] as number;
    return t === 0 ? entry.title : (entry.synonyms[t - 1] ?? entry.title);
  }


  private prefixTerms(prefix: string, budget: number): string[] {
    if (prefix.length < 2) return [];
    const found: string[] = [];
    let lo = 0;
    let hi = this.vocabulary.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.vocabulary[mid] as string) < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < this.vocabulary.length && found.length < MAX_PREFIX_EXPANSIONS; k++) {
      const term = this.vocabulary[k] as string;
      if (!term.startsWith(prefix)) break;
      if (term !== prefix) found.push(term);
    }
    const df = (t: string) => this.postingsOf(t)?.length ?? 0;
    found.sort((a, b) => df(b) - df(a));
    const out: string[] = [];
    let spent = 0;
    for (const term of found) {
      spent += df(term);
      if (spent > budget && out.length > 0) break;
      out.push(term);
    }
    return out;
  }

  private applySort(
    ranked: Ranked[],
    request: SearchRequest,
  ): Ranked[] {
    const desc = (request.order ?? (request.sort === 'title' ? 'asc' : 'desc')) === 'desc';
    if (request.sort === 'relevance') return desc ? ranked : [...ranked].reverse();
    const order = request.sort === 'score' ? this.orderByScore : request.sort === 'year' ? this.orderByYear : this.orderByTitle;
    // Position of each entry in the precomputed order; sorts any subset without comparing strings.
    const rank = this.rankOf(order);
    const sorted = [...ranked].sort((a, b) => (rank[a.i] as number) - (rank[b.i] as number));
    const naturalDesc = request.sort !== 'title';
    return desc === naturalDesc ? sorted : sorted.reverse();
  }

  /**
   * The entries passing `filter`, in the request's sort order: the precomputed order of that
   * sort, walked forwards or backwards. Valid until the next call (a reused buffer).
   */
  private matchInOrder(filter: (i: number) => boolean, request: SearchRequest): Int32Array {
    const order = request.sort === 'score' ? this.orderByScore : request.sort === 'year' ? this.orderByYear : request.sort === 'title' ? this.orderByTitle : this.orderByPrior;
    const desc = (request.order ?? (request.sort === 'title' ? 'asc' : 'desc')) === 'desc';
    const reverse = desc !== (request.sort !== 'title');
    const hits = (this.scratchHits ??= new Int32Array(this.size));
    let count = 0;
    if (reverse) {
      for (let k = order.length - 1; k >= 0; k--) if (filter(order[k] as number)) hits[count++] = order[k] as number;
    } else {
      for (let k = 0; k < order.length; k++) if (filter(order[k] as number)) hits[count++] = order[k] as number;
    }
    return hits.subarray(0, count);
  }
  private scratchHits: Int32Array | undefined;

  private readonly rankCache = new Map<Int32Array, Int32Array>();
  private rankOf(order: Int32Array): Int32Array {
    let rank = this.rankCache.get(order);
    if (!rank) {
      rank = new Int32Array(order.length);
      order.forEach((entry, position) => {
        (rank as Int32Array)[entry] = position;
      });
      this.rankCache.set(order, rank);
    }
    return rank;
  }

  /** The entries carrying any (or all) of the tag ids, as a bitset over entry positions. */
  private entriesTagged(tagIds: number[], mode: 'any' | 'all'): Uint32Array {
    // Tag → entries, built on the first tag filter (one Int32 per tag use: ~2.5 MB at 40k).
    const postings = (this.tagPostings ??= this.tagIds.invert(this.tagNames.length));
    const words = (this.size + 31) >>> 5;
    const mark = (tag: number, into: Uint32Array): Uint32Array => {
      for (const i of postings.get(tag)) into[i >>> 5] = (into[i >>> 5] as number) | (1 << (i & 31));
      return into;
    };
    if (mode === 'any') {
      const bits = new Uint32Array(words);
      for (const tag of tagIds) mark(tag, bits);
      return bits;
    }
    const [first, ...rest] = [...tagIds].sort((a, b) => postings.length(a) - postings.length(b));
    const bits = mark(first as number, new Uint32Array(words));
    for (const tag of rest) {
      const other = mark(tag, new Uint32Array(words));
      for (let w = 0; w < words; w++) bits[w] = (bits[w] as number) & (other[w] as number);
    }
    return bits;
  }

  private compileFilters(filters: SearchFilters | undefined, options: SearchOptions): (i: number) => boolean {
    if (!filters) return () => true;
    const checks: Array<(i: number) => boolean> = [];
    const { years, seasons, types, statuses, tags, studios, producers, episodes, durationMinutes, score, platforms, relatedTo } = filters;
    if (years) {
      const min = years.min ?? -Infinity;
      const max = years.max ?? Infinity;
      checks.push((i) => this.year[i] !== 0 && (this.year[i] as number) >= min && (this.year[i] as number) <= max);
    }
    if (seasons?.length) {
      const codes = new Set(seasons.map((s) => SEASONS.indexOf(s)));
      checks.push((i) => codes.has(this.seasonCode[i] as number));
    }
    if (types?.length) {
      const codes = new Set(types.map((t) => TYPES.indexOf(t)));
      checks.push((i) => codes.has(this.typeCode[i] as number));
    }
    if (statuses?.length) {
      const codes = new Set(statuses.map((s) => STATUSES.indexOf(s)));
      checks.push((i) => codes.has(this.statusCode[i] as number));
    }
    if (tags) {
      const lookup = (names: string[] | undefined) => (names ?? []).map((t) => this.tagDict.get(t.toLowerCase()) ?? -1);
      const all = lookup(tags.all);
      const any = lookup(tags.any);
      const none = lookup(tags.none).filter((t) => t >= 0);
      // Each condition as one bitset over the entries (from the tag postings): a bit test per entry.
      if (all.length) {
        const bits = all.every((t) => t >= 0) ? this.entriesTagged(all, 'all') : undefined;
        checks.push(bits ? (i) => hasBit(bits, i) : () => false);
      }
      if (any.length) {
        const known = any.filter((t) => t >= 0);
        const bits = known.length ? this.entriesTagged(known, 'any') : undefined;
        checks.push(bits ? (i) => hasBit(bits, i) : () => false);
      }
      if (none.length) {
        const bits = this.entriesTagged(none, 'any');
        checks.push((i) => !hasBit(bits, i));
      }
    }
    for (const [spec, column] of [
      [studios, this.studioIds],
      [producers, this.producerIds],
    ] as const) {
      if (!spec) continue;
      const any = (spec.any ?? []).map((s) => this.companyDict.get(s.toLowerCase()) ?? -1);
      const none = (spec.none ?? []).map((s) => this.companyDict.get(s.toLowerCase()) ?? -1).filter((s) => s >= 0);
      if (any.length) checks.push((i) => any.some((s) => s >= 0 && column.includes(i, s)));
      if (none.length) checks.push((i) => !none.some((s) => column.includes(i, s)));
    }
    if (episodes) checks.push(inRange(this.episodes, episodes.min, episodes.max));
    if (durationMinutes) {
      const min = durationMinutes.min === undefined ? undefined : durationMinutes.min * 60;
      const max = durationMinutes.max === undefined ? undefined : durationMinutes.max * 60;
      checks.push((i) => this.durationSec[i] !== 0 && inRange(this.durationSec, min, max)(i));
    }
    if (score) checks.push((i) => !Number.isNaN(this.score[i]) && inRange(this.score, score.min, score.max)(i));
    if (platforms?.length) {
      const mask = platforms.reduce((m, p) => m | (1 << PLATFORM_BITS.indexOf(p)), 0);
      checks.push((i) => ((this.platformMask[i] as number) & mask) === mask);
    }
    if (relatedTo) {
      const id = options.resolveRef?.(relatedTo) ?? relatedTo;
      const target = this.idToIndex.get(id);
      if (target === undefined) throw new NotFoundError(`filters.relatedTo: no anime "${relatedTo}" in the catalog`, { details: { ref: relatedTo } });
      const related = new Set(this.related.get(target));
      checks.push((i) => related.has(i));
    }
    return (i) => checks.every((check) => check(i));
  }

  private facets(indexes: ArrayLike<number>): NonNullable<SearchResponse['facets']> {
    const type = new Map<string, number>();
    const status = new Map<string, number>();
    const year = new Map<string, number>();
    const tags = new Map<number, number>();
    for (let k = 0; k < indexes.length; k++) {
      const i = indexes[k] as number;
      bump(type, TYPES[this.typeCode[i] as number] as string);
      bump(status, STATUSES[this.statusCode[i] as number] as string);
      bump(year, this.year[i] ? String(this.year[i]) : 'unknown');
      for (const t of this.tagIds.get(i)) tags.set(t, (tags.get(t) ?? 0) + 1);
    }
    const list = (m: Map<string, number>) => [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
    return {
      type: list(type),
      status: list(status),
      year: [...year].map(([value, count]) => ({ value, count })).sort((a, b) => b.value.localeCompare(a.value)),
      tags: [...tags]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 20)
        .map(([t, count]) => ({ value: this.tagNames[t] as string, count })),
    };
  }

  private intern(dict: Map<string, number>, value: string, names?: string[]): number {
    let id = dict.get(value);
    if (id === undefined) {
      id = dict.size;
      dict.set(value, id);
      names?.push(value);
    }
    return id;
  }
}

/** The compact view used in result lists. */
export function summarize(anime: Anime): AnimeSummary {
  return {
    id: anime.id,
    title: anime.title,
    type: anime.type,
    episodes: anime.episodes,
    status: anime.status,
    season: anime.animeSeason.season,
    year: anime.animeSeason.year ?? null,
    score: anime.score ? Math.round(anime.score.arithmeticMean * 100) / 100 : null,
    tags: anime.tags.slice(0, 10),
    studios: anime.studios,
    picture: anime.picture,
    thumbnail: anime.thumbnail,
    platforms: [...new Set(anime.platformIds.map((p) => p.platform))],
  };
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Binary search in an ascending Int32Array. */
function sortedHas(list: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid] as number;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Bit `i` of a bitset over entry positions. */
const hasBit = (bits: Uint32Array, i: number): boolean => ((bits[i >>> 5] as number) & (1 << (i & 31))) !== 0;

function inRange(column: ArrayLike<number>, min: number | undefined, max: number | undefined): (i: number) => boolean {
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  return (i) => (column[i] as number) >= lo && (column[i] as number) <= hi;
}

function nanLast(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return a - b;
}

const round = (x: number): number => Math.round(x * 100) / 100;

/** Opaque cursor: offset + dataset version + a fingerprint of the query it belongs to. */
function fingerprint(request: SearchRequest): string {
  const { cursor: _cursor, limit: _limit, facets: _facets, ...query } = request;
  const json = JSON.stringify(query);
  let h = 2166136261;
  for (let i = 0; i < json.length; i++) h = Math.imul(h ^ json.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

function encodeCursor(offset: number, version: string, request: SearchRequest): string {
  return Buffer.from(JSON.stringify({ o: offset, v: version, q: fingerprint(request) })).toString('base64url');
}

function decodeCursor(cursor: string | undefined, version: string, request: SearchRequest): number {
  if (!cursor) return 0;
  let parsed: { o?: unknown; v?: unknown; q?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw new ValidationError('cursor is not one this service issued; start again without a cursor');
  }
  if (typeof parsed.o !== 'number' || parsed.o < 0) throw new ValidationError('cursor is malformed; start again without a cursor');
  if (parsed.v !== version) {
    throw new ValidationError(`cursor belongs to dataset ${String(parsed.v)}, but ${version} is now current; start again without a cursor`, {
      details: { cursorVersion: parsed.v, currentVersion: version },
    });
  }
  if (parsed.q !== fingerprint(request)) throw new ValidationError('cursor belongs to a different query; start again without a cursor');
  return parsed.o;
}
