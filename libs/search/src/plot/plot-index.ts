import type { Anime, Platform } from '@anime/contracts';
import { TypoIndex } from '../fuzzy';
import { priorOf } from '../prior';
import { foldText } from '../text/normalize';
import { analyze, stemWord, isStopWord } from './plot-text';

/** A synopsis as the plot index keeps it, with its provenance. */
export interface PlotSynopsis {
  text: string;
  source: Platform;
  sourceUrl: string;
  language: string;
  fetchedAt: string;
}

/** One catalog entry for the plot index: its titles and tags, and its synopsis when one is stored. */
export interface PlotDocument {
  anime: Pick<Anime, 'id' | 'title' | 'synonyms' | 'tags' | 'type' | 'animeSeason' | 'episodes' | 'score' | 'relatedAnime' | 'sources'>;
  synopsis?: PlotSynopsis;
}

/** General ranking parameters (never tuned to single questions; see D27). */
export interface PlotParams {
  /** BM25 term-frequency saturation. */
  k1: number;
  /** Length normalisation per field. */
  bSynopsis: number;
  bTitles: number;
  bTags: number;
  /** Field weights (BM25F). */
  wSynopsis: number;
  wTitles: number;
  wTags: number;
  /** Bonus for two query terms within `proximityWindow` words of each other in the synopsis (× the smaller idf). */
  proximityWeight: number;
  proximityWindow: number;
  /** Multiplier range of the query-independent prior (main series over recaps, known over obscure). */
  priorWeight: number;
  /** Multiplier for an entry inside the remembered years; it fades over `yearSpread` years outside. */
  yearWeight: number;
  yearSpread: number;
  /** Coordination: scores are multiplied by (idf share of the query terms matched) ^ this. */
  coordExponent: number;
  /** Multiplier for entries without a synopsis (they can match only by titles and tags). */
  noSynopsisFactor: number;
  /** Weight of a term reached through a one-letter typo correction. */
  typoWeight: number;
  /** How many best BM25F candidates get the proximity pass. */
  candidates: number;
}

export const DEFAULT_PLOT_PARAMS: Readonly<PlotParams> = Object.freeze({
  k1: 1.2,
  bSynopsis: 0.5,
  bTitles: 0.5,
  bTags: 0.3,
  wSynopsis: 1,
  wTitles: 1.5,
  wTags: 0.6,
  proximityWeight: 0.25,
  proximityWindow: 4,
  priorWeight: 1.5,
  yearWeight: 0.4,
  yearSpread: 4,
  coordExponent: 1,
  noSynopsisFactor: 0.5,
  typoWeight: 0.7,
  candidates: 300,
});

export type PlotField = 'synopsis' | 'titles' | 'tags';

export interface PlotQuery {
  text: string;
  /** Soft: entries inside these years are boosted, never required. */
  yearHint?: { min?: number; max?: number };
  /** Hard filters. */
  years?: { min?: number; max?: number };
  types?: ReadonlyArray<Anime['type']>;
  limit: number;
}

export interface PlotHit {
  id: string;
  score: number;
  /** 0–1: how sure the index is that this is the anime described. */
  confidence: number;
  /** Query words (as typed, folded) that matched this entry. */
  matchedTerms: string[];
  matchedIn: PlotField[];
  /** Best passage of the synopsis with matched words in `**…**`; absent without a synopsis. */
  snippet?: string;
  synopsis?: Omit<PlotSynopsis, 'text'>;
}

export interface PlotResult {
  hits: PlotHit[];
  /** Confidence of the answer (that of the first hit; 0 without hits). */
  confidence: number;
  /** Terms searched after stop words, stems and typo corrections ("ghost", "teleprt→teleport"). */
  terms: string[];
  /** Candidates that matched at least one term (before the limit). */
  matched: number;
}

/** Words that describe the asking, not the plot ("I remember an anime where…"). */
const QUERY_FILLER = new Set(
  [
    'anime', 'animes', 'show', 'shows', 'series', 'remember', 'remembered', 'recall', 'watched', 'forgot', 'think', 'maybe', 'probably',
    'something', 'kinda', 'sorta', 'guess', 'idk', 'iirc', 'lol', 'pls', 'please', 'cartoon', 'ish',
  ].map((w) => stemWord(w)),
);

