import type { CheerioAPI } from 'cheerio';
import { airedOf, collapse, decodeEntities, isoDate, intOf, loadPage, requireAnimeJsonLd, siteScore, stringsOf, type ScrapedAnime } from './scraped-page';

const SITE = 'https://www.anime-planet.com';

/**
 * An Anime-Planet anime page (`/anime/<slug>`): title, synopsis, 5-star rating, episodes, dates,
 * director/music from the JSON-LD block; tags and related anime from the page itself. JSON-LD's
 * `genre` list (genres and tags mixed, as the site publishes it) is kept as `genres`; `tags` are
 * the page's tag links. Without the JSON-LD block the page is not an anime page we understand.
 */
export function parseAnimePlanetPage(html: string, slug: string): ScrapedAnime {
  const $ = loadPage(html);
  const ld = requireAnimeJsonLd($, 'animeplanet');
  const staff = [
    ...stringsOf(ld['director']).map((name) => ({ name, role: 'Director' })),
    ...stringsOf(ld['musicBy']).map((name) => ({ name, role: 'Music' })),
  ];
  const rating = ld['aggregateRating'] as Record<string, unknown> | undefined;
  const tags = $('.tags a').map((_, a) => collapse($(a).text()).replace(/,$/, '')).get().filter(Boolean);
  const related = relatedAnime($);
  return {
    sourceId: slug,
    sourceUrl: typeof ld['url'] === 'string' ? ld['url'] : `${SITE}/anime/${slug}`,
    titles: { english: decodeEntities(String(ld['name'])) },
    ...(typeof ld['description'] === 'string' ? { synopsis: decodeEntities(ld['description']) } : {}),
    ...(rating ? { score: siteScore(rating['ratingValue'], Number(rating['bestRating'] ?? 5), rating['ratingCount']) } : {}),
    ...(intOf(ld['numberOfEpisodes']) !== undefined ? { episodes: intOf(ld['numberOfEpisodes']) } : {}),
    genres: stringsOf(ld['genre']),
    ...(tags.length ? { tags } : {}),
    ...(related.length ? { related } : {}),
    ...(staff.length ? { staff } : {}),
    ...airedOf(isoDate(ld['startDate']), isoDate(ld['endDate'])),
  };
}

/** "Related anime" cards: same franchise (with the relation) and other franchise entries. */
function relatedAnime($: CheerioAPI): NonNullable<ScrapedAnime['related']> {
  const tabs = $('[id^="tabs--relations--anime"]').first();
  if (!tabs.length) return [];
  return tabs
    .find('a.RelatedEntry')
    .map((_, a) => {
      const entry = $(a);
      const relation = collapse(entry.find('.RelatedEntry__subtitle').text());
      const href = entry.attr('href');
      return { title: collapse(entry.find('.RelatedEntry__name').text()), ...(relation ? { relation } : {}), ...(href ? { url: new URL(href, SITE).toString() } : {}) };
    })
    .get()
    .filter((r) => r.title);
}

