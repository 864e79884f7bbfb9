import { Module } from '@nestjs/common';
import { z } from 'zod';
import { ServiceHealthModule } from '@anime/platform-runtime';

/** Variables the agent-orchestrator service reads (merged into its app's env schema). */
export const AgentOrchestratorEnvSchema = z.object({
  LLM_PROVIDER: z.enum(['none', 'openai', 'anthropic']).default('none').describe('none = deterministic planner only'),
  LLM_BASE_URL: z.url().optional().describe('OpenAI-compatible base URL (Ollama, vLLM, LM Studio, …)'),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().optional(),
});
export type AgentOrchestratorEnv = z.output<typeof AgentOrchestratorEnvSchema>;

/**
 * LangGraph query graph (understand → plan → act → compose) and the deterministic planner.
 * Serves `health.v1.agent-orchestrator.get` now; its domain subjects (agent.v1.query) arrive with issue #5.
 */
@Module({ imports: [ServiceHealthModule.forService('agent-orchestrator')] })
export class AgentOrchestratorModule {}