const SNIPPET_WORDS = 32;
const MAX_QUERY_TERMS = 32;
const TYPE_CODES: readonly Anime['type'][] = ['TV', 'MOVIE', 'OVA', 'ONA', 'SPECIAL', 'UNKNOWN'];

/**
 * The plot index of one dataset version: BM25F over synopsis, titles and tags (English stems,
 * stop words out), a proximity bonus for query terms close together in the synopsis, a soft
 * prior for remembered years and a mild query-independent prior. Postings are flat typed
 * arrays: term → (entry, pre-weighted field frequency).
 */
export class PlotIndex {
  readonly size: number;
  readonly synopses: number;
  readonly params: Readonly<PlotParams>;
  private readonly ids: string[];
  private readonly year: Int16Array;
  private readonly typeCode: Uint8Array;
  private readonly prior: Float32Array;
  /** (1 + priorWeight × prior) × (no synopsis ? noSynopsisFactor : 1), per entry. */
  private readonly staticBoost: Float32Array;
  private readonly synopsis: Array<PlotSynopsis | undefined>;
  private readonly termId = new Map<string, number>();
  private readonly idf: Float32Array;
  private readonly df: Int32Array;
  private readonly postOffset: Int32Array;
  private readonly postDoc: Int32Array;
  private readonly postTf: Float32Array;
  /** Synopsis token sequence per entry (term id, word position), for proximity. */
  private readonly seqOffset: Int32Array;
  private readonly seqTerm: Int32Array;
  private readonly seqPos: Uint16Array;
  /** Folded word → its stem, for words of the synopses/titles (typo correction works on words). */
  private readonly typo: TypoIndex;
  // Scratch buffers reused by every query.
  private readonly scratchScore: Float32Array;
  private readonly scratchMask: Uint32Array;
  private readonly scratchStamp: Int32Array;
  private stamp = 0;

