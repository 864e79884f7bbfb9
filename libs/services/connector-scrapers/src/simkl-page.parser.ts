import { airedOf, collapse, intOf, isoDate, loadPage, missing, siteScore, type ScrapedAnime } from './scraped-page';

/**
 * A SIMKL anime page (`/anime/<id>`). SIMKL publishes its structured data as schema.org microdata
 * (`itemscope itemtype=".../TVSeries"`), not as a JSON-LD block: title, alternate titles, synopsis,
 * genres, keywords (tags), start date and the 10-point SIMKL rating with its vote count. Without
 * the TVSeries/Movie item the page is not one this parser understands.
 */
export function parseSimklPage(html: string, id: string): ScrapedAnime {
  const $ = loadPage(html);
  const item = $('[itemscope][itemtype$="schema.org/TVSeries"], [itemscope][itemtype$="schema.org/Movie"]').first();
  if (!item.length) throw missing('simkl', 'schema.org TVSeries/Movie microdata (itemscope itemtype=".../TVSeries")');
  // Properties of the item itself, not of nested items (review, rating, trailer).
  const own = item.find('[itemprop]').filter((_, e) => $(e).parent().closest('[itemscope]').is(item));
  const prop = (name: string): string[] =>
    own
      .filter((_, e) => $(e).attr('itemprop') === name)
      .map((_, e) => collapse($(e).attr('content') ?? $(e).text()))
      .get()
      .filter(Boolean);
  const name = prop('name')[0];
  if (!name) throw missing('simkl', 'itemprop="name" of the TVSeries item');
  const rating = item.find('[itemprop="aggregateRating"]').first();
  const ratingProp = (p: string): string | undefined => {
    const e = rating.find(`[itemprop="${p}"]`).first();
    return e.length ? collapse(e.attr('content') ?? e.text()) : undefined;
  };
  const score = rating.length ? siteScore(ratingProp('ratingValue'), intOf(ratingProp('bestRating')) ?? 10, ratingProp('ratingCount')) : undefined;
  const url = prop('url')[0];
  const alternates = prop('alternateName').flatMap((a) => a.split(', '));
  const synopsis = prop('description')[0];
  const tags = (prop('keywords')[0] ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  return {
    sourceId: id,
    sourceUrl: url && /^https?:\/\//.test(url) ? url : `https://simkl.com/anime/${id}`,
    titles: { english: name, ...(alternates[0] ? { romaji: alternates[0] } : {}) },
    ...(synopsis ? { synopsis } : {}),
    ...(score ? { score } : {}),
    genres: prop('genre'),
    ...(tags.length ? { tags } : {}),
    ...airedOf(isoDate(prop('startDate')[0])),
  };
}
