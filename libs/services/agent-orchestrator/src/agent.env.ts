import { z } from 'zod';

/** Variables the agent orchestrator reads. */
export const AgentOrchestratorEnvSchema = z.object({
  LLM_PROVIDER: z.enum(['none', 'openai', 'anthropic']).default('none').describe('none = deterministic planner only'),
  LLM_BASE_URL: z.url().optional().describe('OpenAI-compatible base URL (Ollama, vLLM, LM Studio, …)'),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().optional(),
  LLM_FALLBACK_PROVIDER: z.enum(['none', 'openai', 'anthropic']).default('none').describe('Second provider of the chain (then the deterministic planner)'),
  LLM_FALLBACK_BASE_URL: z.url().optional(),
  LLM_FALLBACK_API_KEY: z.string().optional(),
  LLM_FALLBACK_MODEL: z.string().optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  LLM_MAX_STEPS: z.coerce.number().int().min(1).max(20).default(6),
  LLM_COST_INPUT_PER_MTOK: z.coerce.number().min(0).default(0).describe('USD per million input tokens (for the cost metric)'),
  LLM_COST_OUTPUT_PER_MTOK: z.coerce.number().min(0).default(0).describe('USD per million output tokens'),
  AGENT_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(8_000).describe('Overall deadline of one query; partial results after it'),
  CONVERSATION_TTL_S: z.coerce.number().int().min(60).default(86_400).describe('How long a session is kept'),
  CONVERSATION_MAX_TURNS: z.coerce.number().int().min(1).max(200).default(20),
  CONVERSATION_MAX_SESSIONS: z.coerce.number().int().min(100).default(10_000).describe('Embedded mode: sessions kept in memory (least recently used dropped first)'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional().describe('Conversations in Redis (distributed); unset = memory'),
  CLOCK_NOW: z.iso.datetime({ offset: true }).optional().describe('TEST ONLY: the planner\'s "now" ("tomorrow", "friday") frozen at this instant; never set in production'),
});
export type AgentOrchestratorEnv = z.output<typeof AgentOrchestratorEnvSchema>;
export const AGENT_ENV = Symbol('AGENT_ENV');
