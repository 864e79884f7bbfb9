import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { initTelemetry } from '@anime/platform-observability';
import { runApp, type RunningApp } from '@anime/platform-runtime';
import { AgentOrchestratorEnvSchema, AgentOrchestratorModule } from '@anime/service-agent-orchestrator';
import { GatewayEnvSchema, GatewayModule } from '@anime/service-gateway';
import { IngestEnvSchema, IngestModule } from '@anime/service-ingest';
import { VectorSearchEnvSchema, VectorSearchModule } from '@anime/service-vector-search';
import { assertReachable, testNatsUrl, uniquePrefix, writeSampleRelease } from '@anime/testing';

// One trace from the gateway's HTTP request through the orchestrator to the catalog, across
// real NATS hops. The three "services" share this process only so one in-memory exporter sees
// every span; each has its own NATS connection, exactly as separate processes would.
const exporter = new InMemorySpanExporter();
initTelemetry({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

const Base = RuntimeEnvSchema.extend({ PORT: z.coerce.number().default(0) });

describe('tracing across NATS', () => {
  const apps: RunningApp[] = [];
  let gateway: RunningApp;

  beforeAll(async () => {
    await assertReachable(testNatsUrl(), 'NATS');
    const dir = mkdtempSync(join(tmpdir(), 'tracing-'));
    const env = { LOG_LEVEL: 'silent', TRANSPORT: 'nats', NATS_URL: testNatsUrl(), SUBJECT_PREFIX: uniquePrefix('tracing'), DATA_DIR: join(dir, 'data'), ANIME_DB_SOURCE: writeSampleRelease(join(dir, 'release.json')), CATALOG_RELOAD_POLL_MS: '0' };
    apps.push(await runApp({ app: 'catalog', envSchema: Base.extend(IngestEnvSchema.shape).extend(VectorSearchEnvSchema.shape), processHealth: true, modules: (e) => [IngestModule.forRoot(e), VectorSearchModule.forRoot(e)] }, env));
    apps.push(await runApp({ app: 'agent-orchestrator', envSchema: Base.extend(AgentOrchestratorEnvSchema.shape), processHealth: true, modules: (e) => [AgentOrchestratorModule.forRoot(e)] }, env));
    gateway = await runApp({ app: 'gateway', envSchema: Base.extend(GatewayEnvSchema.shape), processHealth: false, modules: (e) => [GatewayModule.forRoot(e)] }, env);
    const deadline = Date.now() + 20_000;
    while (!(await fetch(`${gateway.url}/api/tools/anime_catalog_stats`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.ok, () => false))) {
      if (Date.now() > deadline) throw new Error('catalog not ready');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    for (const app of apps) await app.close();
  });

  it('continues the caller’s trace through gateway → agent → catalog, parent by parent', async () => {
    exporter.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${gateway.url}/api/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ query: 'Dandadan' }),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => exporter.getFinishedSpans().some((s) => s.name === 'HTTP POST /api/query')).toBe(true);
    const spans = exporter.getFinishedSpans();
    const byName = (name: string) => spans.find((s) => s.name === name);
    const http = byName('HTTP POST /api/query');
    const askClient = byName('rpc.client agent.v1.query.ask');
    const askServer = byName('rpc.server agent.v1.query.ask');
    const searchClient = byName('rpc.client catalog.v1.anime.search');
    const searchServer = byName('rpc.server catalog.v1.anime.search');
    for (const span of [http, askClient, askServer, searchClient, searchServer]) expect(span?.spanContext().traceId).toBe(traceId);
    // Each hop is the child of the previous one (the NATS headers carried the context).
    expect(http?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(askClient?.parentSpanContext?.spanId).toBe(http?.spanContext().spanId);
    expect(askServer?.parentSpanContext?.spanId).toBe(askClient?.spanContext().spanId);
    expect(searchClient?.parentSpanContext?.spanId).toBe(askServer?.spanContext().spanId);
    expect(searchServer?.parentSpanContext?.spanId).toBe(searchClient?.spanContext().spanId);
  });
});