  constructor(documents: readonly PlotDocument[], params: Partial<PlotParams> = {}) {
    const p = (this.params = Object.freeze({ ...DEFAULT_PLOT_PARAMS, ...params }));
    const n = documents.length;
    this.size = n;
    this.ids = new Array<string>(n);
    this.year = new Int16Array(n);
    this.typeCode = new Uint8Array(n);
    this.prior = new Float32Array(n);
    this.synopsis = new Array<PlotSynopsis | undefined>(n);
    let maxPrior = 1;
    const priors = documents.map((d) => priorOf(d.anime as Anime));
    for (const v of priors) maxPrior = Math.max(maxPrior, v);

    // Pass 1: analyse every field; field lengths for the length norms.
    const fieldTokens: Array<[string[], string[], string[]]> = new Array(n);
    const seqTerms: string[][] = new Array(n);
    const seqPositions: number[][] = new Array(n);
    const words = new Set<string>();
    const totals = [0, 0, 0];
    let withSynopsis = 0;
    documents.forEach((doc, i) => {
      const a = doc.anime;
      this.ids[i] = a.id;
      this.year[i] = a.animeSeason.year ?? 0;
      this.typeCode[i] = Math.max(0, TYPE_CODES.indexOf(a.type));
      this.prior[i] = Math.max(0, (priors[i] as number) / maxPrior);
      this.synopsis[i] = doc.synopsis;
      const syn = doc.synopsis ? analyze(doc.synopsis.text) : [];
      if (doc.synopsis) withSynopsis++;
      // Latin-script titles only: the index answers English descriptions.
      const titles = [a.title, ...a.synonyms].filter((t) => /^[\p{Script=Latin}\p{N}\p{P}\p{S}\s]+$/u.test(t)).flatMap((t) => analyze(t));
      const tags = a.tags.flatMap((t) => analyze(t));
      for (const t of syn) words.add(t.word);
      for (const t of titles) words.add(t.word);
      fieldTokens[i] = [syn.map((t) => t.term), titles.map((t) => t.term), tags.map((t) => t.term)];
      seqTerms[i] = syn.map((t) => t.term);
      seqPositions[i] = syn.map((t) => Math.min(t.position, 0xffff));
      totals[0] += syn.length;
      totals[1] += titles.length;
      totals[2] += tags.length;
    });
    this.synopses = withSynopsis;
    const avg = [totals[0] / Math.max(1, withSynopsis), totals[1] / Math.max(1, n), totals[2] / Math.max(1, n)] as const;
    const b = [p.bSynopsis, p.bTitles, p.bTags];
    const w = [p.wSynopsis, p.wTitles, p.wTags];

    // Pass 2: per entry, the BM25F pseudo-frequency of each term (weighted, length-normalised fields).
    const postings: Array<{ docs: number[]; tfs: number[] }> = [];
    const termOf = (term: string): number => {
      let id = this.termId.get(term);
      if (id === undefined) {
        id = postings.length;
        this.termId.set(term, id);
        postings.push({ docs: [], tfs: [] });
      }
      return id;
    };
    for (let i = 0; i < n; i++) {
      const tf = new Map<string, number>();
      const fields = fieldTokens[i] as [string[], string[], string[]];
      for (let f = 0; f < 3; f++) {
        const tokens = fields[f] as string[];
        if (tokens.length === 0) continue;
        const norm = 1 - (b[f] as number) + ((b[f] as number) * tokens.length) / Math.max(1e-9, avg[f] as number);
        const weight = (w[f] as number) / norm;
        for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + weight);
      }
      for (const [term, value] of tf) {
        const list = postings[termOf(term)] as { docs: number[]; tfs: number[] };
        list.docs.push(i);
        list.tfs.push(value);
      }
      fieldTokens[i] = [[], [], []];
    }
    const terms = postings.length;
    this.df = new Int32Array(terms);
    this.idf = new Float32Array(terms);
    this.postOffset = new Int32Array(terms + 1);
    let total = 0;
    postings.forEach((list, t) => {
      this.postOffset[t] = total;
      total += list.docs.length;
      this.df[t] = list.docs.length;
      this.idf[t] = Math.log(1 + (n - list.docs.length + 0.5) / (list.docs.length + 0.5));
    });
    this.postOffset[terms] = total;
    this.postDoc = new Int32Array(total);
    this.postTf = new Float32Array(total);
    postings.forEach((list, t) => {
      const at = this.postOffset[t] as number;
      this.postDoc.set(list.docs, at);
      this.postTf.set(list.tfs, at);
    });

