import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_CONTRACTS, SERVICE_NAMES } from '@anime/contracts';
import { InProcessTransport, RpcClient, RpcServer } from '@anime/platform-messaging';
import { CheckServicesUseCase } from './check-services.usecase';
import { GatewayEnvSchema } from './gateway.env';

/**
 * Readiness under load (issue #15: /health/ready flapped to 503 when a busy agent missed its
 * health ping, pulling healthy pods out of service). Real in-process transport and RPC server;
 * the agent's health handler is made slow on purpose; the clock is injected.
 */
describe('CheckServicesUseCase readiness: busy is not down', () => {
  const transport = new InProcessTransport();
  const server = new RpcServer({ transport, queue: 'test', subjectPrefix: 'ready-test' });
  const client = new RpcClient({ transport, caller: 'gateway', subjectPrefix: 'ready-test' });
  const env = GatewayEnvSchema.parse({ HEALTH_TIMEOUT_MS: '50', HEALTH_BUSY_GRACE_MS: '60000' });
  let agentBusy = false;

  beforeAll(() => {
    for (const name of SERVICE_NAMES) {
      if (name === 'ingest') continue; // not running at all: no responders
      server.register(HEALTH_CONTRACTS[name], async () => {
        if (name === 'agent-orchestrator' && agentBusy) await new Promise((r) => setTimeout(r, 200));
        return { service: name, status: 'up' as const, version: 't', instanceId: 'i', uptimeSeconds: 1, checks: [] };
      });
    }
    server.start();
  });
  afterAll(async () => {
    await server.stop(500);
    await transport.close();
  });

  it('stays ready while a required service that answered recently misses its ping, and says it is busy', async () => {
    const checks = new CheckServicesUseCase(client, env);
    let now = 1_000_000;
    checks.now = () => now;
    const first = await checks.execute();
    expect(checks.notReadyReasons(first)).toEqual([]);
    expect(first.down).toEqual(['ingest']); // not required: only degrades

    agentBusy = true;
    now += 30_000;
    const busy = await checks.execute();
    expect(busy.services.find((s) => s.name === 'agent-orchestrator')).toMatchObject({ status: 'down', error: { code: 'DEADLINE_EXCEEDED' } });
    expect(checks.busyServices(busy)).toEqual(['agent-orchestrator']);
    expect(checks.notReadyReasons(busy)).toEqual([]);

    // Silent for longer than the grace period: now it counts.
    now += 60_001;
    const gone = await checks.execute();
    expect(checks.busyServices(gone)).toEqual([]);
    expect(checks.notReadyReasons(gone)).toEqual(['required service agent-orchestrator is not reachable']);
    agentBusy = false;
  });

  it('is not ready at once when a required service has never answered, or has no responders', async () => {
    const strictEnv = GatewayEnvSchema.parse({ HEALTH_TIMEOUT_MS: '50', GATEWAY_REQUIRED_SERVICES: 'vector-search,ingest' });
    const checks = new CheckServicesUseCase(client, strictEnv);
    const health = await checks.execute();
    expect(health.services.find((s) => s.name === 'ingest')).toMatchObject({ status: 'down', error: { code: 'SERVICE_UNAVAILABLE' } });
    expect(checks.notReadyReasons(health)).toEqual(['required service ingest is not reachable']);
  });
});
