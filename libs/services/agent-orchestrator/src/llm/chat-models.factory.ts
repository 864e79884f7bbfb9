import { ChatAnthropic } from '@langchain/anthropic';
import { ChatOpenAI } from '@langchain/openai';
import type { AgentOrchestratorEnv } from '../agent.env';
import type { NamedModel, ToolCallingModel } from './llm-reasoner';

interface ProviderConfig {
  provider: 'openai' | 'anthropic';
  baseUrl?: string;
  apiKey?: string;
  model?: string;
}

function create(config: ProviderConfig, env: AgentOrchestratorEnv): NamedModel {
  const common = { timeout: env.LLM_TIMEOUT_MS, maxRetries: env.LLM_MAX_RETRIES, temperature: 0 };
  if (config.provider === 'anthropic') {
    const model = config.model ?? 'claude-3-5-haiku-latest';
    return {
      name: `anthropic:${model}`,
      model: new ChatAnthropic({ ...common, model, apiKey: config.apiKey, ...(config.baseUrl ? { anthropicApiUrl: config.baseUrl } : {}) }) as unknown as ToolCallingModel,
    };
  }
  // OpenAI-compatible: OpenAI itself, or Ollama / vLLM / LM Studio through LLM_BASE_URL.
  const model = config.model ?? 'gpt-4o-mini';
  return {
    name: `openai:${model}`,
    model: new ChatOpenAI({ ...common, model, apiKey: config.apiKey ?? 'not-needed', configuration: config.baseUrl ? { baseURL: config.baseUrl } : undefined }) as unknown as ToolCallingModel,
  };
}

/** The provider chain from the environment: primary, then the optional fallback. Empty = none. */
export function createChatModels(env: AgentOrchestratorEnv): NamedModel[] {
  const chain: NamedModel[] = [];
  if (env.LLM_PROVIDER !== 'none') chain.push(create({ provider: env.LLM_PROVIDER, baseUrl: env.LLM_BASE_URL, apiKey: env.LLM_API_KEY, model: env.LLM_MODEL }, env));
  if (env.LLM_FALLBACK_PROVIDER !== 'none') {
    chain.push(create({ provider: env.LLM_FALLBACK_PROVIDER, baseUrl: env.LLM_FALLBACK_BASE_URL, apiKey: env.LLM_FALLBACK_API_KEY, model: env.LLM_FALLBACK_MODEL }, env));
  }
  return chain;
}
