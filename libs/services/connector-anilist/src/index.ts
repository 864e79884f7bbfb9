export { ConnectorAnilistModule } from './connector-anilist.module';
export { ConnectorAnilistEnvSchema } from './connector-anilist.env';
export type { ConnectorAnilistEnv } from './connector-anilist.env';
export { AnilistClient } from './anilist.client';
export { MAX_SCHEDULE_PAGES } from './anilist.client';
export type { AnilistClientOptions, AnilistList } from './anilist.client';
export {
  parseAnilistAnime,
  parseAnilistAiring,
  parseAnilistEpisodeList,
  parseAnilistRecommendations,
  parseAnilistStatistics,
  anilistGraphqlError,
  toSourceAnime,
  stripHtml,
  trailerUrl,
  anilistAnimeUrl,
} from './anilist-anime.parser';
export { parseAnilistSearch, parseAnilistSchedulePage, anilistListGraphqlError } from './anilist-list.parser';
export type { AnilistListItem, AnilistAiringItem, AnilistSchedulePage } from './anilist-list.parser';
export type { AnilistDetails, AnilistProvenance } from './anilist-anime.parser';
