import { Module } from '@nestjs/common';
import { z } from 'zod';
import { ServiceHealthModule } from '@anime/platform-runtime';

/** Variables the connector-animeschedule service reads (merged into its app's env schema). */
export const ConnectorAnimescheduleEnvSchema = z.object({
  ANIMESCHEDULE_BASE_URL: z.url().default('https://animeschedule.net/api/v3'),
  ANIMESCHEDULE_TOKEN: z.string().optional().describe('Bearer token; without one the upstream limits are far lower'),
});
export type ConnectorAnimescheduleEnv = z.output<typeof ConnectorAnimescheduleEnvSchema>;

/**
 * AnimeSchedule v3 connector and schedule merging.
 * Serves `health.v1.connector-animeschedule.get` now; its domain subjects (source.v1.animeschedule.*, schedule.v1.*) arrive with issue #8.
 */
@Module({ imports: [ServiceHealthModule.forService('connector-animeschedule')] })
export class ConnectorAnimescheduleModule {}
