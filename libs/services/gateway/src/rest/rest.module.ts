import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { LOGGER, type Logger } from '@anime/platform-observability';
import { buildVersion } from '@anime/platform-runtime';
import type { GatewayEnv } from '../gateway.env';
import { TOOLS } from '../tools/tool-registry';
import { CLIENT_RATE_LIMITER, ClientRateLimiter } from './client-rate-limiter';
import { DocsController, OPENAPI_DOCUMENT } from './docs.controller';
import { buildOpenApiDocument } from './openapi.builder';
import { RateLimitMiddleware } from './rate-limit.middleware';
import { ToolsController } from './tools.controller';

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
        {
          provide: CLIENT_RATE_LIMITER,
          inject: [LOGGER],
          useFactory: (logger: Logger) =>
            new ClientRateLimiter({
              points: env.RATE_LIMIT_POINTS,
              windowS: env.RATE_LIMIT_WINDOW_S,
              redisUrl: env.REDIS_URL,
              keyPrefix: env.RATE_LIMIT_REDIS_PREFIX,
              logger,
            }),
        },
        {
          provide: OPENAPI_DOCUMENT,
          useFactory: () => buildOpenApiDocument({ tools: TOOLS, version: buildVersion(), rateLimit: { points: env.RATE_LIMIT_POINTS, windowS: env.RATE_LIMIT_WINDOW_S } }),
        },
        RateLimitMiddleware,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Every route; the middleware itself picks the limited prefixes (also routes other modules
    // add later, such as /mcp).
    consumer.apply(RateLimitMiddleware).forRoutes('*');
  }
}
