import { Module, type DynamicModule, type InjectionToken, type OnModuleInit, type Provider } from '@nestjs/common';
import { HEALTH_CONTRACTS, type ServiceHealth, type ServiceName } from '@anime/contracts';
import { RpcServer } from '@anime/platform-messaging';
import { INSTANCE_ID, PROCESS_STARTED_AT, buildVersion } from './service-info';

/** A check a service adds to its health answer (dataset loaded, breaker closed, …). */
export interface HealthCheck {
  name: string;
  run(): Promise<HealthCheckResult> | HealthCheckResult;
}

/** What a check found; `stats` carries the numbers behind it (shown by the admin console). */
export interface HealthCheckResult {
  status: 'up' | 'degraded' | 'down';
  detail?: string;
  stats?: Record<string, number>;
}

const VERSION = buildVersion();

/** Answers `health.v1.<service>.get` for one service module. */
class ServiceHealthResponder implements OnModuleInit {
  constructor(
    private readonly service: ServiceName,
    private readonly server: RpcServer,
    private readonly checks: HealthCheck[],
  ) {}

  onModuleInit(): void {
    this.server.register(HEALTH_CONTRACTS[this.service], () => this.report());
  }

  async report(): Promise<ServiceHealth> {
    const results = await Promise.all(
      this.checks.map(async (check) => {
        try {
          return { name: check.name, ...(await check.run()) };
        } catch (error) {
          return { name: check.name, status: 'down' as const, detail: (error as Error).message };
        }
      }),
    );
    return {
      service: this.service,
      status: results.every((r) => r.status === 'up') ? 'up' : 'degraded',
      version: VERSION,
      instanceId: INSTANCE_ID,
      uptimeSeconds: (Date.now() - PROCESS_STARTED_AT) / 1000,
      checks: results,
    };
  }
}

/**
 * A provider answering the service's health subject with checks built from the module's own
 * providers: `serviceHealthProvider('vector-search', [CatalogState], (state) => [check])`.
 */
export function serviceHealthProvider<D extends unknown[]>(
  service: ServiceName,
  inject: { [K in keyof D]: InjectionToken },
  checks: (...deps: D) => HealthCheck[],
): Provider {
  return {
    provide: Symbol(`health:${service}`),
    inject: [RpcServer, ...inject],
    useFactory: (server: RpcServer, ...deps: unknown[]) => new ServiceHealthResponder(service, server, checks(...(deps as D))),
  };
}

/** Import once per service module without checks of its own: `ServiceHealthModule.forService('ingest')`. */
@Module({})
export class ServiceHealthModule {
  static forService(service: ServiceName, checks: HealthCheck[] = []): DynamicModule {
    const token = Symbol(`health:${service}`);
    return {
      module: ServiceHealthModule,
      providers: [
        {
          provide: token,
          inject: [RpcServer],
          useFactory: (server: RpcServer) => new ServiceHealthResponder(service, server, checks),
        },
      ],
    };
  }
}

