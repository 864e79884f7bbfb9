import { airedOf, collapse, decodeEntities, intOf, isObject, isoDate, loadPage, missing, requireAnimeJsonLd, siteScore, stringsOf, type ScrapedAnime } from './scraped-page';

/**
 * An AniSearch anime page (`/anime/<id>`): title, episodes, dates, genres and the 5-point rating
 * from JSON-LD; the synopsis in every language the page carries (`.details-text[lang]`: de, en,
 * es, fr, it) — AniSearch is where the German synopsis comes from. `synopsis` is the English one.
 * The JSON-LD `description` is a generated one-liner ("Information about the anime …"), not a
 * synopsis, so it is not used.
 */
export function parseAniSearchPage(html: string, id: string): ScrapedAnime {
  const $ = loadPage(html);
  const ld = requireAnimeJsonLd($, 'anisearch');
  const synopses = $('.details-text[lang]')
    .map((_, block) => {
      const text = $(block).clone();
      // Each block ends with a hidden source credit (<i class="hidden">Quelle: …</i>), not part of the story.
      text.find('i.hidden, script, style').remove();
      text.find('br').replaceWith('\n');
      return { language: String($(block).attr('lang')).toLowerCase(), text: collapse(text.text()) };
    })
    .get()
    .filter((s) => /^[a-z]{2}$/.test(s.language) && s.text);
  if (!synopses.length) throw missing('anisearch', 'synopsis blocks (.details-text[lang])');
  const rating = isObject(ld['aggregateRating']) ? ld['aggregateRating'] : undefined;
  const titleOf = (lang: string): string | undefined => collapse($(`.title[lang="${lang}"] strong`).first().text()) || undefined;
  const native = collapse($('.title[lang="ja"] .grey').first().text()) || undefined;
  const english = synopses.find((s) => s.language === 'en') ?? synopses[0];
  return {
    sourceId: id,
    sourceUrl: typeof ld['url'] === 'string' ? ld['url'] : `https://www.anisearch.com/anime/${id}`,
    titles: { romaji: decodeEntities(String(ld['name'])), ...(titleOf('en') ? { english: titleOf('en') } : {}), ...(native ? { native } : {}) },
    ...(english ? { synopsis: english.text } : {}),
    synopses,
    ...(rating ? { score: siteScore(rating['ratingValue'], Number(rating['bestRating'] ?? 5), rating['ratingCount']) } : {}),
    ...(intOf(ld['numberOfEpisodes']) !== undefined ? { episodes: intOf(ld['numberOfEpisodes']) } : {}),
    genres: stringsOf(ld['genre']),
    ...airedOf(isoDate(ld['startDate']), isoDate(ld['endDate'])),
  };
}
