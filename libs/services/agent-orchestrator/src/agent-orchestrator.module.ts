import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ServiceHealthModule } from '@anime/platform-runtime';
import { LOGGER, type Logger } from '@anime/platform-observability';
import { AGENT_ENV, type AgentOrchestratorEnv } from './agent.env';
import { AskHandler } from './ask.handler';
import { DetailsHandlers } from './details.handlers';
import { Redis } from 'ioredis';
import { MemoryHashStore, RedisHashStore, type HashStore } from './conversation/hash-store';
import { LatestCheckpointSaver } from './conversation/latest-checkpoint-saver';
import { CONVERSATION_CHECKPOINTER } from './tokens';

const CONVERSATION_HASHES = Symbol('CONVERSATION_HASHES');

/**
 * The query graph (understand → plan → act → compose) behind `agent.v1.query.ask`, with
 * conversations as LangGraph threads (checkpointer over memory in embedded mode, Redis when
 * REDIS_URL is set; TTL and pruning either way).
 */
@Module({})
export class AgentOrchestratorModule implements OnApplicationShutdown {
  constructor(@Inject(CONVERSATION_HASHES) private readonly hashes: HashStore) {}

  static forRoot(env: AgentOrchestratorEnv): DynamicModule {
    return {
      module: AgentOrchestratorModule,
      imports: [ServiceHealthModule.forService('agent-orchestrator')],
      providers: [
        { provide: AGENT_ENV, useValue: env },
        {
          provide: CONVERSATION_HASHES,
          inject: [LOGGER],
          useFactory: (logger: Logger): HashStore => {
            if (!env.REDIS_URL) return new MemoryHashStore({ ttlSeconds: env.CONVERSATION_TTL_S, maxKeys: env.CONVERSATION_MAX_SESSIONS });
            const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 });
            // ioredis reports reconnects as 'error' events; a session call during the gap fails with a clear error.
            redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'conversation redis error'));
            return new RedisHashStore(redis, env.CONVERSATION_TTL_S);
          },
        },
        { provide: CONVERSATION_CHECKPOINTER, useFactory: (hashes: HashStore) => new LatestCheckpointSaver(hashes), inject: [CONVERSATION_HASHES] },
        AskHandler,
        DetailsHandlers,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.hashes.close();
  }
}