    this.staticBoost = new Float32Array(n);
    for (let i = 0; i < n; i++) this.staticBoost[i] = (1 + p.priorWeight * (this.prior[i] as number)) * (this.synopsis[i] ? 1 : p.noSynopsisFactor);
    this.seqOffset = new Int32Array(n + 1);
    let seqTotal = 0;
    for (let i = 0; i < n; i++) {
      this.seqOffset[i] = seqTotal;
      seqTotal += (seqTerms[i] as string[]).length;
    }
    this.seqOffset[n] = seqTotal;
    this.seqTerm = new Int32Array(seqTotal);
    this.seqPos = new Uint16Array(seqTotal);
    for (let i = 0; i < n; i++) {
      const at = this.seqOffset[i] as number;
      (seqTerms[i] as string[]).forEach((term, k) => {
        this.seqTerm[at + k] = this.termId.get(term) as number;
        this.seqPos[at + k] = (seqPositions[i] as number[])[k] as number;
      });
    }
    this.typo = new TypoIndex(words, 5);
    this.scratchScore = new Float32Array(n);
    this.scratchMask = new Uint32Array(n);
    this.scratchStamp = new Int32Array(n);
  }

  /** Searches remembered plot text; deterministic for the same index and query. */
  search(query: PlotQuery): PlotResult {
    const p = this.params;
    const planned = this.queryTerms(query.text);
    const qTerms = planned.terms;
    if (qTerms.length === 0) return { hits: [], confidence: 0, terms: [], matched: 0 };
    const stamp = ++this.stamp;
    const score = this.scratchScore;
    const mask = this.scratchMask;
    const stamps = this.scratchStamp;
    const touched: number[] = [];
    const typeCodes = query.types?.length ? new Set(query.types.map((t) => TYPE_CODES.indexOf(t))) : undefined;
    const yMin = query.years?.min ?? -Infinity;
    const yMax = query.years?.max ?? Infinity;
    const filtered = typeCodes !== undefined || query.years !== undefined;
    const k1 = p.k1;
    qTerms.forEach((q, qi) => {
      const idf = (this.idf[q.id] as number) * q.weight;
      const end = this.postOffset[q.id + 1] as number;
      for (let at = this.postOffset[q.id] as number; at < end; at++) {
        const d = this.postDoc[at] as number;
        if (stamps[d] !== stamp) {
          if (filtered) {
            const y = this.year[d] as number;
            if (typeCodes && !typeCodes.has(this.typeCode[d] as number)) continue;
            if (query.years && (y === 0 || y < yMin || y > yMax)) continue;
          }
          stamps[d] = stamp;
          score[d] = 0;
          mask[d] = 0;
          touched.push(d);
        }
        const tf = this.postTf[at] as number;
        score[d] = (score[d] as number) + (idf * tf * (k1 + 1)) / (k1 + tf);
        mask[d] = (mask[d] as number) | (1 << qi);
      }
    });
    if (touched.length === 0) return { hits: [], confidence: 0, terms: planned.labels, matched: 0 };

    // Coordination and priors (multiplicative, so they reorder close matches but never lift a weak one far).
    const idfOf = qTerms.map((q) => (this.idf[q.id] as number) * q.weight);
    const totalIdf = idfOf.reduce((s, v) => s + v, 0);
    const final = new Float32Array(touched.length);
    touched.forEach((d, k) => {
      const coord = p.coordExponent === 1 ? this.coverage(mask[d] as number, idfOf) / totalIdf : p.coordExponent > 0 ? (this.coverage(mask[d] as number, idfOf) / totalIdf) ** p.coordExponent : 1;
      final[k] = (score[d] as number) * coord * this.boost(d, query.yearHint);
    });
    const pool = topK(final, p.candidates).sort((a, b) => (final[b] as number) - (final[a] as number) || (touched[a] as number) - (touched[b] as number));
    // Proximity: query terms near each other in the synopsis.
    const queryIndex = new Map<number, number>();
    qTerms.forEach((q, qi) => queryIndex.set(q.id, qi));
    const last = new Float64Array(qTerms.length);
    const seen = new Uint8Array(MAX_QUERY_TERMS * MAX_QUERY_TERMS);
    for (const k of pool) {
      const d = touched[k] as number;
      const bonus = this.proximity(d, queryIndex, idfOf, mask[d] as number, last, seen);
      if (bonus > 0) final[k] = (final[k] as number) + bonus * p.proximityWeight * this.boost(d, query.yearHint);
    }
    pool.sort((a, b) => (final[b] as number) - (final[a] as number) || (touched[a] as number) - (touched[b] as number));

    const top = final[pool[0] as number] as number;
    const second = pool.length > 1 ? (final[pool[1] as number] as number) : 0;
    const first = touched[pool[0] as number] as number;
    const coverage = this.coverage(mask[first] as number, idfOf) / Math.max(1e-9, totalIdf);
    const margin = top > 0 ? (top - second) / top : 0;
    const confidence = round2(Math.min(1, Math.max(0, 0.5 * coverage + 0.5 * Math.min(1, margin * 2.5)) ** 1.5));

    const hits = pool.slice(0, query.limit).map((k): PlotHit => {
      const d = touched[k] as number;
      const m = mask[d] as number;
      const matched = qTerms.filter((_, qi) => (m & (1 << qi)) !== 0);
      const syn = this.synopsis[d];
      const inSynopsis = this.fieldMatches(d, matched);
      const fields: PlotField[] = [];
      if (inSynopsis.synopsis) fields.push('synopsis');
      if (inSynopsis.other) fields.push('titles', 'tags');
      const snippet = syn ? makeSnippet(syn.text, new Set(matched.map((q) => q.term))) : undefined;
      return {
        id: this.ids[d] as string,
        score: round2(final[k] as number),
        confidence: round2(confidence * ((final[k] as number) / top)),
        matchedTerms: [...new Set(matched.map((q) => q.word))],
        matchedIn: fields.length ? fields : ['titles', 'tags'],
        ...(snippet !== undefined ? { snippet } : {}),
        ...(syn ? { synopsis: { source: syn.source, sourceUrl: syn.sourceUrl, language: syn.language, fetchedAt: syn.fetchedAt } } : {}),
      };
    });
    return { hits, confidence, terms: planned.labels, matched: touched.length };
  }

  /** Query terms: stems of the plot words (fillers and stop words out), one-typo corrections for unknown words. */
  private queryTerms(text: string): { terms: Array<{ id: number; term: string; word: string; weight: number }>; labels: string[] } {
    const terms: Array<{ id: number; term: string; word: string; weight: number }> = [];
    const labels: string[] = [];
    const seen = new Set<number>();
    for (const token of analyze(text)) {
      if (terms.length >= MAX_QUERY_TERMS) break;
      if (QUERY_FILLER.has(token.term)) continue;
      let id = this.termId.get(token.term);
      let weight = 1;
      let term = token.term;
      if (id === undefined) {
        // An unknown word: the most common indexed word one typo away ("teleprot" → "teleport").
        let best: { id: number; term: string } | undefined;
        for (const candidate of this.typo.lookup(token.word)) {
          if (isStopWord(candidate)) continue;
          const s = stemWord(candidate);
          const cid = this.termId.get(s);
          if (cid !== undefined && (!best || (this.df[cid] as number) > (this.df[best.id] as number))) best = { id: cid, term: s };
        }
        if (!best) continue;
        id = best.id;
        term = best.term;
        weight = this.params.typoWeight;
        labels.push(`${token.word}→${term}`);
      } else labels.push(term);
      if (seen.has(id)) continue;
      seen.add(id);
      terms.push({ id, term, word: token.word, weight });
    }
    return { terms, labels: [...new Set(labels)] };
  }

  /** Query-independent prior × remembered-years prior × the no-synopsis factor. */
  private boost(d: number, hint: PlotQuery['yearHint']): number {
    return hint ? (this.staticBoost[d] as number) * this.yearFactor(d, hint) : (this.staticBoost[d] as number);
  }

  private yearFactor(d: number, hint: PlotQuery['yearHint']): number {
    if (!hint || (hint.min === undefined && hint.max === undefined)) return 1;
    const y = this.year[d] as number;
    if (y === 0) return 1;
    const min = hint.min ?? -Infinity;
    const max = hint.max ?? Infinity;
    const distance = y < min ? min - y : y > max ? y - max : 0;
    return 1 + this.params.yearWeight * Math.max(0, 1 - distance / this.params.yearSpread);
  }

  /** Σ over pairs of query terms found within the window in the synopsis of min(idf). */
  private proximity(d: number, queryIndex: ReadonlyMap<number, number>, idfOf: readonly number[], mask: number, last: Float64Array, seen: Uint8Array): number {
    if (queryIndex.size < 2 || (mask & (mask - 1)) === 0) return 0;
    const start = this.seqOffset[d] as number;
    const end = this.seqOffset[d + 1] as number;
    if (end === start) return 0;
    last.fill(-1e9);
    seen.fill(0);
    let bonus = 0;
    const window = this.params.proximityWindow;
    for (let at = start; at < end; at++) {
      const qi = queryIndex.get(this.seqTerm[at] as number);
      if (qi === undefined) continue;
      const pos = this.seqPos[at] as number;
      for (let other = 0; other < last.length; other++) {
        if (other === qi || pos - (last[other] as number) > window) continue;
        // Each pair counts once.
        const pair = Math.min(qi, other) * MAX_QUERY_TERMS + Math.max(qi, other);
        if (seen[pair] === 1) continue;
        seen[pair] = 1;
        bonus += Math.min(idfOf[qi] as number, idfOf[other] as number);
      }
      last[qi] = pos;
    }
    return bonus;
  }

  private coverage(mask: number, idfOf: readonly number[]): number {
    let sum = 0;
    idfOf.forEach((v, qi) => {
      if ((mask & (1 << qi)) !== 0) sum += v;
    });
    return sum;
  }

  /** Whether the matched terms occur in the synopsis and/or only in titles/tags. */
  private fieldMatches(d: number, matched: ReadonlyArray<{ id: number }>): { synopsis: boolean; other: boolean } {
    const ids = new Set(matched.map((q) => q.id));
    const found = new Set<number>();
    for (let at = this.seqOffset[d] as number; at < (this.seqOffset[d + 1] as number); at++) {
      const t = this.seqTerm[at] as number;
      if (ids.has(t)) found.add(t);
    }
    return { synopsis: found.size > 0, other: found.size < ids.size };
  }
}

