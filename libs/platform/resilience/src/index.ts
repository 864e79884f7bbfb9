export { systemClock, realSleep } from './clock';
export type { Clock, Sleep } from './clock';
export { SourceBreaker, BreakerGroup, createCircuitBreaker, DEFAULT_BREAKER_OPTIONS } from './circuit-breaker';
export type { BreakerOptions, BreakerState, BreakerHealth } from './circuit-breaker';
export { SourceLimiter, createSourceLimiter } from './source-limiter';
export type { SourceLimiterOptions, AcquireOptions } from './source-limiter';
export {
  DEFAULT_RATE_LIMIT_POLICIES,
  ANILIST_NORMAL_POLICY,
  RateLimitPolicySchema,
  RateWindowSchema,
  resolveRateLimitPolicy,
} from './rate-limit-policies';
export type { RateLimitPolicy, ResolvedRateLimitPolicy, RateWindow, KnownSource } from './rate-limit-policies';
export { backoffFromHeaders, parseRetryAfter, parseRateLimitReset, headerValue } from './rate-limit-headers';
export type { HeadersLike, UpstreamBackoff } from './rate-limit-headers';
export { TieredCache, createTieredCache, CACHE_TTL_BY_KIND } from './tiered-cache';
export type { CacheKind, KindTtl, CacheEntry, CacheHit, TieredCacheOptions } from './tiered-cache';
export { Coalescer } from './coalescer';
export { HttpClient, createHttpClient, buildUserAgent, parseJsonBody, DEFAULT_HTTP_OPTIONS, PROJECT_URL, CLIENT_VERSION } from './http-client';
export type { HttpClientOptions, HttpRequestOptions, HttpResponse, UpstreamResponseInfo, AttemptGuard, QueryParams } from './http-client';
export { SourceClient, createSourceClient, createDefaultSourceClient, staleWarning } from './source-client';
export type { SourceClientParts, SourceGetOptions, SourceResult, SourceClientHealth, DefaultSourceClientOptions } from './source-client';
export { expectField, isUpstreamHealthFailure, abortError, redactUrl } from './upstream-errors';
export type { UpstreamFailureReason } from './upstream-errors';
export { resilienceMetrics } from './resilience-metrics';
export type { ResilienceMetrics } from './resilience-metrics';
export { UpstreamTuningEnvSchema, upstreamTuning } from './upstream-tuning';
export type { UpstreamTuningEnv } from './upstream-tuning';
export { upstreamTraffic, trafficReport, upstreamTrafficCheck } from './upstream-traffic';
export type { UpstreamTraffic } from './upstream-traffic';
