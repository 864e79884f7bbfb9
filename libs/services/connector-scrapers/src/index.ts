export { ConnectorScrapersModule } from './connector-scrapers.module';
export { ConnectorScrapersEnvSchema } from './connector-scrapers.env';
export type { ConnectorScrapersEnv, ConnectorScrapersOptions } from './connector-scrapers.env';
export { parseAnimePlanetPage } from './animeplanet-page.parser';
export { parseLiveChartPage } from './livechart-page.parser';
export { parseAniSearchPage } from './anisearch-page.parser';
export { parseAnnApiXml, parseAnnHtmlPage } from './ann-encyclopedia.parser';
export { parseSimklPage } from './simkl-page.parser';
export type { ScrapedAnime } from './scraped-page';