/** Positions of the `k` largest values (unordered), by a threshold from a sorted sample of the values. */
function topK(values: Float32Array, k: number): number[] {
  if (values.length <= k) return Array.from(values.keys());
  const sorted = Float32Array.from(values).sort();
  const threshold = sorted[values.length - k] as number;
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if ((values[i] as number) > threshold) out.push(i);
  for (let i = 0; i < values.length && out.length < k; i++) if (values[i] === threshold) out.push(i);
  return out;
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’]*/gu;

/**
 * The passage of `text` (about {@link SNIPPET_WORDS} words) holding the most distinct matched
 * stems, matched words wrapped in `**`, with "…" where text was cut.
 */
export function makeSnippet(text: string, stems: ReadonlySet<string>): string {
  const words: Array<{ start: number; end: number; stem?: string }> = [];
  for (const m of text.matchAll(WORD)) {
    const folded = foldText(m[0]);
    const stem = folded && !isStopWord(folded) ? stemWord(folded.split(' ')[0] as string) : undefined;
    words.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, ...(stem && stems.has(stem) ? { stem } : {}) });
  }
  if (words.length === 0) return '';
  // Slide a window of SNIPPET_WORDS words, keeping counts per stem: best = most distinct stems, then most matches.
  const counts = new Map<string, number>();
  let distinct = 0;
  let matches = 0;
  let bestStart = 0;
  let bestDistinct = -1;
  let bestCount = -1;
  const add = (stem: string | undefined, delta: number): void => {
    if (!stem) return;
    const c = (counts.get(stem) ?? 0) + delta;
    counts.set(stem, c);
    if (delta > 0 && c === 1) distinct++;
    if (delta < 0 && c === 0) distinct--;
    matches += delta;
  };
  for (let i = 0; i < words.length; i++) {
    add(words[i]?.stem, 1);
    if (i >= SNIPPET_WORDS) add(words[i - SNIPPET_WORDS]?.stem, -1);
    const start = Math.max(0, i - SNIPPET_WORDS + 1);
    if ((i >= SNIPPET_WORDS - 1 || i === words.length - 1) && (distinct > bestDistinct || (distinct === bestDistinct && matches > bestCount))) {
      bestStart = start;
      bestDistinct = distinct;
      bestCount = matches;
    }
  }
  const chosen = words.slice(bestStart, bestStart + SNIPPET_WORDS);
  const from = (chosen[0] as { start: number }).start;
  const to = (chosen[chosen.length - 1] as { end: number }).end;
  let out = '';
  let at = from;
  for (const w of chosen) {
    if (!w.stem) continue;
    out += `${text.slice(at, w.start)}**${text.slice(w.start, w.end)}**`;
    at = w.end;
  }
  out += text.slice(at, to);
  return `${from > 0 ? '…' : ''}${out.replace(/\s+/gu, ' ').trim()}${to < text.trimEnd().length ? '…' : ''}`;
}
