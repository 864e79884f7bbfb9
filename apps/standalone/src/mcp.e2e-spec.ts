import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { buildIntoTemp, expectEvery, expectEveryAsync, repoRoot, spawnApp, type SpawnedApp, writeSampleRelease } from '@anime/testing';

const run = promisify(execFile);

/** Polls until `check` is true (expect.poll only works inside tests, not hooks). */
async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const text = (result: CallToolResult): string => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

/** The same checks through the official SDK client, over each transport. */
function describeMcp(name: string, connect: () => Promise<Client>): void {
  describe(`MCP over ${name}`, () => {
    let client: Client;
    beforeAll(async () => {
      client = await connect();
    }, 60_000);
    afterAll(async () => client?.close());

    it('lists the catalog tools with output schemas and truthful annotations', async () => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['anime_catalog_stats', 'anime_schedule', 'ask_anime', 'compare_anime_across_platforms', 'find_similar_anime', 'find_visually_similar_anime', 'get_anime', 'get_anime_details', 'get_related_anime', 'resolve_anime_ids', 'search_anime', 'search_anime_by_description', 'search_anime_by_image', 'search_multimodal_anime']);
      expectEvery(tools, (tool) => {
        expect(tool.outputSchema?.type).toBe('object');
        // Catalog reads only our own data: read-only, idempotent, closed world. ask_anime also
        // writes the conversation turn, so it is not idempotent.
        // Live-source tools (and image tools, which may fetch a user's image URL) reach outside our data: openWorldHint.
        const live = ['get_anime_details', 'compare_anime_across_platforms', 'anime_schedule', 'search_anime_by_image', 'search_multimodal_anime'].includes(tool.name);
        expect(tool.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: tool.name !== 'ask_anime', openWorldHint: live });
      });
    });

    it('calls search_anime: structuredContent matching the schema plus a readable summary', async () => {
      const result = (await client.callTool({ name: 'search_anime', arguments: { text: 'dandadan', limit: 3 } })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ items: [{ anime: { id: 'mal:57334', title: 'Dandadan' } }] });
      expect(text(result)).toContain('Dandadan');
    });

    it('calls every other tool', async () => {
      const get = (await client.callTool({ name: 'get_anime', arguments: { ref: 'https://anilist.co/anime/171018' } })) as CallToolResult;
      expect(get.structuredContent).toMatchObject({ anime: { id: 'mal:57334' } });
      const ids = (await client.callTool({ name: 'resolve_anime_ids', arguments: { refs: ['kitsu:48269', 'mal:1'] } })) as CallToolResult;
      expect(ids.structuredContent).toMatchObject({ results: [{ found: true, id: 'mal:57334' }, { found: false }] });
      const related = (await client.callTool({ name: 'get_related_anime', arguments: { ref: 'mal:57334' } })) as CallToolResult;
      expect(related.structuredContent).toMatchObject({ anime: { id: 'mal:57334' } });
      const stats = (await client.callTool({ name: 'anime_catalog_stats', arguments: {} })) as CallToolResult;
      expect(stats.structuredContent).toMatchObject({ total: 10 });
      // No synopses are imported into this app: the plot search says so and how to import them.
      const plot = (await client.callTool({ name: 'search_anime_by_description', arguments: { text: 'a student finds a notebook that kills people' } })) as CallToolResult;
      expect(plot.isError).toBeFalsy();
      expect(plot.structuredContent).toMatchObject({ items: [], index: { entries: 10, synopses: 0, synopsisRevision: null }, notice: expect.stringContaining('npm run db:enrich -- --file') });
      expect(text(plot)).toContain('No synopses have been imported');
    });

    it('returns a failure the model should see as isError with a recovery hint', async () => {
      const result = (await client.callTool({ name: 'get_anime', arguments: { ref: 'mal:1' } })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/NOT_FOUND[\s\S]*Hint: .*search_anime/);
    });

    it('answers malformed calls with protocol errors', async () => {
      await expect(client.callTool({ name: 'search_anime', arguments: { limit: 'ten' } })).rejects.toBeInstanceOf(McpError);
      await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/Unknown tool/);
    });

    it('reads anime://{id}, anime://stats and anime://schema, and completes ids from titles', async () => {
      const { resourceTemplates } = await client.listResourceTemplates();
      expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['anime://{id}']);
      const anime = await client.readResource({ uri: 'anime://mal:57334' });
      expect(JSON.parse((anime.contents[0] as { text: string }).text)).toMatchObject({ title: 'Dandadan' });
      const stats = await client.readResource({ uri: 'anime://stats' });
      expect(JSON.parse((stats.contents[0] as { text: string }).text)).toMatchObject({ total: 10 });
      const schema = await client.readResource({ uri: 'anime://schema' });
      expect(JSON.parse((schema.contents[0] as { text: string }).text).anime.properties.title).toBeDefined();
      const completion = await client.complete({ ref: { type: 'ref/resource', uri: 'anime://{id}' }, argument: { name: 'id', value: 'dandad' } });
      expect(completion.completion.values).toContain('mal:57334');
      await expect(client.readResource({ uri: 'anime://mal:1' })).rejects.toThrow(/not found/);
    });

    it('serves the prompts with argument completion', async () => {
      const { prompts } = await client.listPrompts();
      expect(prompts.map((p) => p.name)).toEqual(expect.arrayContaining(['discover_anime', 'compare_anime', 'seasonal_overview']));
      const prompt = await client.getPrompt({ name: 'compare_anime', arguments: { first: 'Dandadan', second: 'Death Note' } });
      expect(JSON.stringify(prompt.messages)).toContain('Death Note');
      const titles = await client.complete({ ref: { type: 'ref/prompt', name: 'compare_anime' }, argument: { name: 'first', value: 'death' } });
      expect(titles.completion.values).toContain('Death Note');
      const seasons = await client.complete({ ref: { type: 'ref/prompt', name: 'seasonal_overview' }, argument: { name: 'season', value: 'sp' } });
      expect(seasons.completion.values).toEqual(['spring']);
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'mcp-'));
const release = writeSampleRelease(join(dir, 'anime-offline-database-minified.json'));
let distDir: string;
let app: SpawnedApp;

