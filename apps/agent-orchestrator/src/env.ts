import { z } from 'zod';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { AgentOrchestratorEnvSchema } from '@anime/service-agent-orchestrator';

/** Everything `apps/agent-orchestrator` reads from the environment, validated once at boot. */
export const EnvSchema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().int().min(0).max(65535).default(3010) }).extend(
  AgentOrchestratorEnvSchema.shape,
);
