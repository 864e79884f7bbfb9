import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayEnv } from '../gateway.env';

/** REST face of the tool registry: /api/tools/{name}, OpenAPI at /docs, rate limits. */
@Module({})
export class GatewayRestModule {
  static forRoot(_env: GatewayEnv): DynamicModule {
    return { module: GatewayRestModule, controllers: [], providers: [] };
  }
}
