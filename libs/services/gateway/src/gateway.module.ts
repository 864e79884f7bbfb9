import { Module, type DynamicModule } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { ApiKeyGuard } from './api-key.guard';
import { CheckServicesUseCase } from './check-services.usecase';
import { GATEWAY_ENV, type GatewayEnv } from './gateway.env';
import { HealthController } from './health.controller';
import { GatewayRestModule } from './rest/rest.module';

/** The HTTP edge (REST now; MCP adapter with issue #4). Thin: validate, call contracts, map back. */
@Module({})
export class GatewayModule {
  static forRoot(env: GatewayEnv): DynamicModule {
    return {
      module: GatewayModule,
      imports: [GatewayRestModule.forRoot(env)],
      controllers: [HealthController, AdminController],
      providers: [{ provide: GATEWAY_ENV, useValue: env }, CheckServicesUseCase, ApiKeyGuard],
    };
  }
}
