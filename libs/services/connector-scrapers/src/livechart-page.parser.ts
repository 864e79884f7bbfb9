import type { CheerioAPI } from 'cheerio';
import { airedOf, collapse, decodeEntities, intOf, isObject, isoDate, loadPage, missing, requireAnimeJsonLd, siteScore, stringsOf, type ScrapedAnime } from './scraped-page';

/**
 * A LiveChart anime page (`/anime/<id>`): title, native title, synopsis, episodes, genres, studios
 * and the 10-point rating from JSON-LD; airing data (status, premiere date, season) from the
 * details panel. Both parts are required: without either, the page
 * is not one this parser understands.
 */
export function parseLiveChartPage(html: string, id: string): ScrapedAnime {
  const $ = loadPage(html);
  const ld = requireAnimeJsonLd($, 'livechart');
  const details = $('[data-controller~="anime-details"]').first();
  if (!details.length) throw missing('livechart', 'anime details panel ([data-controller="anime-details"])');
  const info = detailsInfo($, details);
  const rating = isObject(ld['aggregateRating']) ? ld['aggregateRating'] : undefined;
  const native = stringsOf(ld['alternateName'])[0] ?? info.get('Original title');
  const status = info.get('Status');
  const premiere = details.find('a[href^="/timetable?date="]').first().attr('href')?.split('date=')[1];
  return {
    sourceId: id,
    sourceUrl: typeof ld['url'] === 'string' ? ld['url'] : `https://www.livechart.me/anime/${id}`,
    titles: { romaji: decodeEntities(String(ld['name'])), ...(native ? { native } : {}) },
    ...(typeof ld['description'] === 'string' ? { synopsis: decodeEntities(ld['description']) } : {}),
    ...(rating ? { score: siteScore(rating['ratingValue'], Number(rating['bestRating'] ?? 10), rating['ratingCount']) } : {}),
    ...(intOf(ld['numberOfEpisodes']) !== undefined ? { episodes: intOf(ld['numberOfEpisodes']) } : {}),
    ...(status ? { status } : {}),
    genres: stringsOf(ld['genre']),
    studios: stringsOf(ld['productionCompany']),
    ...airedOf(isoDate(premiere) ?? isoDate(ld['datePublished']), undefined, info.get('Season')),
  };
}

/** The panel's "label → value" rows (Original title, Status, Premiere, Season). */
function detailsInfo($: CheerioAPI, details: ReturnType<CheerioAPI>): Map<string, string> {
  const rows = new Map<string, string>();
  details.find('div.text-sm > div.font-bold, div.text-sm > div.text-sm.font-bold').each((_, label) => {
    const name = collapse($(label).text());
    const value = collapse($(label).parent().text()).slice(name.length).trim();
    if (name && value && !rows.has(name)) rows.set(name, value);
  });
  return rows;
}
