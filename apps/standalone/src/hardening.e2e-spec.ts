import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntoTemp, expectEvery, spawnApp, type SpawnedApp, writeSampleRelease } from '@anime/testing';

/**
 * Issue #15's attacks, replayed against a spawned embedded process (the real HTTP stack). Each
 * test reproduces what broke; the crash tests fail on the code before the fix (the process died).
 */
const ADMIN_KEY = 'hardening-admin-key-0001';
const dir = mkdtempSync(join(tmpdir(), 'hardening-'));
const release = writeSampleRelease(join(dir, 'anime-offline-database-minified.json'));
let distDir: string;
let app: SpawnedApp;

const alive = async (): Promise<boolean> => {
  if (app.process.exitCode !== null) return false;
  return (await fetch(`${app.url}/health`)).status === 200;
};

/** Sends raw bytes on a fresh socket; `end: false` leaves the request unfinished and then destroys the socket. */
function rawRequest(head: string, body: Buffer | string, options: { end: boolean; waitMs?: number }): Promise<string> {
  const { port } = new URL(app.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.write(head);
    socket.write(body);
    if (options.end) socket.end();
    else setTimeout(() => socket.destroy(), options.waitMs ?? 100);
  });
}

const mcp = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}/mcp`, { method: 'POST', body, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } });

/** The JSON-RPC message of an /mcp answer (JSON, or the first SSE `data:` line). */
async function rpcOf(res: Response): Promise<{ error?: { code: number; message: string }; result?: unknown }> {
  const text = await res.text();
  const data = text.startsWith('{') ? text : (/^data: (.*)$/m.exec(text)?.[1] ?? '{}');
  return JSON.parse(data) as { error?: { code: number; message: string } };
}

beforeAll(async () => {
  distDir = buildIntoTemp();
  app = await spawnApp({
    distDir,
    app: 'standalone',
    readyPath: '/health/ready',
    timeoutMs: 60_000,
    env: {
      DATA_DIR: join(dir, 'data'),
      ANIME_DB_SOURCE: release,
      ADMIN_API_KEYS: ADMIN_KEY,
      RATE_LIMIT_POINTS: '40',
      RATE_LIMIT_WINDOW_S: '3600',
      ADMIN_LOCKOUT_FAILURES: '3',
      ADMIN_LOCKOUT_S: '3600',
      AGENT_CONCURRENCY: '1',
      AGENT_QUEUE: '0',
      LOG_LEVEL: 'info',
    },
  });
}, 90_000);
afterAll(async () => app?.stop());

describe('hardening (issue #15) against the embedded process', () => {
  it('1. survives an image part that never closes, on both image tools, and answers 400', async () => {
    const body = '--abc\r\nContent-Disposition: form-data; name="image"; filename="a"\r\n\r\nxx';
    for (const tool of ['search_anime_by_image', 'search_multimodal_anime']) {
      const res = await fetch(`${app.url}/api/tools/${tool}`, { method: 'POST', body, headers: { 'content-type': 'multipart/form-data; boundary=abc' } });
      expect(res.status, tool).toBe(400);
      expect(((await res.json()) as { message: string }).message).toContain('Malformed multipart body');
      expect(await alive()).toBe(true);
    }
  });

  it('1. survives clients that leave mid-upload (multipart and chunked JSON bodies)', async () => {
    const multipartHead =
      'POST /api/tools/search_anime_by_image HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=zz\r\nContent-Length: 100000\r\n\r\n';
    await rawRequest(multipartHead, '--zz\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n\r\n' + 'x'.repeat(500), { end: false });
    const chunkedHead = 'POST /api/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
    await rawRequest(chunkedHead, '10\r\n{"question":"nar\r\n', { end: false });
    await rawRequest(chunkedHead, 'zz\r\nnot a chunk size\r\n', { end: true });
    const mcpHead = 'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n';
    await rawRequest(mcpHead, '{"jsonrpc":"2.0","id":1,', { end: false });
    expect(await alive()).toBe(true);
  });

  it('2. charges a batch one point per question, so one point cannot buy 100 questions', async () => {
    const client = { 'x-forwarded-for': '1.1.1.1' }; // same IP anyway: every test client is 127.0.0.1
    const res = await fetch(`${app.url}/api/batch`, {
      method: 'POST',
      body: JSON.stringify({ queries: Array.from({ length: 100 }, () => 'death note') }),
      headers: { 'content-type': 'application/json', ...client },
    });
    expect(res.status).toBe(429);
    const problem = (await res.json()) as { code: string; message: string; details: { cost: number } };
    expect(problem.code).toBe('RATE_LIMITED');
    expect(problem.details.cost).toBe(100);
    expect(problem.message).toContain('needs 100');
    // A JSON-RPC batch of 100 tools/call the same.
    const calls = Array.from({ length: 100 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'anime_catalog_stats', arguments: {} } }));
    expect((await mcp(JSON.stringify(calls))).status).toBe(429);
  });

  it('2. throttles admin and locks an address out after repeated wrong keys; refusals are counted, not logged', async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${app.url}/api/admin/versions`, { headers: { 'x-api-key': `guess-${i}-xxxxxxxxxxxx` } })).status).toBe(403);
    const locked = await fetch(`${app.url}/api/admin/versions`, { headers: { 'x-api-key': ADMIN_KEY } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect(((await locked.json()) as { message: string }).message).toContain('locked');
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_admission_total\{[^}]*class="admin"[^}]*outcome="locked_out"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/gateway_admission_total\{[^}]*outcome="rate_limited"[^}]*\} [1-9]/);
    // Not one log line per refusal (the 429s above and in the batch test).
    expect(app.output()).not.toMatch(/"status":429/);
  });

  it('3. sheds past capacity with a fast 503 + Retry-After instead of queueing', async () => {
    // AGENT_CONCURRENCY=1, AGENT_QUEUE=0: a second question while one runs is refused at once.
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => fetch(`${app.url}/api/query`, { method: 'POST', body: JSON.stringify({ query: 'dark fantasy anime from the 90s' }), headers: { 'content-type': 'application/json' } })),
    );
    const statuses = answers.map((r) => r.status);
    expectEvery(statuses, (s) => expect([200, 503, 429], statuses.join(',')).toContain(s), 'the answers');
    expect(statuses).toContain(200);
    const shed = answers.find((r) => r.status === 503);
    expect(shed, statuses.join(',')).toBeDefined();
    expect(Number(shed?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await shed?.json()) as { code: string; message: string }).message).toMatch(/^Too busy: (at capacity|this server is behind)/);
    expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
  });

  it('7. maps malformed MCP calls to JSON-RPC errors: -32602 naming the field, -32700 for bad JSON', async () => {
    const noName = await rpcOf(await mcp(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { arguments: {} } })));
    expect(noName.error?.code).toBe(-32602);
    expect(noName.error?.message).toContain('params.name');
    const notObject = await rpcOf(await mcp(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'search_anime', arguments: 5 } })));
    expect(notObject.error?.code).toBe(-32602);
    expect(notObject.error?.message).toContain('params.arguments');
    const badPrompt = await rpcOf(await mcp(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'prompts/get', params: { name: 'compare_anime', arguments: { first: 5 } } })));
    expect(badPrompt.error?.code).toBe(-32602);
    for (const rpc of [noName, notObject, badPrompt]) expect(rpc.error?.message).not.toMatch(/"code":\s*"invalid_type"|\[\s*\{/);
    const malformed = await mcp('{"jsonrpc":"2.0","id":1,');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/json');
    expect(await rpcOf(malformed)).toMatchObject({ error: { code: -32700 } });
  });

  it('8. sends nosniff, frame protection and a CSP on /api and /docs, and refuses form posts to /api/query and /api/batch', async () => {
    for (const path of ['/api/tools', '/docs', '/docs/openapi.json', '/health']) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
    for (const path of ['/api/query', '/api/batch']) {
      const res = await fetch(`${app.url}${path}`, { method: 'POST', body: 'question=naruto&queries=naruto', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.status, path).toBe(415);
    }
  });

  it('9. refuses an unknown field by name and suggests the nearest one (REST and MCP)', async () => {
    const res = await fetch(`${app.url}/api/tools/search_anime`, { method: 'POST', body: JSON.stringify({ query: 'naruto' }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('"query" (did you mean "text"?)');
    const viaMcp = await rpcOf(await mcp(JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'search_anime', arguments: { query: 'naruto' } } })));
    expect(viaMcp.error?.code).toBe(-32602);
    expect(viaMcp.error?.message).toContain('did you mean "text"?');
    const query = await fetch(`${app.url}/api/query`, { method: 'POST', body: JSON.stringify({ question: 'naruto' }), headers: { 'content-type': 'application/json' } });
    expect(query.status).toBe(400);
    expect(((await query.json()) as { message: string }).message).toContain('unknown field "question" (did you mean "query"?)');
  });

  it('is still alive and serving after everything above', async () => {
    expect(await alive()).toBe(true);
    const res = await fetch(`${app.url}/api/tools/get_anime`, { method: 'POST', body: JSON.stringify({ ref: 'mal:1535' }), headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_KEY } });
    expect(res.status).toBe(200);
  });
});
