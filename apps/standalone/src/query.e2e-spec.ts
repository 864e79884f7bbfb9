import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntoTemp, spawnApp, type SpawnedApp, writeSampleRelease } from '@anime/testing';

interface Answer {
  answer: string;
  items: Array<{ id: string; title: string; type: string; why?: string }>;
  plan?: { intent: string; text?: string; filters: Record<string, unknown> };
  warnings: string[];
  session_id: string;
  execution_id: string;
  answered_by: string;
  timings: Record<string, number>;
}

/** `npm start` on the real 2025 sample, ready to answer; info logs kept (the tests read its startup lines). */
async function startOnSample(agentThread: 'on' | 'off'): Promise<SpawnedApp> {
  const dir = mkdtempSync(join(tmpdir(), `query-${agentThread}-`));
  const release = join(dir, 'release.json');
  writeSampleRelease(release, '2025-07-21');
  return spawnApp({ distDir: buildIntoTemp(), app: 'standalone', readyPath: '/health/ready', timeoutMs: 40_000, env: { DATA_DIR: join(dir, 'data'), ANIME_DB_SOURCE: release, AGENT_THREAD: agentThread, LOG_LEVEL: 'info' } });
}

// /api/query and /api/batch of `npm start` on the real 2025 sample.
describe('natural-language queries (embedded, real sample)', () => {
  let app: SpawnedApp;
  // The agent on its own worker thread (what `npm start` does on a machine with a second core).
  beforeAll(async () => (app = await startOnSample('on')), 60_000);
  afterAll(async () => app?.stop());

  const ask = async (body: unknown): Promise<Answer> => {
    const res = await fetch(`${app.url}/api/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return (await res.json()) as Answer;
  };

  it('answers a title with that entry first, by the deterministic planner', async () => {
    const answer = await ask({ query: 'Dandadan', options: { explain: true } });
    expect(answer.items[0]).toMatchObject({ id: 'mal:57334', title: 'Dandadan' });
    expect(answer).toMatchObject({ answered_by: 'deterministic-planner', plan: { intent: 'search' } });
    expect(answer.answer).toContain('Dandadan');
    expect(Object.keys(answer.timings)).toEqual(expect.arrayContaining(['understand', 'act', 'compose', 'total']));
  });

  it('answers a structured query by id without understanding', async () => {
    const answer = await ask({ query: { anime_id: 'https://anilist.co/anime/171018', fields: [] } });
    expect(answer.items).toEqual([expect.objectContaining({ id: 'mal:57334' })]);
  });

  it('answers "anime like X" from the similarity service, each item with its why, X itself left out', async () => {
    const answer = await ask({ query: 'anime like Jujutsu Kaisen', options: { explain: true } });
    expect(answer.plan?.intent).toBe('similar');
    expect(answer.items.length).toBeGreaterThan(0);
    expect(answer.items.map((i) => i.id)).not.toContain('mal:40748');
    for (const item of answer.items) expect(item.why).toMatch(/\S/);
    // No CLIP model here: the answer says the vectors were not used (tags and relations were).
    expect(answer.warnings.join('\n')).toMatch(/vector|CLIP|semantic|model/i);
  });

  it('keeps a conversation: "the first one" refers to the previous answer', async () => {
    const first = await ask({ query: 'Dandadan' });
    const followUp = await ask({ query: 'tell me more about the first one', session_id: first.session_id });
    expect(followUp.session_id).toBe(first.session_id);
    expect(followUp.items[0]?.id).toBe('mal:57334');
    const conversation = await (await fetch(`${app.url}/api/conversation/${first.session_id}`)).json();
    expect((conversation as { turns: unknown[] }).turns).toHaveLength(2);
    expect((await fetch(`${app.url}/api/conversation/nosuchsession123`)).status).toBe(404);
  });

  it('runs a batch of 50 mixed queries, each answered', async () => {
    const pool = ['Dandadan', 'death note', 'one piece', 'movies', 'TV series from the 2010s', 'mal:1535', 'top 3 highly rated anime', 'dragon ball', 'anime like Death Note', 'stats'];
    const queries = Array.from({ length: 50 }, (_, i) => pool[i % pool.length] as string);
    const res = await fetch(`${app.url}/api/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queries }) });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: Array<{ ok: boolean; result?: Answer }> };
    expect(results).toHaveLength(50);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results[0]?.result?.items[0]?.id).toBe('mal:57334');
    // In input order across the chunks: each answer belongs to its own question.
    for (let i = 0; i < 50; i += pool.length) {
      expect(results[i]?.result?.items[0]?.id).toBe('mal:57334'); // Dandadan
      expect(results[i + 1]?.result?.items[0]?.title).toBe('Death Note');
      expect(results[i + 5]?.result?.items[0]?.id).toBe('mal:1535');
      expect(results[i + 9]?.result?.answer).toMatch(/^The catalog holds \d+ anime/);
    }
    expect(new Set(results.map((r) => r.result?.execution_id)).size).toBe(50);
    expect(new Set(results.map((r) => r.result?.session_id)).size).toBe(50);
    const tooBig = await fetch(`${app.url}/api/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queries: Array.from({ length: 101 }, () => 'x') }) });
    expect(tooBig.status).toBe(413);
  });

  it('streams over SSE: started, plan, items, done', async () => {
    const res = await fetch(`${app.url}/api/query`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query: 'death note' }) });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events).toEqual(['started', 'plan', 'items', 'done']);
    expect(text).toContain('Death Note');
  });

  it('rejects a malformed question with 400 and field details', async () => {
    const res = await fetch(`${app.url}/api/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [expect.objectContaining({ path: 'query' })] } });
  });

  it('runs the agent on its own worker thread of the one process: its metrics merged into /metrics once', async () => {
    expect(app.output()).toMatch(/"transport":"thread"[^\n]*"msg":"app started"/); // the agent's app, on the thread
    expect(app.output()).toMatch(/"threads":\["agent-orchestrator"\][^\n]*"msg":"app started"/);
    await ask({ query: 'Dandadan' });
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toMatch(/^agent_queries_total\{intent="search",answered_by="deterministic-planner",service="standalone"\} [1-9]/m);
    expect(text).toMatch(/^rpc_server_requests_total\{subject="agent\.v1\.query\.ask",service="standalone"\} [1-9]/m); // served on the thread
    expect(text).toMatch(/^rpc_server_requests_total\{subject="catalog\.v1\.anime\.search",service="standalone"\} [1-9]/m); // served on the main thread
    expect(text.match(/^# TYPE process_cpu_user_seconds_total /gm)).toHaveLength(1); // process metrics once, from the main thread
  });
});

describe('natural-language queries with the agent on the main thread (AGENT_THREAD=off)', () => {
  let app: SpawnedApp;
  beforeAll(async () => (app = await startOnSample('off')), 60_000);
  afterAll(async () => app?.stop());

  it('answers questions and batches the same way, with no thread', async () => {
    expect(app.output()).toMatch(/"threads":\[\][^\n]*"msg":"app started"/);
    const res = await fetch(`${app.url}/api/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queries: ['Dandadan', 'mal:1535', 'stats'] }) });
    const { results } = (await res.json()) as { results: Array<{ ok: boolean; result?: Answer }> };
    expect(results.map((r) => r.result?.items[0]?.id ?? r.result?.answer.slice(0, 17))).toEqual(['mal:57334', 'mal:1535', 'The catalog holds']);
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toMatch(/^rpc_server_requests_total\{subject="agent\.v1\.query\.ask-batch",service="standalone"\} [1-9]/m);
  });
});
