import { z } from 'zod';
import type { Clock, DefaultSourceClientOptions } from '@anime/platform-resilience';

/** Variables the connector-animeschedule service reads (merged into its app's env schema). */
export const ConnectorAnimescheduleEnvSchema = z.object({
  ANIMESCHEDULE_BASE_URL: z.url().default('https://animeschedule.net/api/v3').describe('AnimeSchedule v3 API root (a replay server in tests)'),
  ANIMESCHEDULE_TOKEN: z.string().min(1).optional().describe('Bearer token; without one the upstream limits are far lower'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//)
    .optional()
    .describe('Distributed mode: rate-limit windows and the response cache shared by replicas; unset = per process'),
  CLOCK_NOW: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('TEST ONLY: freezes "now" of the schedule (day resolution, countdowns) and the planner at this instant; never set in production'),
});
export type ConnectorAnimescheduleEnv = z.output<typeof ConnectorAnimescheduleEnvSchema>;

/** Test and tuning seams of the module (clock, HTTP retries, breaker, cache); production passes none. */
export type ConnectorAnimescheduleOptions = Pick<DefaultSourceClientOptions, 'clock' | 'http' | 'breaker' | 'cache' | 'keyPrefix' | 'policy'> & {
  /** Deadline of each source call of the merged schedule (default 3 s). */
  sourceTimeoutMs?: number;
};

/** DI token of the parsed {@link ConnectorAnimescheduleEnv}. */
export const ANIMESCHEDULE_ENV = Symbol('ANIMESCHEDULE_ENV');
/** DI token of the {@link ConnectorAnimescheduleOptions}. */
export const ANIMESCHEDULE_OPTIONS = Symbol('ANIMESCHEDULE_OPTIONS');
/** DI token of the schedule's {@link Clock} (CLOCK_NOW, the options' clock, or the wall clock). */
export const SCHEDULE_CLOCK = Symbol('SCHEDULE_CLOCK');

/** The clock the schedule runs on: a frozen CLOCK_NOW (tests), an injected one, or the wall clock. */
export function scheduleClock(env: ConnectorAnimescheduleEnv, options: ConnectorAnimescheduleOptions): Clock {
  if (env.CLOCK_NOW) {
    const frozen = Date.parse(env.CLOCK_NOW);
    return { now: () => frozen };
  }
  return options.clock ?? { now: () => Date.now() };
}
