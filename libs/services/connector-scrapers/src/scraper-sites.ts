import type { ScrapedSourceName } from '@anime/contracts';
import type { KnownSource } from '@anime/platform-resilience';
import type { ConnectorScrapersEnv } from './connector-scrapers.env';
import { parseAnimePlanetPage } from './animeplanet-page.parser';
import { parseAniSearchPage } from './anisearch-page.parser';
import { parseLiveChartPage } from './livechart-page.parser';
import { parseSimklPage } from './simkl-page.parser';
import type { ScrapedAnime } from './scraped-page';

/** One scraped site: where its base URL comes from, what its ids look like, its page and parser. */
export interface ScraperSite {
  /** Name in the resilience kit (rate-limit policy, metrics, breaker names). */
  kitSource: KnownSource;
  /** Human name for messages. */
  label: string;
  baseUrl: (env: ConnectorScrapersEnv) => string;
  /** Ids the site can have; anything else never reaches a URL path. */
  id: RegExp;
  /** The anime page, relative to the base URL. */
  pagePath: (id: string) => string;
  /** Page → fields; throws `UpstreamChangedError` when the page lacks what it relies on. */
  parse?: (html: string, id: string) => ScrapedAnime;
}

/** The five sites (ANN has no `parse`: it is read from its XML API with the HTML page as fallback). */
export const SCRAPER_SITES: Readonly<Record<ScrapedSourceName, ScraperSite>> = {
  animeplanet: {
    kitSource: 'anime-planet',
    label: 'Anime-Planet',
    baseUrl: (env) => env.ANIMEPLANET_BASE_URL,
    id: /^[a-z0-9][a-z0-9-]{0,99}$/,
    pagePath: (id) => `/anime/${id}`,
    parse: parseAnimePlanetPage,
  },
  livechart: { kitSource: 'livechart', label: 'LiveChart', baseUrl: (env) => env.LIVECHART_BASE_URL, id: /^\d{1,9}$/, pagePath: (id) => `/anime/${id}`, parse: parseLiveChartPage },
  anisearch: { kitSource: 'anisearch', label: 'AniSearch', baseUrl: (env) => env.ANISEARCH_BASE_URL, id: /^\d{1,9}$/, pagePath: (id) => `/anime/${id}`, parse: parseAniSearchPage },
  ann: { kitSource: 'ann', label: 'Anime News Network', baseUrl: (env) => env.ANN_BASE_URL, id: /^\d{1,9}$/, pagePath: (id) => `/encyclopedia/anime.php?id=${id}` },
  simkl: { kitSource: 'simkl', label: 'SIMKL', baseUrl: (env) => env.SIMKL_BASE_URL, id: /^\d{1,12}$/, pagePath: (id) => `/anime/${id}`, parse: parseSimklPage },
};
