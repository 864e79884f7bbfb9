export { AgentOrchestratorModule } from './agent-orchestrator.module';
export { AgentOrchestratorEnvSchema } from './agent.env';
export type { AgentOrchestratorEnv } from './agent.env';
export { createQueryGraph } from './query.graph';
export type { QueryState, TraceStep } from './query.graph';
export { reasonWithModel, ProviderFailedError } from './llm/llm-reasoner';
export type { NamedModel, ToolCallingModel } from './llm/llm-reasoner';
export { MemoryConversationStore, RedisConversationStore } from './conversation.store';
export type { ConversationStore, ConversationTurn } from './conversation.store';
