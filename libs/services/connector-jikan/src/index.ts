export { ConnectorJikanModule, ConnectorJikanEnvSchema } from './connector-jikan.module';
export type { ConnectorJikanEnv } from './connector-jikan.module';
export type { JikanClientOverrides } from './jikan.client';
export { parseJikanAnimeFull, parseJikanAnimeList, parseJikanAnime, nextBroadcast } from './jikan-anime.parser';
export type { JikanAnimeRecord, JikanAnimeList, JikanBroadcast } from './jikan-anime.parser';
export { parseJikanCharacters, parseJikanStaff } from './jikan-credits.parser';
export { buildJikanSourceAnime, malAnimeUrl } from './jikan-source-anime.parser';
