import { z } from 'zod';
import { DEFAULT_BREAKER_OPTIONS } from './circuit-breaker';
import { DEFAULT_HTTP_OPTIONS } from './http-client';
import type { DefaultSourceClientOptions } from './source-client';

/**
 * Operator knobs shared by every connector (each connector's env schema extends this): how many
 * consecutive upstream failures open a breaker, how long it stays open before the half-open probe,
 * the per-attempt timeout and the retries. Defaults are the kit's defaults.
 */
export const UpstreamTuningEnvSchema = z.object({
  UPSTREAM_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(DEFAULT_BREAKER_OPTIONS.failureThreshold).describe('Consecutive upstream failures (5xx, timeouts, network) that open a source breaker'),
  UPSTREAM_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(3_600_000).default(DEFAULT_BREAKER_OPTIONS.resetTimeoutMs).describe('How long an open breaker fails fast before one probe request is let through'),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(DEFAULT_HTTP_OPTIONS.timeoutMs).describe('Per-attempt upstream HTTP timeout'),
  UPSTREAM_RETRIES: z.coerce.number().int().min(0).max(10).default(DEFAULT_HTTP_OPTIONS.maxRetries).describe('Retries after the first attempt on 5xx/429/network errors'),
});
export type UpstreamTuningEnv = z.output<typeof UpstreamTuningEnvSchema>;

/** The {@link UpstreamTuningEnv} as source-client options (test overrides are spread after it). */
export function upstreamTuning(env: Partial<UpstreamTuningEnv>): Pick<DefaultSourceClientOptions, 'breaker' | 'http'> {
  return {
    breaker: {
      ...(env.UPSTREAM_BREAKER_FAILURES !== undefined ? { failureThreshold: env.UPSTREAM_BREAKER_FAILURES } : {}),
      ...(env.UPSTREAM_BREAKER_RESET_MS !== undefined ? { resetTimeoutMs: env.UPSTREAM_BREAKER_RESET_MS } : {}),
    },
    http: {
      ...(env.UPSTREAM_TIMEOUT_MS !== undefined ? { timeoutMs: env.UPSTREAM_TIMEOUT_MS } : {}),
      ...(env.UPSTREAM_RETRIES !== undefined ? { maxRetries: env.UPSTREAM_RETRIES } : {}),
    },
  };
}
