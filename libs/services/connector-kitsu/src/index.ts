export { ConnectorKitsuModule } from './connector-kitsu.module';
export { ConnectorKitsuEnvSchema } from './connector-kitsu.env';
export type { ConnectorKitsuEnv, ConnectorKitsuOptions } from './connector-kitsu.env';
export { parseKitsuAnimeDocument, parseKitsuCategoryList, buildKitsuSourceAnime } from './kitsu-anime.parser';
export type { KitsuAnimeRecord } from './kitsu-anime.parser';
export { parseKitsuStreamingLinks } from './kitsu-streaming.parser';
