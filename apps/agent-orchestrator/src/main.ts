import { main } from '@anime/platform-runtime';
import { AgentOrchestratorModule } from '@anime/service-agent-orchestrator';
import { EnvSchema } from './env';

main({ app: 'agent-orchestrator', envSchema: EnvSchema, modules: (env) => [AgentOrchestratorModule.forRoot(env)], processHealth: true });
