import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

/** DI tokens for the app's logger and metrics. */
export const LOGGER = Symbol('LOGGER');
export const METRICS = Symbol('METRICS');

/** Makes the app's pino logger and metrics registry injectable everywhere. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: { logger: Logger; metrics: Metrics }): DynamicModule {
    return {
      module: ObservabilityModule,
      providers: [
        { provide: LOGGER, useValue: options.logger },
        { provide: METRICS, useValue: options.metrics },
      ],
      exports: [LOGGER, METRICS],
    };
  }
}
