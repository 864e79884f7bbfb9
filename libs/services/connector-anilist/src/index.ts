export { ConnectorAnilistModule } from './connector-anilist.module';
export { ConnectorAnilistEnvSchema } from './connector-anilist.env';
export type { ConnectorAnilistEnv } from './connector-anilist.env';
export { AnilistClient } from './anilist.client';
export type { AnilistClientOptions } from './anilist.client';
export { parseAnilistAnime, parseAnilistAiring, anilistGraphqlError, toSourceAnime, stripHtml, trailerUrl, anilistAnimeUrl } from './anilist-anime.parser';
export type { AnilistDetails, AnilistProvenance } from './anilist-anime.parser';
