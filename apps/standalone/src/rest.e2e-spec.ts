import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntoTemp, expectEvery, expectEveryAsync, spawnApp, type SpawnedApp, writeSampleRelease } from '@anime/testing';

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  message: string;
  errorId: string;
  details?: { issues?: Array<{ path: string; message: string }>; tools?: string[] };
  hint?: string;
  retryAfterMs?: number;
}
interface ToolListing {
  name: string;
  description: string;
  annotations: { title: string; readOnlyHint: boolean };
  inputSchema: { type?: string; properties?: Record<string, unknown> };
  outputSchema: Record<string, unknown>;
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { operationId?: string; requestBody?: unknown }>>;
  components: { schemas: Record<string, unknown> };
}

const ALLOWED_ORIGIN = 'https://console.example';

/** Text a client might send where a string goes: any unicode, URLs, ids of every shape. */
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 80 }), fc.webUrl(), fc.stringMatching(/^[a-z]{0,12}:[0-9a-z-]{0,12}$/));

/**
 * For every tool: a valid body, what its answer must contain (from the real 10-entry sample), and
 * fuzzed bodies of the tool's own shape (they pass validation, so they reach the services).
 */
const VALID_CALLS: Record<string, { body: unknown; check(output: Record<string, unknown>): void; fuzz: fc.Arbitrary<unknown> }> = {
  search_anime: {
    body: { text: 'dandadan' },
    fuzz: fc.record({ text: anyText, limit: fc.integer({ min: 1, max: 50 }) }, { requiredKeys: ['text'] }),
    check: (out) => expect((out['items'] as Array<{ anime: { id: string; title: string } }>)[0]?.anime).toMatchObject({ id: 'mal:57334', title: 'Dandadan' }),
  },
  get_anime: {
    body: { ref: 'https://kitsu.app/anime/48269' },
    fuzz: fc.record({ ref: anyText }),
    check: (out) => expect(out['anime']).toMatchObject({ id: 'mal:57334', title: 'Dandadan' }),
  },
  resolve_anime_ids: {
    body: { refs: ['https://anilist.co/anime/1535', 'mal:1'] },
    fuzz: fc.record({ refs: fc.array(anyText, { minLength: 1, maxLength: 5 }) }),
    check: (out) =>
      expect(out['results']).toEqual([
        expect.objectContaining({ ref: 'https://anilist.co/anime/1535', found: true, id: 'mal:1535', title: 'Death Note' }),
        expect.objectContaining({ ref: 'mal:1', found: false }),
      ]),
  },
  get_related_anime: {
    body: { ref: 'mal:57334' },
    fuzz: fc.record({ ref: anyText }),
    check: (out) => {
      expect(out['anime']).toMatchObject({ id: 'mal:57334' });
      // 16 related URLs in the release, none of them among the 10 sample entries.
      expect((out['unresolved'] as string[]).length).toBeGreaterThan(0);
    },
  },
  anime_catalog_stats: {
    body: {},
    fuzz: fc.constant({}),
    check: (out) => expect(out).toMatchObject({ total: 10, dataset: { lastUpdate: '2025-07-21' } }),
  },
  get_anime_details: {
    body: { ref: 'mal:57334', fields: ['synopsis'] },
    fuzz: fc.record({ ref: anyText, fields: fc.subarray(['synopsis', 'score', 'episodes', 'streaming'] as const) }),
    check: (out) => {
      // Every live source is down here: the offline fields still answer and each source says why.
      expect(out['offline']).toMatchObject({ id: 'mal:57334', title: 'Dandadan' });
      expect(out['fields']).toEqual({ synopsis: [] });
      const sources = out['sources'] as Array<{ name: string; status: string }>;
      expect(sources.filter((s) => ['anilist', 'jikan', 'kitsu'].includes(s.name)).map((s) => s.status)).toEqual(['unavailable', 'unavailable', 'unavailable']);
      // Scraped sites are asked only on demand (named, or a field only they have).
      expect(sources.filter((s) => !['anilist', 'jikan', 'kitsu'].includes(s.name)).map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    },
  },
  compare_anime_across_platforms: {
    body: { ref: 'mal:57334' },
    fuzz: fc.record({ ref: anyText }),
    check: (out) => expect(out).toMatchObject({ id: 'mal:57334', offline: { episodes: 12 }, platforms: [] }),
  },
  anime_schedule: {
    body: { day: 'tomorrow', timezone: 'Europe/Berlin' },
    fuzz: fc.record({ day: fc.constantFrom('today', 'tomorrow', 'friday'), timezone: fc.constantFrom('UTC', 'Asia/Tokyo', 'America/Los_Angeles') }),
    check: (out) => {
      // Every schedule upstream is unreachable here: the answer says so instead of an empty success.
      expect(out).toMatchObject({ timezone: 'Europe/Berlin', items: [] });
      const sources = Object.fromEntries((out['sources'] as Array<{ name: string; status: string }>).map((s) => [s.name, s.status]));
      expect(sources).toMatchObject({ animeschedule: 'unavailable', anilist: 'unavailable', jikan: 'unavailable' });
      expect((out['warnings'] as string[]).length).toBeGreaterThan(0);
    },
  },
  ask_anime: {
    // A structured query: answered without natural-language understanding, so the check is exact.
    body: { query: { anime_id: 'https://anilist.co/anime/171018', fields: [] } },
    fuzz: fc.record({ query: anyText }),
    check: (out) => {
      expect((out['items'] as Array<{ id: string }>)[0]).toMatchObject({ id: 'mal:57334' });
      expect(out).toMatchObject({ answer: expect.any(String), session_id: expect.any(String) });
    },
  },
  // Vector tools (issue #6). This app has no CLIP model: the answers say so instead of failing.
  search_anime_by_image: {
    body: { image_base64: 'iVBORw0KGgo=' },
    fuzz: fc.record({ image_base64: fc.base64String({ maxLength: 200 }), limit: fc.integer({ min: 1, max: 50 }) }),
    check: (out) => expect(out).toMatchObject({ items: [], lowConfidence: true, warnings: [expect.stringContaining('semantic search unavailable')] }),
  },
  find_visually_similar_anime: {
    body: { ref: 'mal:57334' },
    fuzz: fc.record({ ref: anyText, excludeFranchise: fc.boolean() }),
    check: (out) => expect(out).toMatchObject({ anime: { id: 'mal:57334' }, items: [], warnings: [expect.stringContaining('semantic search unavailable')] }),
  },
  search_multimodal_anime: {
    body: { text: 'a red-haired girl and a mecha' },
    fuzz: fc.record({ text: anyText, weights: fc.record({ text: fc.double({ min: 0, max: 1, noNaN: true }), image: fc.double({ min: 0, max: 1, noNaN: true }) }) }),
    check: (out) => expect(out).toMatchObject({ items: [], used: { text: false, image: false }, warnings: [expect.stringContaining('semantic search unavailable')] }),
  },
  find_similar_anime: {
    body: { ref: 'Dandadan', limit: 5 },
    fuzz: fc.record({ ref: anyText, excludeFranchise: fc.boolean(), limit: fc.integer({ min: 1, max: 50 }) }),
    check: (out) => {
      expect(out['anime']).toMatchObject({ id: 'mal:57334' });
      expectEvery(out['items'] as Array<{ why: string[] }>, (item) => expect(item.why.length).toBeGreaterThan(0), 'the similar anime');
      expect((out['warnings'] as string[])[0]).toContain('tags, relations and studios only');
    },
  },
  // Plot search (issue #17). No synopses are imported into this app: the answer says so and names
  // the import command, instead of an empty "nothing matched".
  search_anime_by_description: {
    body: { text: 'a student finds a notebook that kills people' },
    fuzz: fc.record(
      {
        text: anyText,
        yearHint: fc.record({ min: fc.integer({ min: 1900, max: 2100 }) }),
        types: fc.subarray(['TV', 'MOVIE', 'OVA', 'ONA', 'SPECIAL', 'UNKNOWN'] as const, { minLength: 1 }),
        limit: fc.integer({ min: 1, max: 50 }),
      },
      { requiredKeys: ['text'] },
    ),
    check: (out) => expect(out).toMatchObject({ items: [], index: { entries: 10, synopses: 0, synopsisRevision: null }, notice: expect.stringContaining('npm run db:enrich -- --file') }),
  },
};

// The REST face of the tool registry, OpenAPI/Swagger UI, HTTP errors, rate limits and CORS of
// `npm start` (embedded mode), over real HTTP against the real sample dataset.
describe('REST API (embedded)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rest-'));
  const release = join(dir, 'anime-offline-database-minified.json');
  let distDir: string;
  let app: SpawnedApp;
  let tools: ToolListing[];

  beforeAll(async () => {
    writeSampleRelease(release, '2025-07-21');
    distDir = buildIntoTemp();
    app = await spawnApp({
      distDir,
      app: 'standalone',
      // Limits high enough for the fuzzing below; the limiter itself is tested on its own app.
      // Live sources point at a closed port: they fail at once, and the tools must say so.
      env: {
        DATA_DIR: join(dir, 'data'),
        ANIME_DB_SOURCE: release,
        CORS_ORIGINS: ALLOWED_ORIGIN,
        RATE_LIMIT_POINTS: '1000000',
        ANILIST_BASE_URL: 'http://127.0.0.1:1',
        JIKAN_BASE_URL: 'http://127.0.0.1:1/v4',
        KITSU_BASE_URL: 'http://127.0.0.1:1/api/edge',
        ANIMESCHEDULE_BASE_URL: 'http://127.0.0.1:1/api/v3',
      },
      // Ready = the sample was ingested at boot (INGEST_ON_START defaults to true).
      readyPath: '/health/ready',
      timeoutMs: 40_000,
    });
    tools = ((await (await fetch(`${app.url}/api/tools`)).json()) as { tools: ToolListing[] }).tools;
  }, 60_000);
  afterAll(async () => app?.stop());

  const post = (path: string, body: string | undefined, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${app.url}${path}`, { method: 'POST', body, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers } });
  const problemOf = async (res: Response): Promise<Problem> => {
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    return (await res.json()) as Problem;
  };

  it('lists every tool with its JSON Schemas, and has a valid call for each', () => {
    expect(tools.map((t) => t.name).sort()).toEqual(Object.keys(VALID_CALLS).sort());
    expectEvery(
      tools,
      (tool) => {
        expect(tool.description.length).toBeGreaterThan(20);
        expect(tool.annotations).toMatchObject({ title: expect.any(String), readOnlyHint: true });
        expect(tool.inputSchema).toMatchObject({ type: 'object' });
        expect(tool.outputSchema).toMatchObject({ type: 'object' });
      },
      'the tool list',
    );
  });

  it.each(Object.keys(VALID_CALLS))('POST /api/tools/%s answers its structured output', async (name) => {
    const call = VALID_CALLS[name]!;
    const res = await post(`/api/tools/${name}`, JSON.stringify(call.body));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    call.check((await res.json()) as Record<string, unknown>);
  });

  it('treats a missing body as no arguments (a tool without parameters)', async () => {
    const res = await post('/api/tools/anime_catalog_stats', undefined);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ total: 10 });
  });

  it('rejects a body that does not fit the tool with 400 and field details', async () => {
    const res = await post('/api/tools/search_anime', JSON.stringify({ text: 42, limit: 'many', bogus: true }));
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, errorId: expect.any(String) });
    expect(problem.details?.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['text', 'limit']));
  });

  it('answers an unknown tool with 404 naming the known tools', async () => {
    const res = await post('/api/tools/no_such_tool', '{}');
    expect(res.status).toBe(404);
    const problem = await problemOf(res);
    expect(problem.code).toBe('NOT_FOUND');
    expect(problem.details?.tools?.sort()).toEqual(tools.map((t) => t.name).sort());
    expectEvery(tools, (tool) => expect(problem.message).toContain(tool.name), 'the tool list');
  });

  it('maps a tool failure to its status, with the tool\'s recovery hint', async () => {
    const res = await post('/api/tools/get_anime', JSON.stringify({ ref: 'mal:1' }));
    expect(res.status).toBe(404);
    const problem = await problemOf(res);
    expect(problem).toMatchObject({ code: 'NOT_FOUND', status: 404, title: 'NOT_FOUND', tool: 'get_anime', errorId: expect.any(String) });
    expect(problem.hint).toContain('search_anime');
  });

  it('refuses a body over HTTP_BODY_LIMIT (default 256kb) with 413, and malformed JSON with 400', async () => {
    const big = await post('/api/tools/search_anime', JSON.stringify({ text: 'x'.repeat(300 * 1024) }), { 'x-request-id': 'too-big-1' });
    expect(big.status).toBe(413);
    expect(big.headers.get('x-request-id')).toBe('too-big-1');
    expect(await problemOf(big)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    // Under the limit it reaches the tool (whose own schema then decides).
    expect((await post('/api/tools/search_anime', JSON.stringify({ text: 'x'.repeat(100 * 1024) }))).status).toBe(400);

    const malformed = await post('/api/tools/search_anime', '{"text": dandadan');
    expect(malformed.status).toBe(400);
    expect(await problemOf(malformed)).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    const notJson = await fetch(`${app.url}/api/tools/search_anime`, { method: 'POST', body: 'text=dandadan', headers: { 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(415);
    expect(await problemOf(notJson)).toMatchObject({ status: 415 });
  });

  it('answers a wrong method on a known path with 405 and Allow; an unknown path stays 404', async () => {
    const get = await fetch(`${app.url}/api/tools/search_anime`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await problemOf(get)).toMatchObject({ status: 405 });
    const del = await fetch(`${app.url}/health`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, HEAD');
    const admin = await fetch(`${app.url}/api/admin/jobs/some-id`, { method: 'POST' });
    expect(admin.status).toBe(405);
    expect(admin.headers.get('allow')).toBe('GET, HEAD');
    const unknown = await fetch(`${app.url}/no/such/route`, { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('allow')).toBeNull();
  });

  it('serves a valid OpenAPI 3.1 document with every tool, health, admin and metrics route', async () => {
    const res = await fetch(`${app.url}/docs/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApi;
    expect(doc.openapi).toBe('3.1.0');
    await SwaggerParser.validate(structuredClone(doc) as never);
    expectEvery(tools, (tool) => expect(doc.paths[`/api/tools/${tool.name}`]?.['post']).toMatchObject({ operationId: tool.name, requestBody: expect.anything() }), 'the tool list');
    for (const path of ['/api/tools', '/health', '/health/ready', '/metrics', '/docs', '/docs/openapi.json', '/api/admin/update-full', '/api/admin/jobs/{id}', '/api/admin/schedule-weekly-update']) {
      expect(doc.paths).toHaveProperty([path]);
    }
    expect(doc.components.schemas).toHaveProperty('Problem');
  });

  it('documents exactly the methods the server routes (the 405 Allow header of each documented path)', async () => {
    const doc = (await (await fetch(`${app.url}/docs/openapi.json`)).json()) as OpenApi;
    await expectEveryAsync(
      Object.entries(doc.paths),
      async ([path, item]) => {
        const res = await fetch(`${app.url}${path.replace(/\{[^}]+\}/g, 'x')}`, { method: 'PATCH' });
        expect(res.status, path).toBe(405);
        const documented = Object.keys(item).map((m) => m.toUpperCase());
        if (documented.includes('GET')) documented.push('HEAD');
        expect(res.headers.get('allow')?.split(', ').sort(), path).toEqual(documented.sort());
      },
      'the documented paths',
    );
  });

  it('serves Swagger UI from local assets only (works offline)', async () => {
    const res = await fetch(`${app.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('id="swagger-ui"');
    const refs = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(3);
    expect(refs.every((r) => r.startsWith('/docs/'))).toBe(true); // no CDN
    for (const ref of refs) {
      const asset = await fetch(`${app.url}${ref}`);
      expect(asset.status, ref).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, ref).toBeGreaterThan(0);
    }
    const initializer = await (await fetch(`${app.url}/docs/assets/swagger-initializer.js`)).text();
    expect(initializer).toContain("'/docs/openapi.json'");
    expect((await fetch(`${app.url}/docs/assets/package.json`)).status).toBe(404);
    expect((await fetch(`${app.url}/docs/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('sends CORS headers to an allowed origin only', async () => {
    const allowed = await fetch(`${app.url}/api/tools`, { headers: { origin: ALLOWED_ORIGIN } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    const exposed = allowed.headers.get('access-control-expose-headers')?.toLowerCase().split(',') ?? [];
    expect(exposed).toEqual(expect.arrayContaining(['x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining']));
    const preflight = await fetch(`${app.url}/api/tools/search_anime`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');

    const other = await fetch(`${app.url}/api/tools`, { headers: { origin: 'https://elsewhere.example' } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  // One test per tool (the first test proves VALID_CALLS names exactly the served tools).
  it.each(Object.keys(VALID_CALLS))('never answers 5xx to fuzzed bodies: %s', async (name) => {
    const keys = Object.keys(tools.find((t) => t.name === name)?.inputSchema.properties ?? {});
    // Arbitrary values, raw JSON texts (primitives, arrays), plain garbage, objects that use the
    // tool's own field names (reaching the field validators), and bodies of the tool's own shape
    // (reaching the services behind it).
    const body = fc.oneof(
      VALID_CALLS[name]!.fuzz.map((v) => JSON.stringify(v)),
      fc.anything().map((v) => JSON.stringify(v)),
      fc.json(),
      fc.string(),
      fc.object().map((v) => JSON.stringify(v)),
      keys.length ? fc.dictionary(fc.constantFrom(...keys), fc.anything()).map((v) => JSON.stringify(v)) : fc.constant('{}'),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await post(`/api/tools/${name}`, text);
        const payload = await res.text();
        if (res.status >= 500) throw new Error(`${name} answered ${res.status} to ${text}: ${payload}`);
        expect(res.headers.get('content-type')).toMatch(/application\/(problem\+)?json/);
      }),
      { numRuns: 150, seed: 20_251_125 },
    );
  }, 60_000);

  describe('with low rate limits (a second embedded app)', () => {
    const KNOWN_KEY = 'known-client-key-0000000001';
    let limited: SpawnedApp;

    beforeAll(async () => {
      limited = await spawnApp({
        distDir,
        app: 'standalone',
        // A long window, so the budget cannot refill while the test runs.
        env: { DATA_DIR: join(dir, 'data-limited'), INGEST_ON_START: 'false', RATE_LIMIT_POINTS: '5', RATE_LIMIT_WINDOW_S: '3600', HTTP_BODY_LIMIT: '1kb', ADMIN_API_KEYS: KNOWN_KEY },
      });
    }, 30_000);
    afterAll(async () => limited?.stop());

    const list = (headers: Record<string, string> = {}): Promise<Response> => fetch(`${limited.url}/api/tools`, { headers });

    it('refuses a flooding client with 429 + Retry-After; made-up keys share the IP budget, a key that authenticates has its own', async () => {
      const flooder = { 'x-api-key': 'made-up-client-key-1' }; // not a key of this server: counted by IP
      for (let i = 0; i < 5; i++) {
        const res = await list(flooder);
        expect(res.status).toBe(200);
        expect(res.headers.get('ratelimit-limit')).toBe('5');
        expect(res.headers.get('ratelimit-remaining')).toBe(String(4 - i));
      }
      const refused = await list(flooder);
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      const problem = await problemOf(refused);
      expect(problem).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
      expect(problem.retryAfterMs).toBeGreaterThan(0);
      // Minting another key (issue #15) buys nothing: made-up keys and no key spend the same IP budget.
      expect((await list({ 'x-api-key': 'made-up-client-key-2' })).status).toBe(429);
      expect((await list({ authorization: 'Bearer made-up-client-key-3' })).status).toBe(429);
      expect((await list()).status).toBe(429);
      expect((await fetch(`${limited.url}/api/tools/anime_catalog_stats`, { method: 'POST', headers: flooder })).status).toBe(429);

      // A key the server knows is its own client, however the key is sent.
      const known = await list({ 'x-api-key': KNOWN_KEY });
      expect(known.status).toBe(200);
      expect(known.headers.get('ratelimit-remaining')).toBe('4');
      const again = await list({ authorization: `Bearer ${KNOWN_KEY}` });
      expect(again.headers.get('ratelimit-remaining')).toBe('3');
    });

    it('does not limit health, metrics, docs or admin', async () => {
      const key = { 'x-api-key': 'made-up-client-key-1' }; // its IP is over its budget above
      for (let i = 0; i < 8; i++) {
        for (const path of ['/health', '/metrics', '/docs/openapi.json']) {
          const res = await fetch(`${limited.url}${path}`, { headers: key });
          expect(res.status, path).toBe(200);
          expect(res.headers.get('ratelimit-limit'), path).toBeNull();
        }
        expect((await fetch(`${limited.url}/api/admin/versions`, { headers: key })).status).toBe(403); // a wrong admin key (its own limiter), not 429
      }
    });

    it('applies HTTP_BODY_LIMIT from the env', async () => {
      const res = await fetch(`${limited.url}/api/tools/search_anime`, {
        method: 'POST',
        body: JSON.stringify({ text: 'x'.repeat(2048) }),
        headers: { 'content-type': 'application/json', 'x-api-key': 'body-limit-client-3' },
      });
      expect(res.status).toBe(413);
      expect(await problemOf(res)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('1024') });
    });
  });
});
