import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ServiceHealthModule } from '@anime/platform-runtime';
import { AGENT_ENV, type AgentOrchestratorEnv } from './agent.env';
import { AskHandler } from './ask.handler';
import { DetailsHandlers } from './details.handlers';
import { MemoryConversationStore, RedisConversationStore, type ConversationStore } from './conversation.store';
import { CONVERSATION_STORE } from './tokens';

/**
 * The query graph (understand → plan → act → compose) behind `agent.v1.query.ask`, with
 * conversations (memory in embedded mode, Redis when REDIS_URL is set).
 */
@Module({})
export class AgentOrchestratorModule implements OnApplicationShutdown {
  constructor(@Inject(CONVERSATION_STORE) private readonly conversations: ConversationStore) {}

  static forRoot(env: AgentOrchestratorEnv): DynamicModule {
    return {
      module: AgentOrchestratorModule,
      imports: [ServiceHealthModule.forService('agent-orchestrator')],
      providers: [
        { provide: AGENT_ENV, useValue: env },
        {
          provide: CONVERSATION_STORE,
          useFactory: (): ConversationStore =>
            env.REDIS_URL
              ? new RedisConversationStore(env.REDIS_URL, env.CONVERSATION_TTL_S, env.CONVERSATION_MAX_TURNS)
              : new MemoryConversationStore(env.CONVERSATION_TTL_S, env.CONVERSATION_MAX_TURNS),
        },
        AskHandler,
        DetailsHandlers,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.conversations.close();
  }
}
