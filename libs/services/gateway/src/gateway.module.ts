import { Module, type DynamicModule } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { ApiKeyGuard } from './api-key.guard';
import { CheckServicesUseCase } from './check-services.usecase';
import { GATEWAY_ENV, type GatewayEnv } from './gateway.env';
import { HealthController } from './health.controller';
import { McpHttpController } from './mcp/mcp-http.controller';
import { QueryController } from './query/query.controller';
import { GatewayRestModule } from './rest/rest.module';
import { WebConsoleController } from './web/web-console.controller';

/**
 * HTTP options every app that mounts the gateway passes to runApp: /mcp speaks JSON-RPC, so a
 * body it cannot read is a JSON-RPC error there (-32700), not a REST problem.
 */
export const GATEWAY_HTTP_OPTIONS = { jsonRpcPaths: ['/mcp'] } as const;

/** The edge: REST (tools, admin, health) and the MCP adapter (/mcp). Thin: validate, call contracts, map back. */
@Module({})
export class GatewayModule {
  static forRoot(env: GatewayEnv & { HOST?: string }): DynamicModule {
    return {
      module: GatewayModule,
      imports: [GatewayRestModule.forRoot(env)],
      controllers: [HealthController, AdminController, McpHttpController, QueryController, WebConsoleController],
      providers: [{ provide: GATEWAY_ENV, useValue: env }, CheckServicesUseCase, ApiKeyGuard],
    };
  }
}
