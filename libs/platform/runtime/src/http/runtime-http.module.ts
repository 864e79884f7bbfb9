import { Controller, Get, Header, Inject, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ServiceUnavailableError } from '@anime/contracts';
import { METRICS, exposition, type Metrics } from '@anime/platform-observability';
import { RPC_TRANSPORT, type RawTransport } from '@anime/platform-messaging';
import { ProblemJsonFilter } from './problem-json.filter';
import { INSTANCE_ID, PROCESS_STARTED_AT } from '../service-info';

@Controller()
class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: Metrics) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async metricsText(): Promise<string> {
    return exposition(this.metrics);
  }
}

/** Liveness/readiness of a service process itself (k8s probes); the gateway serves its own aggregate. */
@Controller('health')
class ProcessHealthController {
  constructor(@Inject(RPC_TRANSPORT) private readonly transport: RawTransport) {}

  @Get()
  live(): { status: 'ok'; instanceId: string; uptimeSeconds: number } {
    return { status: 'ok', instanceId: INSTANCE_ID, uptimeSeconds: (Date.now() - PROCESS_STARTED_AT) / 1000 };
  }

  @Get('ready')
  ready(): { status: 'ready'; transport: string } {
    if (!this.transport.isConnected()) throw new ServiceUnavailableError('Not connected to the message broker');
    return { status: 'ready', transport: this.transport.kind };
  }
}

/**
 * HTTP pieces every app shares: problem+json errors, /metrics and (optionally) /health. Request
 * ids, CORS and body parsing are Express-level (`applyHttpSettings`), ahead of every route.
 */
@Module({})
export class RuntimeHttpModule {
  static forRoot(options: { processHealth: boolean }): DynamicModule {
    return {
      module: RuntimeHttpModule,
      controllers: options.processHealth ? [MetricsController, ProcessHealthController] : [MetricsController],
      providers: [{ provide: APP_FILTER, useClass: ProblemJsonFilter }],
    };
  }
}
