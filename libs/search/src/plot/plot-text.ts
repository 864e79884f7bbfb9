import stem from 'wink-porter2-stemmer';
import { eng as ENGLISH_STOP_WORDS } from 'stopword';
import { foldText } from '../text/normalize';

/**
 * English analysis for plot text (synopses and remembered plots): folded words (case, accents,
 * punctuation), stop words removed (the `stopword` package's English list), every other word
 * reduced to its Porter2 stem (`wink-porter2-stemmer`), so "teleports", "teleported" and
 * "teleportation" meet. Positions count every word, stop words included, so distances between
 * terms are distances in the text.
 */
const STOP = new Set(ENGLISH_STOP_WORDS.map((w) => foldText(w)).filter(Boolean));
/** Single letters and digits carry no plot. */
const MIN_LENGTH = 2;
/** Stems of words this long are cached (the same few thousand words make up most synopses). */
const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

export function isStopWord(folded: string): boolean {
  return STOP.has(folded);
}

/** The stem of one folded word (memoised). */
export function stemWord(folded: string): string {
  let s = cache.get(folded);
  if (s === undefined) {
    s = /^\d+$/u.test(folded) ? folded : stem(folded);
    if (cache.size < CACHE_LIMIT) cache.set(folded, s);
  }
  return s;
}

export interface AnalyzedToken {
  /** The stem (index term). */
  term: string;
  /** The folded word it came from. */
  word: string;
  /** Word position in the text (stop words counted). */
  position: number;
}

/** Index/query terms of a text, in order, with positions. */
export function analyze(text: string): AnalyzedToken[] {
  const out: AnalyzedToken[] = [];
  const words = foldText(text).split(' ');
  for (let position = 0; position < words.length; position++) {
    const word = words[position] as string;
    if (word.length < MIN_LENGTH || STOP.has(word)) continue;
    out.push({ term: stemWord(word), word, position });
  }
  return out;
}
