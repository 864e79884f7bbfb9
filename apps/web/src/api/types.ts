/**
 * Shapes of the public REST API the console reads. Type-only imports of the contracts (erased at
 * build time: nothing of zod or our Node libs reaches the bundle), so the console breaks at
 * typecheck, not in a browser, when a contract changes.
 */
import type { AgentContracts, Anime, CatalogContracts, DetailsContracts, IngestContracts, QueryPlan, RpcInput, RpcOutput, SearchFilters } from '@anime/contracts';

export type { Anime, QueryPlan, SearchFilters };
export type SearchRequest = RpcInput<typeof CatalogContracts.search>;
export type SearchResponse = RpcOutput<typeof CatalogContracts.search>;
export type AnimeSummary = SearchResponse['items'][number]['anime'];
export type Facets = NonNullable<SearchResponse['facets']>;
export type AnimeResponse = RpcOutput<typeof CatalogContracts.get>;
export type RelatedResponse = RpcOutput<typeof CatalogContracts.related>;
export type StatsResponse = RpcOutput<typeof CatalogContracts.stats>;
export type DetailsResponse = RpcOutput<typeof DetailsContracts.get>;
export type Provenanced = DetailsResponse['fields'][string][number];
export type SourceStatus = DetailsResponse['sources'][number];
export type CompareResponse = RpcOutput<typeof DetailsContracts.compare>;
export type AskResponse = RpcOutput<typeof AgentContracts.ask>;
export type AnswerItem = AskResponse['items'][number];
export type UpdateJob = RpcOutput<typeof IngestContracts.getJob>['job'];
export type UpdateKind = UpdateJob['kind'];
export type VersionsResponse = RpcOutput<typeof IngestContracts.listVersions>;
export type QuarantineResponse = RpcOutput<typeof IngestContracts.quarantine>;
export type JobsResponse = RpcOutput<typeof IngestContracts.listJobs>;

/** One tool of `GET /api/tools` (the console only needs the names, to know what this server offers). */
export interface ToolListing {
  name: string;
  description: string;
}

/** A service as `GET /health` reports it. */
export interface ServiceStatus {
  name: string;
  status: 'up' | 'degraded' | 'down';
  latencyMs: number;
  version?: string;
  checks?: Array<{ name: string; status: 'up' | 'degraded' | 'down'; detail?: string; stats?: Record<string, number> }>;
  error?: { code: string; message: string };
}

/** `GET /health`. */
export interface SystemHealth {
  status: 'ok' | 'degraded';
  mode: 'embedded' | 'distributed';
  services: ServiceStatus[];
  down: string[];
  checkedAt: string;
}

/**
 * `anime_schedule` (issue #8; may be absent on a server): the subset the console reads. Declared
 * here rather than imported because the schedule contract ships with another issue.
 */
export interface ScheduleItem {
  title: string;
  animeId?: string;
  episode?: number;
  airingAt: string;
  airType: 'raw' | 'sub' | 'dub';
  local: { date: string; weekday: string; time: string; broadcastTime?: string };
  countdown: { inSeconds: number; text: string };
  nextEpisode: boolean;
  platforms: string[];
  streams: Array<{ platform: string; url: string }>;
  delayed?: { text?: string };
  sources: Array<{ name: string; sourceUrl: string }>;
}

export interface ScheduleResponse {
  timezone: string;
  from: string;
  to: string;
  now: string;
  airType: 'raw' | 'sub' | 'dub';
  items: ScheduleItem[];
  sources: Array<{ name: string; status: string; reason?: string; items?: number }>;
  warnings: string[];
}

/** `find_similar_anime` (issue #6; may be absent on a server): the subset the console reads. */
export interface SimilarResponse {
  anime: AnimeSummary;
  items: Array<{ anime: AnimeSummary; score: number; similarity?: number; sharedTags: string[]; why: string[] }>;
  warnings: string[];
}

/** `search_anime_by_image` (issue #6; may be absent on a server): the subset the console reads. */
export interface ImageSearchResponse {
  items: Array<{ anime: AnimeSummary; similarity: number }>;
  lowConfidence: boolean;
  note?: string;
  model: string;
  warnings: string[];
}
