import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntoTemp, spawnApp, type SpawnedApp, writeSampleRelease } from '@anime/testing';

/**
 * A local OpenAI-compatible endpoint (what Ollama, vLLM and LM Studio expose) at the process edge:
 * the first completion asks for a search_anime tool call, the second answers in words. Everything
 * else — the real @langchain/openai client, the graph, the catalog — runs for real.
 */
describe('LLM_PROVIDER=openai against an OpenAI-compatible server (embedded)', () => {
  const requests: Array<{ messages: Array<{ role: string; content?: unknown }>; tools?: Array<{ function: { name: string } }> }> = [];
  let llm: Server;
  let app: SpawnedApp;

  beforeAll(async () => {
    llm = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const parsed = JSON.parse(body) as (typeof requests)[number];
        requests.push(parsed);
        const first = !parsed.messages.some((m) => m.role === 'tool');
        const message = first
          ? { role: 'assistant', content: 'Looking it up.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'search_anime', arguments: JSON.stringify({ text: 'dandadan', limit: 3 }) } }] }
          : { role: 'assistant', content: 'Dandadan (2024, TV) is the one with aliens and ghosts.' };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `chatcmpl-${requests.length}`, object: 'chat.completion', created: 1764000000, model: 'local-model', choices: [{ index: 0, message, finish_reason: first ? 'tool_calls' : 'stop' }], usage: { prompt_tokens: 321, completion_tokens: 12, total_tokens: 333 } }));
      });
    });
    await new Promise<void>((done) => llm.listen(0, '127.0.0.1', done));
    const dir = mkdtempSync(join(tmpdir(), 'llm-e2e-'));
    const release = join(dir, 'release.json');
    writeSampleRelease(release, '2025-07-21');
    app = await spawnApp({
      distDir: buildIntoTemp(),
      app: 'standalone',
      env: {
        DATA_DIR: join(dir, 'data'),
        ANIME_DB_SOURCE: release,
        LLM_PROVIDER: 'openai',
        LLM_BASE_URL: `http://127.0.0.1:${(llm.address() as AddressInfo).port}/v1`,
        LLM_MODEL: 'local-model',
        LLM_API_KEY: 'test-key',
      },
      readyPath: '/health/ready',
      timeoutMs: 40_000,
    });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    llm?.close();
  });

  it('answers through the model, which called the catalog tool, and says which provider answered', async () => {
    const res = await fetch(`${app.url}/api/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'dark supernatural anime with aliens and ghosts from the 2020s', options: { explain: true } }),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { answer: string; answered_by: string; items: Array<{ id: string }>; trace: Array<{ node: string; detail?: { steps?: Array<{ tool: string; ok: boolean }> } }> };
    expect(answer.answered_by).toBe('openai:local-model');
    expect(answer.answer).toBe('Dandadan (2024, TV) is the one with aliens and ghosts.');
    expect(answer.items[0]?.id).toBe('mal:57334');
    expect(answer.trace.find((t) => t.node === 'reason')?.detail?.steps).toEqual([expect.objectContaining({ tool: 'search_anime', ok: true })]);
    // The model was offered the registry's tools and got the tool result back.
    expect(requests[0]?.tools?.map((t) => t.function.name)).toEqual(expect.arrayContaining(['search_anime', 'get_anime', 'get_anime_details']));
    expect(JSON.stringify(requests[1]?.messages.at(-1))).toContain('mal:57334');
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/agent_llm_tokens_total\{[^}]*provider="openai:local-model"[^}]*direction="input"[^}]*\} 642/);
  });

  it('keeps plain titles on the fast path (the model is not asked)', async () => {
    const before = requests.length;
    const res = await fetch(`${app.url}/api/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'Dandadan' }) });
    expect(((await res.json()) as { answered_by: string }).answered_by).toBe('deterministic-planner');
    expect(requests.length).toBe(before);
  });
});
