import { runThread } from '@anime/platform-runtime';
import { AgentOrchestratorModule } from '@anime/service-agent-orchestrator';
import { EnvSchema } from './env';

// The agent of the embedded app on its own worker thread (started by standalone's `threads`).
runThread({ app: 'standalone', envSchema: EnvSchema, processHealth: false, modules: (env) => [AgentOrchestratorModule.forRoot(env)] });
