import { Inject, Injectable } from '@nestjs/common';
import { AppError, HEALTH_CONTRACTS, SERVICE_NAMES, type ServiceHealth, type ServiceName } from '@anime/contracts';
import { RpcClient } from '@anime/platform-messaging';
import { GATEWAY_ENV, type GatewayEnv } from './gateway.env';

export type ServiceStatus =
  | ({ name: ServiceName; status: 'up' | 'degraded'; latencyMs: number } & Omit<ServiceHealth, 'service' | 'status'>)
  | { name: ServiceName; status: 'down'; latencyMs: number; error: { code: string; message: string } };

export interface SystemHealth {
  status: 'ok' | 'degraded';
  mode: 'embedded' | 'distributed';
  transport: { kind: 'inprocess' | 'nats' | 'thread'; connected: boolean };
  services: ServiceStatus[];
  /** Services that did not answer (not running, or not reachable). */
  down: ServiceName[];
  checkedAt: string;
}

/**
 * Pings every service's health subject in parallel, each with a short deadline.
 *
 * Readiness vs saturation: a service that does not answer at all (no responders, connection
 * lost) is *down*; one that was up a moment ago and now misses the ping's deadline is *busy* — it
 * is working through a load spike, and pulling the gateway out of the load balancer for that
 * would only move the load elsewhere and flap. A busy service counts against readiness only once
 * it has not answered for HEALTH_BUSY_GRACE_MS.
 */
@Injectable()
export class CheckServicesUseCase {
  /** When each service last answered its health ping (ms, {@link now}). */
  private readonly lastUp = new Map<ServiceName, number>();
  /** The clock (tests replace it). */
  now: () => number = () => Date.now();

  constructor(
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async execute(): Promise<SystemHealth> {
    const services = await Promise.all(SERVICE_NAMES.map((name) => this.ping(name)));
    const down = services.filter((s) => s.status === 'down').map((s) => s.name);
    return {
      status: down.length === 0 && this.rpc.isConnected() ? 'ok' : 'degraded',
      mode: this.rpc.transportKind === 'nats' ? 'distributed' : 'embedded',
      transport: { kind: this.rpc.transportKind, connected: this.rpc.isConnected() },
      services,
      down,
      checkedAt: new Date().toISOString(),
    };
  }

  /**
   * Required services that missed the ping's deadline but answered within HEALTH_BUSY_GRACE_MS:
   * saturated, not gone (see the class comment).
   */
  busyServices(health: SystemHealth): ServiceName[] {
    const now = this.now();
    return health.services
      .filter((s) => s.status === 'down' && s.error.code === 'DEADLINE_EXCEEDED' && now - (this.lastUp.get(s.name) ?? -Infinity) <= this.env.HEALTH_BUSY_GRACE_MS)
      .map((s) => s.name);
  }

  /** Why the system cannot serve yet: required services down, or with a failing check (empty = ready). */
  notReadyReasons(health: SystemHealth): string[] {
    const reasons: string[] = [];
    const busy = new Set(this.busyServices(health));
    for (const name of this.env.GATEWAY_REQUIRED_SERVICES) {
      const status = health.services.find((s) => s.name === name);
      if (status && busy.has(name)) continue;
      if (!status || status.status === 'down') reasons.push(`required service ${name} is not reachable`);
      else for (const check of status.checks) if (check.status === 'down') reasons.push(`${name}: ${check.name}: ${check.detail ?? 'down'}`);
    }
    // When the catalog has no data, ingest's own "dataset" check says why (e.g. the download failed offline).
    if (reasons.length) {
      for (const status of health.services) {
        if (this.env.GATEWAY_REQUIRED_SERVICES.includes(status.name) || status.status === 'down') continue;
        for (const check of status.checks) if (check.name === 'dataset' && check.status === 'down') reasons.push(`${status.name}: ${check.detail ?? 'down'}`);
      }
    }
    return reasons;
  }

  private async ping(name: ServiceName): Promise<ServiceStatus> {
    const started = performance.now();
    try {
      const { service: _service, status, ...rest } = await this.rpc.call(HEALTH_CONTRACTS[name], {}, { timeoutMs: this.env.HEALTH_TIMEOUT_MS });
      this.lastUp.set(name, this.now());
      return { name, status, latencyMs: round(performance.now() - started), ...rest };
    } catch (error) {
      const { code, message } = error instanceof AppError ? error : { code: 'INTERNAL', message: String(error) };
      return { name, status: 'down', latencyMs: round(performance.now() - started), error: { code, message } };
    }
  }
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
