import type { ManamiAnime } from '@anime/contracts';

/** The fields of a catalog entry that describe what it looks and reads like. */
export type EntryTextFields = Pick<ManamiAnime, 'title' | 'type' | 'animeSeason' | 'synonyms' | 'studios' | 'tags'>;

/**
 * CLIP reads 77 tokens; about 3 characters per token for romanised titles, names and tags keeps
 * the whole text inside the window, so nothing is lost to silent truncation.
 */
const CHAR_BUDGET = 230;
const MAX_SYNONYMS = 3;

const TYPE_WORDS: Record<ManamiAnime['type'], string | undefined> = {
  TV: 'TV series',
  MOVIE: 'movie',
  OVA: 'OVA',
  ONA: 'web series',
  SPECIAL: 'special',
  UNKNOWN: undefined,
};

/**
 * The text CLIP sees for a catalog entry: title, type and year, studios, up to three
 * Latin-script synonyms (CLIP's English-centric vocabulary turns other scripts into byte soup),
 * then as many tags as fit. Parts come in that order of importance and stop at a character
 * budget that fits CLIP's 77-token window.
 */
export function entryText(anime: EntryTextFields): string {
  const kind = [TYPE_WORDS[anime.type], anime.animeSeason.year ? `from ${anime.animeSeason.year}` : undefined].filter(Boolean).join(' ');
  const head = [anime.title, kind, anime.studios.length > 0 ? `by ${anime.studios.join(', ')}` : ''].filter(Boolean).join(', ');
  const synonyms = readableSynonyms(anime);
  const parts = [head, synonyms.length > 0 ? `also known as ${synonyms.join(', ')}` : ''].filter(Boolean);
  let text = `${parts.join('. ')}.`;
  if (text.length > CHAR_BUDGET) return cut(text);
  const tags: string[] = [];
  for (const tag of anime.tags) {
    const next = `${text} Tags: ${[...tags, tag].join(', ')}.`;
    if (next.length > CHAR_BUDGET) break;
    tags.push(tag);
  }
  if (tags.length > 0) text = `${text} Tags: ${tags.join(', ')}.`;
  return text;
}

/**
 * Latin-script synonyms of four characters or more (no abbreviations), not repeating the title;
 * likely-English ones first (plain ASCII, English function words), since CLIP learnt English.
 */
function readableSynonyms(anime: EntryTextFields): string[] {
  const seen = new Set([fold(anime.title)]);
  const candidates: string[] = [];
  for (const synonym of anime.synonyms) {
    const key = fold(synonym);
    if (synonym.length < 4 || seen.has(key) || !LATIN.test(synonym)) continue;
    seen.add(key);
    candidates.push(synonym);
  }
  return candidates
    .map((synonym, index) => ({ synonym, index, score: (/^[\x20-\x7e]+$/.test(synonym) ? 2 : 0) + (ENGLISH_WORD.test(synonym) ? 1 : 0) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, MAX_SYNONYMS)
    .map((c) => c.synonym);
}

const LATIN = /^[\p{Script=Latin}\p{N}\p{P}\p{Zs}\p{S}]+$/u;
const ENGLISH_WORD = /\b(the|of|on|in|and|to|an|my|with|is|from|for|your)\b/i;

const fold = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Cuts at the last word boundary inside the budget (a very long title with studios). */
function cut(text: string): string {
  const slice = text.slice(0, CHAR_BUDGET);
  const space = slice.lastIndexOf(' ');
  return space > CHAR_BUDGET / 2 ? slice.slice(0, space) : slice;
}
