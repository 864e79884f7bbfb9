import type { Anime } from '@anime/contracts';

const TYPE_WEIGHT: Readonly<Record<Anime['type'], number>> = { TV: 12, ONA: 7, MOVIE: 7, OVA: 4, SPECIAL: 1, UNKNOWN: 2 };

/** Titles that name a later part: "2nd Season", "Season 3", "II", "Part 2", "… 2", "Shippuuden" is not one. */
const SEQUEL = /\b(\d+(st|nd|rd|th) season|season \d+|part \d+|cour \d+|ii|iii|iv|v|vi|final season)\b|\s\d{1,2}$/i;

/**
 * Query-independent prior (0 … ~40) that breaks ties the way fans expect: the main TV series over
 * its movies, specials and recaps; well-scored, long-running, widely listed and well-connected
 * entries over obscure ones. Kept far below the gap between match tiers, so it only reorders
 * equally good title matches.
 */
export function priorOf(anime: Anime): number {
  const score = anime.score?.arithmeticMean;
  const scorePart = score === undefined || score === null ? 3 : Math.max(0, Math.min(10, (score - 5) * 2.2));
  const episodesPart = Math.min(Math.log2(1 + anime.episodes), 7) * 0.8;
  const relationsPart = Math.min(anime.relatedAnime.length, 12) * 0.6;
  const platformsPart = Math.min(anime.sources.length, 12) * 0.5;
  const sequelPart = SEQUEL.test(anime.title) ? -6 : 0;
  return TYPE_WEIGHT[anime.type] + scorePart + episodesPart + relationsPart + platformsPart + sequelPart;
}
