export { AgentOrchestratorModule } from './agent-orchestrator.module';
export { AgentOrchestratorEnvSchema } from './agent.env';
export type { AgentOrchestratorEnv } from './agent.env';
export { createQueryGraph } from './query.graph';
export { MemoryConversationStore, RedisConversationStore } from './conversation.store';
export type { ConversationStore, ConversationTurn } from './conversation.store';
