import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CheckServicesUseCase, type SystemHealth } from './check-services.usecase';

/** System health as the gateway sees it: every service, reachable or not. */
@Controller('health')
export class HealthController {
  constructor(private readonly checkServices: CheckServicesUseCase) {}

  /** Liveness + overview: always 200 while the gateway runs; names the services that are down. */
  @Get()
  async health(): Promise<SystemHealth> {
    return this.checkServices.execute();
  }

  /** Readiness: 503 with the reasons until the broker is connected and required services answer. */
  @Get('ready')
  async ready(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: 'ready' | 'not-ready'; reasons: string[]; degraded: string[]; health: SystemHealth }> {
    const health = await this.checkServices.execute();
    const reasons = [
      ...(health.transport.connected ? [] : ['not connected to the message broker']),
      ...this.checkServices.notReadyReasons(health),
    ];
    if (reasons.length) res.status(503);
    // Still serving, with reduced function (e.g. Redis away → per-process limits and caches).
    const degraded = [
      ...health.services.flatMap((s) => (s.status === 'degraded' ? s.checks.filter((c) => c.status !== 'up').map((c) => `${s.name}: ${c.name}: ${c.detail ?? c.status}`) : [])),
      ...this.checkServices.busyServices(health).map((name) => `${name}: busy (missed its health ping under load; it answered recently)`),
    ];
    return { status: reasons.length ? 'not-ready' : 'ready', reasons, degraded, health };
  }
}