beforeAll(async () => {
  distDir = buildIntoTemp();
  // The fuzz test below sends hundreds of calls: lift the per-client limit (tested elsewhere).
  app = await spawnApp({ distDir, app: 'standalone', env: { DATA_DIR: join(dir, 'http-data'), ANIME_DB_SOURCE: release, RATE_LIMIT_POINTS: '1000000' } });
  await until(async () => (await fetch(`${app.url}/health/ready`)).status === 200, 20_000);
}, 90_000);
afterAll(async () => app?.stop());

describeMcp('streamable HTTP (/mcp)', async () => {
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`)));
  return client;
});

describeMcp('stdio', async () => {
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [join(distDir, 'apps/standalone/src/mcp-stdio.js')],
      env: { PATH: process.env['PATH'] ?? '', DATA_DIR: join(dir, 'stdio-data'), ANIME_DB_SOURCE: release, LOG_LEVEL: 'warn' },
      stderr: 'ignore',
    }),
  );
  // The dataset loads at boot: wait until the catalog answers.
  await until(async () => !((await client.callTool({ name: 'anime_catalog_stats', arguments: {} })) as CallToolResult).isError, 20_000);
  return client;
});

describe('MCP over HTTP, edges', () => {
  // HTTP only: over stdio the progress is sent too (same server code), but the SDK client handles
  // the final response before queued notifications and drops late ones, so its count is not
  // deterministic there.
  it('reports progress 0 → 1 on a tool call', async () => {
    const client = new Client({ name: 'progress', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`)));
    try {
      const progress: number[] = [];
      const result = (await client.callTool({ name: 'search_anime', arguments: { text: 'dandadan', limit: 3 } }, undefined, {
        onprogress: (p) => void progress.push(p.progress),
      })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(progress).toEqual([0, 1]);
    } finally {
      await client.close();
    }
  });

  it('refuses a non-localhost Host or Origin with 403 (DNS rebinding protection)', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const ok = await fetch(`${app.url}/mcp`, { method: 'POST', body, headers });
    expect(ok.status).toBe(200);
    // fetch cannot forge Host; use a raw request through node:http.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${app.url}/mcp`, { method: 'POST', headers: { ...headers, host: 'evil.example.com' } }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(403);
    const badOrigin = await fetch(`${app.url}/mcp`, { method: 'POST', body, headers: { ...headers, origin: 'https://evil.example.com' } });
    expect(badOrigin.status).toBe(403);
  });

  it('survives fuzzed tool arguments: every call ends as a result or a protocol error, never a crash', async () => {
    const client = new Client({ name: 'fuzz', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`)));
    const { tools } = await client.listTools();
    await expectEveryAsync(tools, async (tool) => {
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.constantFrom('text', 'ref', 'refs', 'filters', 'limit', 'query', 'fields', 'sources', 'cursor', 'x'), fc.anything()), async (args) => {
          const outcome = await client.callTool({ name: tool.name, arguments: args }).then(
            (r) => ('content' in r ? 'result' : 'other'),
            (e: unknown) => (e instanceof McpError && e.code === -32602 ? 'protocol-error' : `unexpected: ${String(e)}`),
          );
          expect(['result', 'protocol-error']).toContain(outcome);
        }),
        { numRuns: 40, seed: 42 },
      );
    });
    // Still healthy afterwards.
    expect(((await client.callTool({ name: 'search_anime', arguments: { text: 'dandadan' } })) as CallToolResult).isError).toBeFalsy();
    await client.close();
  }, 120_000);

  it('passes an inspector-cli smoke on both transports (list tools, call search_anime)', async () => {
    // inspector-cli resolves ../package.json from its working directory.
    const cwd = join(dir, 'inspector', 'sub');
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(dir, 'inspector', 'package.json'), '{"name":"inspector-smoke"}');
    const cli = join(repoRoot(), 'node_modules/@modelcontextprotocol/inspector-cli/build/cli.js');
    const viaHttp = await run(process.execPath, [cli, '--cli', `${app.url}/mcp`, '--transport', 'http', '--method', 'tools/list'], { cwd });
    expect((JSON.parse(viaHttp.stdout) as { tools: Array<{ name: string }> }).tools.map((t) => t.name)).toContain('search_anime');
    const call = await run(process.execPath, [cli, '--cli', `${app.url}/mcp`, '--transport', 'http', '--method', 'tools/call', '--tool-name', 'search_anime', '--tool-arg', 'text=Dandadan'], { cwd });
    const result = JSON.parse(call.stdout) as CallToolResult;
    expect(result.isError).toBeFalsy(); // the CLI exits 0 even for isError: check the JSON
    expect(result.structuredContent).toMatchObject({ items: [{ anime: { id: 'mal:57334' } }] });
    const viaStdio = await run(
      process.execPath,
      [cli, '--cli', process.execPath, join(distDir, 'apps/standalone/src/mcp-stdio.js'), '-e', `DATA_DIR=${join(dir, 'http-data')}`, '-e', 'INGEST_ON_START=false', '-e', 'LOG_LEVEL=silent', '--method', 'tools/call', '--tool-name', 'search_anime', '--tool-arg', 'text=dandadan'],
      { cwd, timeout: 60_000 },
    );
    expect((JSON.parse(viaStdio.stdout) as CallToolResult).structuredContent).toMatchObject({ items: [{ anime: { id: 'mal:57334' } }] });
  }, 90_000);
});
