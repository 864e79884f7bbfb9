import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, METRICS, type Logger, type Metrics } from '@anime/platform-observability';
import { buildVersion } from '@anime/platform-runtime';
import { GATEWAY_ENV, type GatewayEnv } from '../gateway.env';
import { TOOLS } from '../tools/tool-registry';
import { ADMISSION, AdmissionMiddleware, admissionMetrics, type AdmissionState } from './admission.middleware';
import { ClientRateLimiter } from './client-rate-limiter';
import { ConcurrencyGate } from './concurrency-gate';
import { DocsController, OPENAPI_DOCUMENT } from './docs.controller';
import { buildOpenApiDocument } from './openapi.builder';
import { ToolsController } from './tools.controller';

/** The limiters (one Redis connection between them when REDIS_URL is set) and gates of this gateway. */
function admissionState(env: GatewayEnv, logger: Logger, metrics: Metrics): AdmissionState {
  const clients = new ClientRateLimiter({ points: env.RATE_LIMIT_POINTS, windowS: env.RATE_LIMIT_WINDOW_S, redisUrl: env.REDIS_URL, keyPrefix: env.RATE_LIMIT_REDIS_PREFIX, logger });
  const gates = {
    agent: new ConcurrencyGate({ concurrency: env.AGENT_CONCURRENCY, queue: env.AGENT_QUEUE, maxWaitMs: env.ADMISSION_QUEUE_WAIT_MS }),
    lookup: new ConcurrencyGate({ concurrency: env.LOOKUP_CONCURRENCY, queue: env.LOOKUP_QUEUE, maxWaitMs: env.ADMISSION_QUEUE_WAIT_MS }),
  };
  const shared = { redisUrl: env.REDIS_URL, logger, shareConnectionOf: clients };
  return {
    clients,
    admin: new ClientRateLimiter({ ...shared, points: env.ADMIN_RATE_LIMIT_POINTS, windowS: 60, keyPrefix: `${env.RATE_LIMIT_REDIS_PREFIX}:admin` }),
    adminFailures: new ClientRateLimiter({
      ...shared,
      points: env.ADMIN_LOCKOUT_FAILURES,
      windowS: env.ADMIN_LOCKOUT_S,
      blockDurationS: env.ADMIN_LOCKOUT_S,
      keyPrefix: `${env.RATE_LIMIT_REDIS_PREFIX}:admin-fail`,
    }),
    gates,
    outcomes: admissionMetrics(metrics, gates),
  };
}

/** Closes the limiters' Redis connection with the app. */
class AdmissionShutdown implements OnApplicationShutdown {
  constructor(private readonly state: AdmissionState) {}
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.state.admin.close(), this.state.adminFailures.close(), this.state.clients.close()]);
  }
}

/**
 * REST face of the tool registry: `POST /api/tools/{name}`, `GET /api/tools`, OpenAPI at
 * `/docs/openapi.json` with Swagger UI at `/docs`, and per-client rate limits on the public
 * endpoints (memory, or Redis when REDIS_URL is set). Body limit, CORS and 405 are app-level
 * (runApp reads HTTP_BODY_LIMIT and CORS_ORIGINS from the same env).
 */
@Module({})
export class GatewayRestModule implements NestModule {
  static forRoot(env: GatewayEnv): DynamicModule {
    return {
      module: GatewayRestModule,
      controllers: [ToolsController, DocsController],
      providers: [
        { provide: GATEWAY_ENV, useValue: env },
        {
          provide: ADMISSION,
          inject: [LOGGER, METRICS],
          useFactory: (logger: Logger, metrics: Metrics): AdmissionState => admissionState(env, logger, metrics),
        },
        {
          provide: OPENAPI_DOCUMENT,
          useFactory: () => buildOpenApiDocument({ tools: TOOLS, version: buildVersion(), rateLimit: { points: env.RATE_LIMIT_POINTS, windowS: env.RATE_LIMIT_WINDOW_S } }),
        },
        { provide: AdmissionShutdown, inject: [ADMISSION], useFactory: (state: AdmissionState) => new AdmissionShutdown(state) },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Every route; the middleware itself picks the limited prefixes (also routes other modules
    // add later, such as /mcp).
    consumer.apply(AdmissionMiddleware).forRoutes('*');
  }
}
