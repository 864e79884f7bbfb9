export {
  ERROR_CODES,
  ErrorCodeSchema,
  HTTP_STATUS_BY_CODE,
  ErrorBodySchema,
  AppError,
  ValidationError,
  NotFoundError,
  UnauthenticatedError,
  ForbiddenError,
  ConflictError,
  PayloadTooLargeError,
  RateLimitedError,
  CancelledError,
  DeadlineExceededError,
  ServiceUnavailableError,
  NotReadyError,
  SourceUnavailableError,
  UpstreamChangedError,
  InternalError,
  errorBodyOf,
  errorFromBody,
  validationErrorFromZod,
  isAppError,
} from './errors';
export type { ErrorCode, ErrorBody, AppErrorOptions } from './errors';
export { parseStrict, unknownFields, unknownFieldsError, nearestField } from './strict-parse';
export type { UnknownField } from './strict-parse';
export { SUBJECT_PATTERN, TRANSPORT_ERROR_CODES, defineRpc, defineEvent } from './rpc';
export type { RpcContract, RpcDefinition, RpcInput, RpcParsedRequest, RpcOutput, EventContract, EventPayload } from './rpc';
export {
  AnimeTypeSchema,
  AnimeStatusSchema,
  SeasonSchema,
  AnimeSeasonSchema,
  DurationSchema,
  ScoreSchema,
  ManamiAnimeSchema,
  PLATFORMS,
  PlatformSchema,
  PLATFORM_ID_PREFIX,
  PLATFORM_PREFIX_ALIASES,
  AnimeIdSchema,
  PlatformIdSchema,
  AnimeSchema,
  DatasetMetaSchema,
} from './anime.schema';
export type { ManamiAnime, Platform, PlatformId, Anime, DatasetMeta } from './anime.schema';
export {
  SERVICE_NAMES,
  ServiceNameSchema,
  HealthCheckSchema,
  ServiceHealthSchema,
  HEALTH_CONTRACTS,
} from './services';
export type { ServiceName, ServiceHealth } from './services';
export { toJsonSchema, contractJsonSchemas } from './json-schema';
export {
  SearchFiltersSchema,
  SearchSortSchema,
  AnimeSummarySchema,
  FacetsSchema,
  DatasetRefSchema,
  SearchAnimeRequestSchema,
  SearchAnimeResponseSchema,
  AnimeRefSchema,
  CatalogContracts,
} from './catalog.contracts';
export type { SearchFilters, AnimeSummary } from './catalog.contracts';
export {
  UpdateKindSchema,
  UpdateJobSchema,
  JobStateSchema,
  DatasetVersionSchema,
  IngestContracts,
  DatasetPublishedEvent,
} from './ingest.contracts';
export type { UpdateJob } from './ingest.contracts';
export {
  QueryIntentSchema,
  QueryFieldSchema,
  QueryPlanSchema,
  QueryOptionsSchema,
  StructuredQuerySchema,
  AskRequestSchema,
  AskResponseSchema,
  AskBatchResultSchema,
  MAX_BATCH_QUESTIONS,
  AgentContracts,
} from './agent.contracts';
export type { QueryPlan } from './agent.contracts';
export { SOURCE_NAMES, SourceNameSchema, DETAIL_FIELDS, DetailFieldSchema, SourceScoreSchema, SourceAnimeSchema, SourceContracts, SourceListContracts, SourceListItemSchema, AiringItemSchema, ProvenancedSchema, SourceStatusSchema, DetailsContracts } from './source.contracts';
export type { SourceName, DetailField, SourceAnime } from './source.contracts';
export { AIR_TYPES, AirTypeSchema, StreamLinkSchema, AnimeScheduleEntrySchema, AnimeScheduleAnimeSchema, ScheduleSourceStatusSchema, ScheduleItemSchema, MAX_SCHEDULE_DAYS, ScheduleContracts } from './schedule.contracts';
export type { AirType, AnimeScheduleEntry, ScheduleItem } from './schedule.contracts';
export { API_SOURCE_NAMES, SCRAPED_SOURCE_NAMES, SCRAPED_SOURCE_FIELDS, SCRAPED_ONLY_FIELDS } from './source.contracts';
export type { ScrapedSourceName } from './source.contracts';
export {
  MAX_USER_IMAGE_BYTES,
  SemanticSearchRequestSchema,
  HybridSearchRequestSchema,
  HybridSearchResponseSchema,
  ImageSearchRequestSchema,
  ImageSearchResponseSchema,
  VisuallySimilarRequestSchema,
  VisuallySimilarResponseSchema,
  MultimodalSearchRequestSchema,
  MultimodalSearchResponseSchema,
  SimilarAnimeRequestSchema,
  SimilarAnimeResponseSchema,
  VectorContracts,
} from './vector.contracts';
export { PLOT_CONTRACTS_OWNER, PlotSearchRequestSchema, PlotSearchResponseSchema, PlotSearchItemSchema, PlotConfidenceSchema, PlotContracts } from './plot.contracts';
