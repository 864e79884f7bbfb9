export { AgentOrchestratorModule, AgentOrchestratorEnvSchema } from './agent-orchestrator.module';
export type { AgentOrchestratorEnv } from './agent-orchestrator.module';
